-- user-service's tables in PostgreSQL (the postgresql profile: docker-compose.yml, scripts/prod-path-test.sh).
-- Runs at every start (spring.sql.init.mode=always) against a database that may already hold them (a restarted
-- container on its volume): IF NOT EXISTS makes a second run change nothing.
CREATE TABLE IF NOT EXISTS users (
    id        VARCHAR(64) PRIMARY KEY,
    name      VARCHAR(200) NOT NULL,
    tenant_id VARCHAR(64)  NOT NULL,
    status    VARCHAR(32)  NOT NULL
);

-- Everything that happened to an account. Its index on (user_id, created_at) is created by data-postgresql.sql, after
-- the rows; the slow account's unbounded lookup (see AccountHistory) reads nearly the whole table with or without it.
CREATE TABLE IF NOT EXISTS account_events (
    id           BIGSERIAL PRIMARY KEY,
    user_id      VARCHAR(64) NOT NULL,
    type         VARCHAR(32) NOT NULL,
    amount_cents BIGINT      NOT NULL,
    created_at   TIMESTAMP   NOT NULL
);

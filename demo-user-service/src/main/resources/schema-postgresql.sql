CREATE TABLE users (
    id        VARCHAR(64) PRIMARY KEY,
    name      VARCHAR(200) NOT NULL,
    tenant_id VARCHAR(64)  NOT NULL,
    status    VARCHAR(32)  NOT NULL
);

-- Everything that happened to an account. Deliberately without an index on user_id: see AccountHistory.
CREATE TABLE account_events (
    id           BIGSERIAL PRIMARY KEY,
    user_id      VARCHAR(64) NOT NULL,
    type         VARCHAR(32) NOT NULL,
    amount_cents BIGINT      NOT NULL,
    created_at   TIMESTAMP   NOT NULL
);

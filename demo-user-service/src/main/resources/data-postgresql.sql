-- The data of data.sql in PostgreSQL's dialect (docker-compose.yml runs user-service against PostgreSQL).
INSERT INTO users (id, name, tenant_id, status) VALUES
    ('u_1001', 'Ada Lovelace', 'acme', 'active'),
    ('u_1002', 'Alan Turing', 'globex', 'active'),
    ('u_1003', 'Edsger Dijkstra', 'acme', 'suspended'),
    ('slow', 'Grace Hopper', 'initech', 'active');

INSERT INTO account_events (user_id, type, amount_cents, created_at)
SELECT u.id, CASE MOD(x, 5) WHEN 0 THEN 'refund' ELSE 'payment' END, MOD(x * 7919, 20000),
       now() - x * interval '1 hour'
FROM users u CROSS JOIN generate_series(1, 20) AS x
WHERE u.id <> 'slow';

INSERT INTO account_events (user_id, type, amount_cents, created_at)
SELECT 'slow', CASE WHEN x > 5000 AND MOD(x, 50) = 0 THEN 'chargeback' WHEN MOD(x, 50) = 1 THEN 'refund' ELSE 'payment' END,
       MOD(x * 7919, 20000), now() - x * interval '1 hour'
FROM generate_series(1, 150000) AS x;

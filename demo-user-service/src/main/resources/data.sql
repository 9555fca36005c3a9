INSERT INTO users (id, name, tenant_id, status) VALUES
    ('u_1001', 'Ada Lovelace', 'acme', 'active'),
    ('u_1002', 'Alan Turing', 'globex', 'active'),
    ('u_1003', 'Edsger Dijkstra', 'acme', 'suspended'),
    ('slow', 'Grace Hopper', 'initech', 'active');

-- A few events for the ordinary accounts...
INSERT INTO account_events (user_id, type, amount_cents, created_at)
SELECT u.id, CASE MOD(x, 5) WHEN 0 THEN 'refund' ELSE 'payment' END, MOD(x * 7919, 20000),
       DATEADD('HOUR', -x, CURRENT_TIMESTAMP)
FROM users u CROSS JOIN SYSTEM_RANGE(1, 20)
WHERE u.id <> 'slow';

-- ...and seventeen years of hourly history for the old account 'slow': 150,000 events, 2,160 of them in the last
-- 90 days (its chargebacks are all older).
INSERT INTO account_events (user_id, type, amount_cents, created_at)
SELECT 'slow', CASE WHEN x > 5000 AND MOD(x, 50) = 0 THEN 'chargeback' WHEN MOD(x, 50) = 1 THEN 'refund' ELSE 'payment' END,
       MOD(x * 7919, 20000), DATEADD('HOUR', -x, CURRENT_TIMESTAMP)
FROM SYSTEM_RANGE(1, 150000);

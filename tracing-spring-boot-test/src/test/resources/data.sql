INSERT INTO users (id, name) VALUES ('u_1', 'Ada'), ('u_2', 'Grace');

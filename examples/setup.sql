-- Rows for the tables of examples/versions (001, 002), loaded by the integration tests before
-- examples/add-user-preferences.yaml runs, so the migration is proven on tables that hold data.
INSERT INTO migration.users (id, email, status) VALUES (1, 'ada@example.com', 'active'), (2, 'grace@example.com', NULL);
INSERT INTO migration.assets (id, custom_attributes, deleted_at) VALUES (1, '{"rack": "A1"}', NULL), (2, '{}', now());

import type { RawOperation } from '../../src/operations/registry.js';
import { holding, testOperation } from '../support/operation-tester.js';

const TEMP: RawOperation[] = [
  { op: 'create_table', table: 'temp', comment: 'Imports', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'payload', type: 'jsonb', check: "jsonb_typeof(payload) = 'object'" }] },
  { op: 'create_index', table: 'temp', columns: ['payload'], using: 'gin' },
];

testOperation('drop_table', {
  valid: [
    {
      name: 'with its columns, the downgrade re-creates it (empty)',
      operation: { op: 'drop_table', table: 'temp', columns: [{ name: 'id', type: 'bigint', primary_key: true }] },
      upgrade: ['DROP TABLE IF EXISTS public.temp'],
      downgrade: [
        'CREATE TABLE IF NOT EXISTS public.temp (\n    id bigint NOT NULL\n)',
        holding("pg_temp.cm_expect_table('public.temp', 'id bigint NOT NULL', '{}', ARRAY['pk_temp']) = 'incomplete'", 'ADD COLUMN IF NOT EXISTS id bigint NOT NULL;'),
        "SELECT pg_temp.cm_expect_constraint('public.temp', 'pk_temp', 'PRIMARY KEY (id)')",
        holding("conname = 'pk_temp'", 'ADD CONSTRAINT pk_temp PRIMARY KEY (id);'),
      ],
      warnings: { '': 'drops table temp and every row in it; the downgrade re-creates the table, not its rows; code that still uses it breaks the moment the drop commits; the expand/contract way: stop using it in one release, drop it in a later one' },
    },
    {
      name: 'by name alone: the known schema gives its columns, comment, constraints and indexes',
      known: TEMP,
      operation: { op: 'drop_table', table: 'temp' },
      upgrade: ['DROP TABLE IF EXISTS public.temp'],
      downgrade: [
        'CREATE TABLE IF NOT EXISTS public.temp (\n    id bigint NOT NULL,\n    payload jsonb\n)',
        holding("'id bigint NOT NULL, payload jsonb',\n        '{}',\n        ARRAY['pk_temp', 'ck_temp_payload', 'ix_temp_payload']\n    ) = 'incomplete'", 'ADD COLUMN IF NOT EXISTS payload jsonb;'),
        "SELECT pg_temp.cm_expect_constraint('public.temp', 'pk_temp', 'PRIMARY KEY (id)')",
        holding("pg_temp.cm_expect_constraint(\n    'public.temp',\n    'ck_temp_payload',\n    $$CHECK (jsonb_typeof(payload) = 'object')$$\n)"),
        "SELECT pg_temp.cm_expect_index('public.temp', 'public.ix_temp_payload', false, 'USING gin (payload)')",
        "COMMENT ON TABLE public.temp IS 'Imports'",
        holding("conname = 'pk_temp'", 'PRIMARY KEY (id);'),
        holding("conname = 'ck_temp_payload'", "CHECK (jsonb_typeof(payload) = 'object');"),
        'CREATE INDEX IF NOT EXISTS ix_temp_payload\n    ON public.temp USING gin (payload)',
      ],
      warnings: { '': 'drops table temp and every row in it; the downgrade re-creates the table as the schema knows it, not its rows; code that still uses it breaks the moment the drop commits; the expand/contract way: stop using it in one release, drop it in a later one' },
    },
    {
      name: 'after a rename in the same spec: the re-created check and index name the column as it is now',
      known: TEMP,
      before: [{ op: 'rename_column', table: 'temp', from: 'payload', to: 'body' }],
      operation: { op: 'drop_table', table: 'temp' },
      upgrade: ['DROP TABLE IF EXISTS public.temp'],
      downgrade: [
        'CREATE TABLE IF NOT EXISTS public.temp (\n    id bigint NOT NULL,\n    body jsonb\n)',
        holding("'id bigint NOT NULL, body jsonb',\n        '{}',\n        ARRAY['pk_temp', 'ck_temp_payload', 'ix_temp_payload']\n    ) = 'incomplete'", 'ADD COLUMN IF NOT EXISTS body jsonb;'),
        "SELECT pg_temp.cm_expect_constraint('public.temp', 'pk_temp', 'PRIMARY KEY (id)')",
        holding("pg_temp.cm_expect_constraint(\n    'public.temp',\n    'ck_temp_payload',\n    $$CHECK (jsonb_typeof(body) = 'object')$$\n)"),
        "SELECT pg_temp.cm_expect_index('public.temp', 'public.ix_temp_payload', false, 'USING gin (body)')",
        "COMMENT ON TABLE public.temp IS 'Imports'",
        holding("conname = 'pk_temp'", 'PRIMARY KEY (id);'),
        holding("conname = 'ck_temp_payload'", "CHECK (jsonb_typeof(body) = 'object');"),
        'CREATE INDEX IF NOT EXISTS ix_temp_payload\n    ON public.temp USING gin (body)',
      ],
      warnings: { '': 'drops table temp and every row in it; the downgrade re-creates the table as the schema knows it, not its rows; code that still uses it breaks the moment the drop commits; the expand/contract way: stop using it in one release, drop it in a later one' },
    },
    {
      name: 'by name alone, unknown: the downgrade refuses, and a warning says so',
      operation: { op: 'drop_table', table: 'temp' },
      upgrade: ['DROP TABLE IF EXISTS public.temp'],
      downgrade: ['REFUSE: drop_table dropped temp without its columns in the spec, so it cannot be re-created'],
      warnings: { '': 'drops table temp and every row in it; without columns the downgrade cannot re-create it and will refuse to run; code that still uses it breaks the moment the drop commits; the expand/contract way: stop using it in one release, drop it in a later one' },
    },
  ],
  invalid: [
    {
      name: 'columns that are not a list',
      operation: { op: 'drop_table', table: 'temp', columns: 'id' },
      problems: { columns: 'must be a list, not string "id"' },
    },
  ],
});

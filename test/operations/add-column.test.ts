import type { RawOperation } from '../../src/operations/registry.js';
import { autocommit, holding, testOperation } from '../support/operation-tester.js';

const USERS: RawOperation[] = [{ op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'bigint', primary_key: true }] }];
const ORGS: RawOperation = { op: 'create_table', table: 'orgs', columns: [{ name: 'id', type: 'uuid', primary_key: true }] };

/** The shape check before ADD COLUMN (and before the downgrade's DROP COLUMN): the column's definition after its name. */
const checked = (column: string, definition: string): unknown => holding(`pg_temp.cm_expect_column(`, `'public.users'`, `'${column}'`, definition);

/** What completes a NOT NULL column found nullable: (its default and its fill,) then NOT NULL proven by a CHECK; each guarded. */
function completed(column: string, withDefault: boolean): unknown[] {
  const check = `ck_users_${column}_not_null`;
  return [
    ...(withDefault
      ? [holding('AND NOT atthasdef', `ALTER COLUMN ${column} SET DEFAULT`), holding('AUTOCOMMIT: DO', 'AND NOT attnotnull', 'RETURN;', `UPDATE public.users SET ${column} =`, 'COMMIT;')]
      : []),
    holding('AND NOT attnotnull', `ADD CONSTRAINT ${check} CHECK (${column} IS NOT NULL) NOT VALID;`),
    holding('AUTOCOMMIT: DO', `VALIDATE CONSTRAINT ${check};`),
    holding('AND NOT attnotnull', `ALTER TABLE public.users ALTER COLUMN ${column} SET NOT NULL;`),
    `ALTER TABLE IF EXISTS public.users\n    DROP CONSTRAINT IF EXISTS ${check}`,
  ];
}

testOperation('add_column', {
  valid: [
    {
      name: 'NOT NULL with a default: one guarded statement that fills the rows; the downgrade drops the column',
      operation: { op: 'add_column', table: 'users', column: { name: 'preferences', type: 'jsonb', nullable: false, server_default: "'{}'::jsonb" } },
      upgrade: [checked('preferences', "$$jsonb NOT NULL DEFAULT '{}'::jsonb$$"), "ALTER TABLE public.users\n    ADD COLUMN IF NOT EXISTS preferences jsonb NOT NULL DEFAULT '{}'::jsonb", ...completed('preferences', true)],
      downgrade: [checked('preferences', "$$jsonb NOT NULL DEFAULT '{}'::jsonb$$"), 'ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS preferences'],
    },
    {
      name: 'NOT NULL without a default: a warning that it fails on a table with rows',
      operation: { op: 'add_column', table: 'users', column: { name: 'nickname', type: 'text', nullable: false } },
      upgrade: [checked('nickname', "'text NOT NULL'"), 'ALTER TABLE public.users ADD COLUMN IF NOT EXISTS nickname text NOT NULL', ...completed('nickname', false)],
      downgrade: [checked('nickname', "'text NOT NULL'"), 'ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS nickname'],
      warnings: { 'column.nullable': 'adding NOT NULL column "nickname" without a server_default fails if users has rows; give it a server_default, or add it nullable and backfill first' },
    },
    {
      name: "a foreign key column takes its type from the referenced table's key; the constraint is guarded apart from the column, NOT VALID, then validated",
      known: [...USERS, ORGS],
      operation: { op: 'add_column', table: 'users', column: { name: 'org_id', references: { table: 'orgs' } } },
      upgrade: [
        checked('org_id', "'uuid'"),
        'ALTER TABLE public.users ADD COLUMN IF NOT EXISTS org_id uuid',
        holding("conname = 'fk_users_org_id_orgs'", 'FOREIGN KEY (org_id) REFERENCES public.orgs (id) NOT VALID;'),
        holding('AUTOCOMMIT: DO', 'AND NOT convalidated', 'VALIDATE CONSTRAINT fk_users_org_id_orgs;'),
      ],
      downgrade: [checked('org_id', "'uuid'"), 'ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS org_id'],
    },
    {
      name: 'unique and check on an existing table: the unique index built CONCURRENTLY and attached, the CHECK NOT VALID then validated',
      operation: { op: 'add_column', table: 'users', column: { name: 'handle', type: 'text', unique: true, check: "handle <> ''" } },
      upgrade: [
        checked('handle', "'text'"),
        'ALTER TABLE public.users ADD COLUMN IF NOT EXISTS handle text',
        holding('NOT indisvalid', 'DROP INDEX public.uq_users_handle;'),
        autocommit('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_users_handle\n    ON public.users USING btree (handle)'),
        holding("conname = 'uq_users_handle'", 'ADD CONSTRAINT uq_users_handle UNIQUE USING INDEX uq_users_handle;'),
        holding("conname = 'ck_users_handle'", "CHECK (handle <> '') NOT VALID;"),
        holding('AUTOCOMMIT: DO', 'VALIDATE CONSTRAINT ck_users_handle;'),
      ],
      downgrade: [checked('handle', "'text'"), 'ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS handle'],
    },
    {
      name: 'concurrently: false and not_valid: false opt out of both',
      operation: { op: 'add_column', table: 'users', column: { name: 'handle', type: 'text', unique: true, check: "handle <> ''" }, concurrently: false, not_valid: false },
      upgrade: [checked('handle', "'text'"), 'ALTER TABLE public.users ADD COLUMN IF NOT EXISTS handle text', holding('ADD CONSTRAINT uq_users_handle UNIQUE (handle);'), holding("CHECK (handle <> '');")],
      downgrade: [checked('handle', "'text'"), 'ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS handle'],
    },
    {
      name: 'a bigserial key is filled by PostgreSQL (a rewrite, which generate warns of): no warning that it fails on rows',
      operation: { op: 'add_column', table: 'users', column: { name: 'seq', type: 'bigserial', primary_key: true } },
      upgrade: [
        checked('seq', "'bigserial NOT NULL'"),
        'ALTER TABLE public.users ADD COLUMN IF NOT EXISTS seq bigserial NOT NULL',
        ...completed('seq', false),
        holding('NOT indisvalid', 'DROP INDEX public.pk_users;'),
        autocommit('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS pk_users\n    ON public.users USING btree (seq)'),
        holding("conname = 'pk_users'", 'ADD CONSTRAINT pk_users PRIMARY KEY USING INDEX pk_users;'),
      ],
      downgrade: [checked('seq', "'bigserial NOT NULL'"), 'ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS seq'],
    },
    {
      name: 'NOT NULL bigserial without a key: no warning either',
      operation: { op: 'add_column', table: 'users', column: { name: 'seq', type: 'bigserial', nullable: false } },
      upgrade: [checked('seq', "'bigserial NOT NULL'"), 'ALTER TABLE public.users ADD COLUMN IF NOT EXISTS seq bigserial NOT NULL', ...completed('seq', false)],
      downgrade: [checked('seq', "'bigserial NOT NULL'"), 'ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS seq'],
    },
  ],
  invalid: [
    {
      name: 'a column the known table has',
      known: USERS,
      operation: { op: 'add_column', table: 'users', column: { name: 'id', type: 'bigint' } },
      problems: { 'column.name': 'column "id" already exists in public.users (according to the history\'s specs)' },
    },
    {
      name: 'a foreign key to a key of another type',
      known: [...USERS, ORGS],
      operation: { op: 'add_column', table: 'users', column: { name: 'org_id', type: 'bigint', references: { table: 'orgs' } } },
      problems: { 'column.type': 'type bigint of org_id does not match public.orgs.id, which is uuid; a foreign key needs the same type on both sides' },
    },
    {
      name: 'no column',
      operation: { op: 'add_column', table: 'users' },
      problems: { column: 'is required: a mapping with the fields name, type, nullable, primary_key, unique, server_default, comment, references, check' },
    },
    {
      name: 'an unknown column field, with the nearest one',
      operation: { op: 'add_column', table: 'users', column: { name: 'a', type: 'text', nullabel: false } },
      problems: { 'column.nullabel': 'unknown field; did you mean "nullable"?' },
    },
  ],
});

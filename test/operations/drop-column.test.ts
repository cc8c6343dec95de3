import type { RawOperation } from '../../src/operations/registry.js';
import { autocommit, holding, testOperation } from '../support/operation-tester.js';

const USERS: RawOperation[] = [
  { op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'legacy', type: 'text', nullable: false, server_default: "'x'", unique: true }] },
  { op: 'create_index', table: 'users', columns: ['legacy'], name: 'ix_users_legacy' },
];

testOperation('drop_column', {
  valid: [
    {
      name: 'the downgrade re-adds the column from its definition (its data is gone: a warning says so)',
      operation: { op: 'drop_column', table: 'users', column: { name: 'legacy', type: 'text' } },
      upgrade: ['ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS legacy'],
      // Re-added as add_column adds it: a column of that name and another shape stops the downgrade.
      downgrade: [holding('pg_temp.cm_expect_column(', "'legacy'", "'text'"), 'ALTER TABLE public.users ADD COLUMN IF NOT EXISTS legacy text'],
      warnings: { '': 'drops column users.legacy and the data in it; the downgrade re-creates the column, not its data; code that still uses it breaks the moment the drop commits; the expand/contract way: stop using it in one release, drop it in a later one' },
    },
    {
      name: 'by name alone: the definition, its constraints and its indexes come from the known schema',
      known: USERS,
      operation: { op: 'drop_column', table: 'users', column: 'legacy' },
      upgrade: ['ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS legacy'],
      // Re-added to a table that holds rows: in the safe forms.
      downgrade: [
        holding('pg_temp.cm_expect_column(', "'legacy'", "$$text NOT NULL DEFAULT ('x')$$"),
        "ALTER TABLE public.users\n    ADD COLUMN IF NOT EXISTS legacy text NOT NULL DEFAULT ('x')",
        holding('AND NOT atthasdef', "SET DEFAULT 'x';"),
        holding('AUTOCOMMIT: DO', 'RETURN;', "UPDATE public.users SET legacy = 'x'"),
        holding('ADD CONSTRAINT ck_users_legacy_not_null CHECK (legacy IS NOT NULL) NOT VALID;'),
        holding('AUTOCOMMIT: DO', 'VALIDATE CONSTRAINT ck_users_legacy_not_null;'),
        holding('ALTER TABLE public.users ALTER COLUMN legacy SET NOT NULL;'),
        'ALTER TABLE IF EXISTS public.users\n    DROP CONSTRAINT IF EXISTS ck_users_legacy_not_null',
        holding('NOT indisvalid', 'DROP INDEX public.uq_users_legacy;'),
        autocommit('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_users_legacy\n    ON public.users USING btree (legacy)'),
        holding("conname = 'uq_users_legacy'", 'ADD CONSTRAINT uq_users_legacy UNIQUE USING INDEX uq_users_legacy;'),
        holding('NOT indisvalid', 'DROP INDEX public.ix_users_legacy;'),
        autocommit('CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_legacy\n    ON public.users USING btree (legacy)'),
      ],
      warnings: { '': 'drops column users.legacy and the data in it; the downgrade re-creates the column, not its data; code that still uses it breaks the moment the drop commits; the expand/contract way: stop using it in one release, drop it in a later one' },
    },
    {
      // No warning of lost data or broken running code: the table is new, empty and nobody's yet.
      name: 'a plain column of a table the same spec creates: nothing names it, so a re-run passes over it',
      before: [{ op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'legacy', type: 'text' }] }],
      operation: { op: 'drop_column', table: 'users', column: 'legacy' },
      upgrade: ['ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS legacy'],
      downgrade: ["SELECT pg_temp.cm_expect_column('public.users', 'legacy', 'text')", 'ALTER TABLE public.users ADD COLUMN IF NOT EXISTS legacy text'],
    },
  ],
  invalid: [
    {
      name: 'a column of a table the same spec creates, which its constraint and index name: a re-run would fail re-making them',
      before: USERS,
      operation: { op: 'drop_column', table: 'users', column: 'legacy' },
      problems: {
        '': 'drops column legacy of users, which operations[0] creates in this same migration, after uq_users_legacy, ix_users_legacy named it: a re-run of the upgrade would find the table without that column and fail making them again; leave legacy out of the table (and uq_users_legacy, ix_users_legacy with it) instead',
      },
    },
    {
      name: 'by name alone, when nothing knows the column',
      operation: { op: 'drop_column', table: 'users', column: 'legacy' },
      problems: { column: "needs the column's definition ({name, type, ...}): users.legacy is not known from the history's specs or --database-url, so the downgrade could not re-create it" },
    },
    {
      name: 'a column the known table lacks',
      known: USERS,
      operation: { op: 'drop_column', table: 'users', column: { name: 'nickname', type: 'text' } },
      problems: { 'column.name': 'column "nickname" does not exist in public.users (according to the history\'s specs)' },
    },
  ],
});

import type { RawOperation } from '../../src/operations/registry.js';
import { autocommit, holding, testOperation } from '../support/operation-tester.js';

const USERS: RawOperation[] = [{ op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'email', type: 'text' }] }];
const DROP = 'ALTER TABLE IF EXISTS public.users\n    DROP CONSTRAINT IF EXISTS uq_users_tenant_id_email';

testOperation('add_unique', {
  valid: [
    {
      name: 'on an existing table: an INVALID leftover dropped, the unique index built CONCURRENTLY, then attached (guarded by pg_constraint for that table)',
      operation: { op: 'add_unique', table: 'users', columns: ['tenant_id', 'email'] },
      upgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'uq_users_tenant_id_email'", "'UNIQUE (tenant_id, email)'"), holding('SELECT pg_temp.cm_expect_index(', "'public.users'", "'public.uq_users_tenant_id_email'", 'true', "'USING btree (tenant_id, email)'"), 
        holding('IF EXISTS', "indexrelid = to_regclass('public.uq_users_tenant_id_email')", 'NOT indisvalid', 'DROP INDEX public.uq_users_tenant_id_email;'),
        autocommit('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_users_tenant_id_email\n    ON public.users USING btree (tenant_id, email)'),
        holding("conrelid = to_regclass('public.users')", "conname = 'uq_users_tenant_id_email'", 'ADD CONSTRAINT uq_users_tenant_id_email UNIQUE USING INDEX uq_users_tenant_id_email;'),
      ],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'uq_users_tenant_id_email'", "'UNIQUE (tenant_id, email)'"), holding('SELECT pg_temp.cm_expect_index(', "'public.users'", "'public.uq_users_tenant_id_email'", 'true', "'USING btree (tenant_id, email)'"), DROP],
    },
    {
      name: 'concurrently: false opts out: ADD CONSTRAINT ... UNIQUE in one step',
      operation: { op: 'add_unique', table: 'users', columns: ['tenant_id', 'email'], concurrently: false },
      upgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'uq_users_tenant_id_email'", "'UNIQUE (tenant_id, email)'"), holding('SELECT pg_temp.cm_expect_index(', "'public.users'", "'public.uq_users_tenant_id_email'", 'true', "'USING btree (tenant_id, email)'"), holding("conname = 'uq_users_tenant_id_email'", 'ADD CONSTRAINT uq_users_tenant_id_email UNIQUE (tenant_id, email);')],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'uq_users_tenant_id_email'", "'UNIQUE (tenant_id, email)'"), holding('SELECT pg_temp.cm_expect_index(', "'public.users'", "'public.uq_users_tenant_id_email'", 'true', "'USING btree (tenant_id, email)'"), DROP],
    },
    {
      name: 'on a table created earlier in the same spec: one step',
      before: USERS,
      operation: { op: 'add_unique', table: 'users', columns: ['email'] },
      upgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'uq_users_email'", "'UNIQUE (email)'"), holding('SELECT pg_temp.cm_expect_index(', "'public.users'", "'public.uq_users_email'", 'true', "'USING btree (email)'"), holding("conname = 'uq_users_email'", 'ADD CONSTRAINT uq_users_email UNIQUE (email);')],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'uq_users_email'", "'UNIQUE (email)'"), holding('SELECT pg_temp.cm_expect_index(', "'public.users'", "'public.uq_users_email'", 'true', "'USING btree (email)'"), 'ALTER TABLE IF EXISTS public.users DROP CONSTRAINT IF EXISTS uq_users_email'],
    },
  ],
  invalid: [
    {
      name: 'a column listed twice',
      operation: { op: 'add_unique', table: 'users', columns: ['email', 'email'] },
      problems: { 'columns[1]': '"email" is listed twice' },
    },
    {
      name: 'a column the known table lacks',
      known: USERS,
      operation: { op: 'add_unique', table: 'users', columns: ['login'] },
      problems: { 'columns[0]': 'column "login" does not exist in public.users (according to the history\'s specs)' },
    },
  ],
});

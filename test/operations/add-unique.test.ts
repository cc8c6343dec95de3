import type { RawOperation } from '../../src/operations/registry.js';
import { holding, testOperation } from '../support/operation-tester.js';

const USERS: RawOperation[] = [{ op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'email', type: 'text' }] }];

testOperation('add_unique', {
  valid: [
    {
      name: 'named after its table and columns, guarded by pg_constraint for that table',
      operation: { op: 'add_unique', table: 'users', columns: ['tenant_id', 'email'] },
      upgrade: [holding("conrelid = to_regclass('public.users')", "conname = 'uq_users_tenant_id_email'", 'ADD CONSTRAINT uq_users_tenant_id_email UNIQUE (tenant_id, email);')],
      downgrade: ['ALTER TABLE IF EXISTS public.users\n    DROP CONSTRAINT IF EXISTS uq_users_tenant_id_email'],
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

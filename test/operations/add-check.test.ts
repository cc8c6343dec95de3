import { expect } from 'vitest';
import { autocommit, holding, testOperation } from '../support/operation-tester.js';

testOperation('add_check', {
  valid: [
    {
      name: 'named after the columns it reads, guarded by pg_constraint for that very table',
      operation: { op: 'add_check', table: 'users', expression: 'age >= 0' },
      upgrade: [holding('IF NOT EXISTS', "conrelid = to_regclass('public.users')", "conname = 'ck_users_age'", 'ALTER TABLE public.users ADD CONSTRAINT ck_users_age CHECK (age >= 0);')],
      downgrade: ['ALTER TABLE IF EXISTS public.users DROP CONSTRAINT IF EXISTS ck_users_age'],
    },
    {
      name: 'not_valid: added NOT VALID, then validated outside the transaction',
      operation: { op: 'add_check', table: 'users', name: 'ck_age', expression: 'age >= 0', not_valid: true },
      upgrade: [holding("conname = 'ck_age'", 'CHECK (age >= 0) NOT VALID;'), autocommit('ALTER TABLE public.users VALIDATE CONSTRAINT ck_age')],
      downgrade: ['ALTER TABLE IF EXISTS public.users DROP CONSTRAINT IF EXISTS ck_age'],
    },
  ],
  invalid: [
    {
      name: 'SQL that is not one expression',
      operation: { op: 'add_check', table: 'users', expression: 'true); DROP TABLE users; --' },
      problems: { expression: 'is not a valid SQL expression: syntax error at or near ")" at character 5' },
    },
    {
      name: 'no expression, and a name that is no identifier',
      operation: { op: 'add_check', table: 'users', name: 'x'.repeat(64) },
      problems: { name: expect.stringContaining('is not a valid identifier: it is 64 bytes long'), expression: 'is required' },
    },
  ],
});

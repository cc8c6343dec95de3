import { expect } from 'vitest';
import type { RawOperation } from '../../src/operations/registry.js';
import { holding, testOperation } from '../support/operation-tester.js';

const NEW_USERS: RawOperation[] = [{ op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'age', type: 'integer' }] }];
const VALIDATE = holding('AUTOCOMMIT: DO', "conrelid = to_regclass('public.users')", "conname = 'ck_users_age'", 'AND NOT convalidated', 'ALTER TABLE public.users VALIDATE CONSTRAINT ck_users_age;');

testOperation('add_check', {
  valid: [
    {
      name: 'on an existing table: added NOT VALID (guarded by pg_constraint for that very table), then validated in a transaction of its own',
      operation: { op: 'add_check', table: 'users', expression: 'age >= 0' },
      upgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'ck_users_age'", "'CHECK (age >= 0)'"), holding('IF NOT EXISTS', "conrelid = to_regclass('public.users')", "conname = 'ck_users_age'", 'ADD CONSTRAINT ck_users_age CHECK (age >= 0) NOT VALID;'), VALIDATE],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'ck_users_age'", "'CHECK (age >= 0)'"), 'ALTER TABLE IF EXISTS public.users DROP CONSTRAINT IF EXISTS ck_users_age'],
    },
    {
      name: 'not_valid: false opts out: one validated step',
      operation: { op: 'add_check', table: 'users', name: 'ck_age', expression: 'age >= 0', not_valid: false },
      upgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'ck_age'", "'CHECK (age >= 0)'"), holding("conname = 'ck_age'", 'ADD CONSTRAINT ck_age CHECK (age >= 0);')],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'ck_age'", "'CHECK (age >= 0)'"), 'ALTER TABLE IF EXISTS public.users DROP CONSTRAINT IF EXISTS ck_age'],
    },
    {
      name: 'on a table created earlier in the same spec (new, empty): one validated step',
      before: NEW_USERS,
      operation: { op: 'add_check', table: 'users', expression: 'age >= 0' },
      upgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'ck_users_age'", "'CHECK (age >= 0)'"), holding("conname = 'ck_users_age'", 'ADD CONSTRAINT ck_users_age CHECK (age >= 0);')],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'ck_users_age'", "'CHECK (age >= 0)'"), 'ALTER TABLE IF EXISTS public.users DROP CONSTRAINT IF EXISTS ck_users_age'],
    },
    {
      name: 'not_valid: true on a new table keeps the two steps',
      before: NEW_USERS,
      operation: { op: 'add_check', table: 'users', expression: 'age >= 0', not_valid: true },
      upgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'ck_users_age'", "'CHECK (age >= 0)'"), holding('CHECK (age >= 0) NOT VALID;'), VALIDATE],
      downgrade: [holding('SELECT pg_temp.cm_expect_constraint(', "'public.users'", "'ck_users_age'", "'CHECK (age >= 0)'"), 'ALTER TABLE IF EXISTS public.users DROP CONSTRAINT IF EXISTS ck_users_age'],
    },
  ],
  invalid: [
    {
      name: 'SQL that is not one expression',
      operation: { op: 'add_check', table: 'users', expression: 'true); DROP TABLE users; --' },
      problems: { expression: 'is not a valid SQL expression: syntax error at or near ")" at character 5' },
    },
    {
      name: 'no expression, a name that is no identifier, and not_valid that is no flag',
      operation: { op: 'add_check', table: 'users', name: 'x'.repeat(64), not_valid: 'yes' },
      problems: { name: expect.stringContaining('is not a valid identifier: it is 64 bytes long'), expression: 'is required', not_valid: 'must be true or false, not string "yes"' },
    },
  ],
});


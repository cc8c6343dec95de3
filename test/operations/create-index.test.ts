import type { RawOperation } from '../../src/operations/registry.js';
import { autocommit, holding, testOperation } from '../support/operation-tester.js';

const USERS: RawOperation[] = [{ op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'email', type: 'text' }] }];

testOperation('create_index', {
  valid: [
    {
      name: 'on an existing table: named after its table and columns, an INVALID leftover dropped, then built CONCURRENTLY outside the transaction, and so is the drop',
      operation: { op: 'create_index', table: 'users', columns: [{ expression: 'lower(email)' }], unique: true, where: 'deleted_at IS NULL' },
      upgrade: [
        holding('DO', "indexrelid = to_regclass('public.ix_users_email')", 'NOT indisvalid', 'DROP INDEX public.ix_users_email;'),
        autocommit('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_users_email\n    ON public.users USING btree ((lower(email)))\n    WHERE deleted_at IS NULL'),
      ],
      downgrade: [autocommit('DROP INDEX CONCURRENTLY IF EXISTS public.ix_users_email')],
    },
    {
      name: 'concurrently: false opts out: IF NOT EXISTS inside the transaction',
      operation: { op: 'create_index', table: 'users', columns: ['email'], concurrently: false },
      upgrade: ['CREATE INDEX IF NOT EXISTS ix_users_email\n    ON public.users USING btree (email)'],
      downgrade: ['DROP INDEX IF EXISTS public.ix_users_email'],
    },
    {
      name: 'on a table created earlier in the same spec: inside the transaction',
      before: USERS,
      operation: { op: 'create_index', table: 'users', columns: ['email'] },
      upgrade: ['CREATE INDEX IF NOT EXISTS ix_users_email\n    ON public.users USING btree (email)'],
      downgrade: [autocommit('DROP INDEX CONCURRENTLY IF EXISTS public.ix_users_email')],
    },
    {
      name: 'keys with their own order and operator class, and storage parameters',
      operation: { op: 'create_index', table: 'docs', name: 'ix_docs', columns: [{ name: 'title', order: 'desc', nulls: 'last' }, 'id'], using: 'gin', opclass: 'public.trgm_ops', with: { fastupdate: 'off', pages_per_range: 16 }, concurrently: false },
      upgrade: ['CREATE INDEX IF NOT EXISTS ix_docs\n    ON public.docs USING gin (title public.trgm_ops DESC NULLS LAST, id public.trgm_ops)\n    WITH (fastupdate = off, pages_per_range = 16)'],
      downgrade: ['DROP INDEX IF EXISTS public.ix_docs'],
    },
    {
      name: 'a covering unique index that counts NULLs as equal: INCLUDE, then NULLS NOT DISTINCT, before the storage parameters and the predicate',
      before: USERS,
      operation: { op: 'create_index', table: 'users', columns: ['email'], unique: true, include: ['id'], nulls_not_distinct: true, with: { fillfactor: 90 }, where: 'email IS NOT NULL' },
      upgrade: ['CREATE UNIQUE INDEX IF NOT EXISTS ix_users_email\n    ON public.users USING btree (email)\n    INCLUDE (id)\n    NULLS NOT DISTINCT\n    WITH (fillfactor = 90)\n    WHERE email IS NOT NULL'],
      downgrade: [autocommit('DROP INDEX CONCURRENTLY IF EXISTS public.ix_users_email')],
    },
  ],
  invalid: [
    {
      name: 'NULLS NOT DISTINCT on an index that is not unique, and an included column the known table lacks',
      known: USERS,
      operation: { op: 'create_index', table: 'users', columns: ['email'], include: ['nickname'], nulls_not_distinct: true },
      problems: { nulls_not_distinct: 'only applies with unique: true', include: 'column "nickname" does not exist in public.users (according to the history\'s specs)' },
    },
    {
      name: 'a key that is both a column and an expression, and a storage parameter that is no name',
      operation: { op: 'create_index', table: 'users', columns: [{ name: 'a', expression: 'b' }], with: { 'Bad-Key': 1 } },
      problems: { 'columns[0]': 'give exactly one of name (a column) or expression', 'with.Bad-Key': 'is not a storage parameter name (lowercase letters, digits and _)' },
    },
    {
      name: 'a column the known table lacks, and an index name a table has',
      known: USERS,
      operation: { op: 'create_index', table: 'users', name: 'users', columns: ['emial'] },
      problems: {
        columns: 'column "emial" does not exist in public.users (according to the history\'s specs)',
        name: 'index "users" cannot be created: a table of that name already exists in public (according to the history\'s specs)',
      },
    },
  ],
});

import type { RawOperation } from '../../src/operations/registry.js';
import { holding, testOperation } from '../support/operation-tester.js';

const USERS: RawOperation[] = [{ op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'bio', type: 'varchar(200)', server_default: "'n/a'" }] }];

testOperation('alter_column', {
  valid: [
    {
      name: "a type change runs only while the column's type differs; from_type is restored the same way",
      operation: { op: 'alter_column', table: 'users', column: 'bio', type: 'varchar(500)', from_type: 'text' },
      upgrade: [holding("attname = 'bio'", "format_type(atttypid, atttypmod) <> 'character varying(500)'", 'ALTER COLUMN bio TYPE varchar(500);')],
      downgrade: [holding("format_type(atttypid, atttypmod) <> 'text'", 'ALTER COLUMN bio TYPE text;')],
    },
    {
      name: 'NOT NULL on an existing table: a batched backfill, a CHECK added NOT VALID while the column is nullable, validated, then SET NOT NULL and the CHECK dropped; the downgrade drops NOT NULL',
      operation: { op: 'alter_column', table: 'users', column: 'bio', nullable: false, backfill: "''" },
      upgrade: [
        holding(
          'AUTOCOMMIT: DO',
          'pages_per_batch bigint :=',
          "pg_catalog.pg_relation_size('public.users')",
          "UPDATE public.users SET bio = ''",
          "WHERE ctid >= format('(%s,0)', first_page)::tid",
          'AND bio IS NULL;',
          'EXCEPTION WHEN lock_not_available THEN',
          'COMMIT;',
        ),
        holding("attname = 'bio' AND NOT attisdropped", 'AND NOT attnotnull', "AND NOT EXISTS", "conname = 'ck_users_bio_not_null'", 'CHECK (bio IS NOT NULL) NOT VALID;'),
        holding('AUTOCOMMIT: DO', 'AND NOT convalidated', 'VALIDATE CONSTRAINT ck_users_bio_not_null;'),
        holding('AND NOT attnotnull', 'ALTER TABLE public.users ALTER COLUMN bio SET NOT NULL;'),
        'ALTER TABLE IF EXISTS public.users\n    DROP CONSTRAINT IF EXISTS ck_users_bio_not_null',
      ],
      downgrade: ['ALTER TABLE public.users ALTER COLUMN bio DROP NOT NULL'],
    },
    {
      name: 'not_valid: false opts out: a plain SET NOT NULL (still only while nullable); the backfill is still batched',
      operation: { op: 'alter_column', table: 'users', column: 'bio', nullable: false, backfill: "''", not_valid: false },
      upgrade: [holding('AUTOCOMMIT: DO', 'COMMIT;'), holding('AND NOT attnotnull', 'ALTER COLUMN bio SET NOT NULL;')],
      downgrade: ['ALTER TABLE public.users ALTER COLUMN bio DROP NOT NULL'],
    },
    {
      name: 'on a table created earlier in the same spec: one UPDATE and SET NOT NULL in the transaction',
      before: USERS,
      operation: { op: 'alter_column', table: 'users', column: 'bio', nullable: false, backfill: "''" },
      upgrade: ["UPDATE public.users SET bio = '' WHERE bio IS NULL", holding('AND NOT attnotnull', 'ALTER COLUMN bio SET NOT NULL;')],
      downgrade: ['ALTER TABLE public.users ALTER COLUMN bio DROP NOT NULL'],
    },
    {
      name: "a backfill computed from the row's other columns, and one from a subquery",
      before: [{ op: 'create_table', table: 'users', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'email', type: 'text' }, { name: 'login', type: 'text' }] }],
      operation: { op: 'alter_column', table: 'users', column: 'login', nullable: false, backfill: "coalesce(lower(email), (SELECT 'user-' || max(id) FROM public.users))" },
      upgrade: [
        "UPDATE public.users\n    SET login = coalesce(lower(email), (SELECT 'user-' || max(id) FROM public.users)) WHERE login IS NULL",
        holding('AND NOT attnotnull', 'ALTER COLUMN login SET NOT NULL;'),
      ],
      downgrade: ['ALTER TABLE public.users ALTER COLUMN login DROP NOT NULL'],
    },
    {
      name: 'dropping NOT NULL: the downgrade sets it back the careful way, behind a validated CHECK',
      operation: { op: 'alter_column', table: 'users', column: 'bio', nullable: true },
      upgrade: ['ALTER TABLE public.users ALTER COLUMN bio DROP NOT NULL'],
      downgrade: [
        holding("conname = 'ck_users_bio_not_null'", 'CHECK (bio IS NOT NULL) NOT VALID;'),
        holding('AUTOCOMMIT: DO', 'VALIDATE CONSTRAINT ck_users_bio_not_null;'),
        holding('ALTER COLUMN bio SET NOT NULL;'),
        'ALTER TABLE IF EXISTS public.users\n    DROP CONSTRAINT IF EXISTS ck_users_bio_not_null',
      ],
      warnings: { nullable: 'the downgrade sets users.bio NOT NULL again, which fails if NULLs were written meanwhile' },
    },
    {
      name: 'with the known column, the downgrade restores its type and default; the default is dropped around the type change',
      known: USERS,
      operation: { op: 'alter_column', table: 'users', column: 'bio', type: 'text', server_default: null },
      upgrade: ['ALTER TABLE public.users ALTER COLUMN bio DROP DEFAULT', holding('ALTER COLUMN bio TYPE text;'), 'ALTER TABLE public.users ALTER COLUMN bio DROP DEFAULT'],
      downgrade: [
        'ALTER TABLE public.users ALTER COLUMN bio DROP DEFAULT',
        holding("<> 'character varying(200)'", 'ALTER COLUMN bio TYPE varchar(200);'),
        "ALTER TABLE public.users ALTER COLUMN bio SET DEFAULT 'n/a'",
      ],
    },
    {
      name: 'a type change without from_type: the downgrade refuses, and a warning says so',
      operation: { op: 'alter_column', table: 'users', column: 'bio', type: 'text' },
      upgrade: [holding('ALTER COLUMN bio TYPE text;')],
      downgrade: ['REFUSE: alter_column changed the type of users.bio to text without from_type, so the old type is unknown'],
      warnings: { from_type: 'without from_type the downgrade cannot restore the old type of users.bio; it will refuse to run' },
    },
  ],
  invalid: [
    {
      name: 'a backfill that is one bare word naming no column of the known table',
      known: USERS,
      operation: { op: 'alter_column', table: 'users', column: 'bio', nullable: false, backfill: 'unknown' },
      problems: { backfill: "refers to a column \"unknown\", which public.users does not have; if you meant the text, quote it: 'unknown'" },
    },
    {
      name: 'nothing to change',
      operation: { op: 'alter_column', table: 'users', column: 'bio' },
      problems: { '': 'says nothing to change: give type, nullable or server_default' },
    },
    {
      name: 'a backfill without NOT NULL, a conversion without a type, a serial type',
      operation: { op: 'alter_column', table: 'users', column: 'id', using: 'id::text', backfill: '0', server_default: '1', from_type: 'serial' },
      problems: { using: 'only applies with type', from_type: 'only applies with type', backfill: 'only applies with nullable: false' },
    },
  ],
});

import { expect } from 'vitest';
import type { RawOperation } from '../../src/operations/registry.js';
import { holding, testOperation } from '../support/operation-tester.js';

// A column's default (and alter_column's backfill) held to the column's type, wherever a value
// meets a column: add_column, create_table's columns, alter_column. The verdicts are the server's
// (test/oracle/default-values.test.ts); these cases pin the messages and where each rule applies.

const ROLE: RawOperation = { op: 'create_enum', name: 'account_role', values: ['ADMIN', 'USER'] };
const ACCOUNTS: RawOperation = { op: 'create_table', table: 'accounts', columns: [{ name: 'id', type: 'bigint', primary_key: true }] };
const roleColumn = (serverDefault: string) => ({ op: 'add_column', table: 'accounts', column: { name: 'role', type: 'account_role', server_default: serverDefault } }) as const;

// add_column checks the column's shape before it adds it, and sets the default of one found without it.
const SHAPE_CHECKED = holding('pg_temp.cm_expect_column(');
const DEFAULT_COMPLETED = holding('AND NOT atthasdef', 'SET DEFAULT');

testOperation('add_column', {
  valid: [
    {
      name: "an enum column's default: a quoted label",
      before: [ROLE],
      operation: roleColumn("'USER'"),
      upgrade: [SHAPE_CHECKED, holding("ADD COLUMN IF NOT EXISTS role public.account_role DEFAULT 'USER'"), DEFAULT_COMPLETED],
      downgrade: [SHAPE_CHECKED, holding('DROP COLUMN IF EXISTS role')],
    },
    {
      name: 'a label cast to the enum itself',
      before: [ROLE],
      operation: roleColumn("'ADMIN'::account_role"),
      upgrade: [SHAPE_CHECKED, holding("ADD COLUMN IF NOT EXISTS role public.account_role DEFAULT 'ADMIN'::account_role"), DEFAULT_COMPLETED],
      downgrade: [SHAPE_CHECKED, holding('DROP COLUMN IF EXISTS role')],
    },
    {
      name: 'a function call is left to PostgreSQL',
      before: [ROLE],
      operation: roleColumn("upper('user')::account_role"),
      upgrade: [SHAPE_CHECKED, holding("ADD COLUMN IF NOT EXISTS role public.account_role DEFAULT upper('user')::account_role"), DEFAULT_COMPLETED],
      downgrade: [SHAPE_CHECKED, holding('DROP COLUMN IF EXISTS role')],
    },
    {
      name: 'the role running the migration, in a text column',
      operation: { op: 'add_column', table: 'accounts', column: { name: 'created_by', type: 'text', server_default: 'CURRENT_USER' } },
      upgrade: [SHAPE_CHECKED, holding('ADD COLUMN IF NOT EXISTS created_by text DEFAULT CURRENT_USER'), DEFAULT_COMPLETED],
      downgrade: [SHAPE_CHECKED, holding('DROP COLUMN IF EXISTS created_by')],
    },
    {
      name: 'an enum of an earlier migration, with a label the known schema lists',
      known: [ROLE, ACCOUNTS],
      operation: roleColumn("'ADMIN'"),
      upgrade: [SHAPE_CHECKED, holding("ADD COLUMN IF NOT EXISTS role public.account_role DEFAULT 'ADMIN'"), DEFAULT_COMPLETED],
      downgrade: [SHAPE_CHECKED, holding('DROP COLUMN IF EXISTS role')],
    },
  ],
  invalid: [
    {
      name: "USER unquoted is the role's name (type name), not the label",
      before: [ROLE],
      operation: roleColumn('USER'),
      problems: {
        'column.server_default':
          'USER is an SQL keyword: PostgreSQL reads it as the name of the role running the statement (type name), which a column of type account_role cannot hold; did you mean the label \'USER\'?',
      },
    },
    {
      name: 'an unquoted label keeps its case in the suggestion',
      before: [ROLE],
      operation: roleColumn('ADMIN'),
      problems: { 'column.server_default': 'refers to a column "admin", which a DEFAULT cannot; did you mean the label \'ADMIN\'?' },
    },
    {
      name: 'a quoted value that is no label, with the labels',
      before: [ROLE],
      operation: roleColumn("'GUEST'"),
      problems: { 'column.server_default': "'GUEST' is not a label of account_role; its labels are 'ADMIN', 'USER'" },
    },
    {
      name: 'a label in the wrong case',
      before: [ROLE],
      operation: roleColumn("'admin'"),
      problems: { 'column.server_default': "'admin' is not a label of account_role (labels are case-sensitive); did you mean 'ADMIN'?" },
    },
    {
      name: 'a label cast to text, which PostgreSQL does not assign to an enum',
      before: [ROLE],
      operation: roleColumn("'USER'::text"),
      problems: {
        'column.server_default':
          'is of type text, which a column of type account_role cannot hold (PostgreSQL: column "role" is of type account_role but default expression is of type text); did you mean the label \'USER\', without the cast?',
      },
    },
    {
      name: "an enum of an earlier migration: the known schema's labels",
      known: [ROLE, ACCOUNTS],
      operation: roleColumn("'GUEST'"),
      problems: { 'column.server_default': "'GUEST' is not a label of account_role; its labels are 'ADMIN', 'USER'" },
    },
    {
      name: 'a function name without its parentheses',
      operation: { op: 'add_column', table: 'accounts', column: { name: 'token', type: 'uuid', server_default: 'gen_random_uuid' } },
      problems: { 'column.server_default': 'refers to a column "gen_random_uuid", which a DEFAULT cannot; did you mean gen_random_uuid()?' },
    },
    {
      name: 'the role running the migration, in a uuid column',
      operation: { op: 'add_column', table: 'accounts', column: { name: 'owner', type: 'uuid', server_default: 'current_user' } },
      problems: {
        'column.server_default':
          'CURRENT_USER is an SQL keyword: PostgreSQL reads it as the name of the role running the statement (type name), which a column of type uuid cannot hold',
      },
    },
    {
      name: 'text that is no integer',
      operation: { op: 'add_column', table: 'accounts', column: { name: 'score', type: 'integer', server_default: "'high'" } },
      problems: { 'column.server_default': `PostgreSQL cannot read 'high' as integer (invalid input syntax for type integer: "high")` },
    },
    {
      name: 'an integer for a boolean',
      operation: { op: 'add_column', table: 'accounts', column: { name: 'active', type: 'boolean', server_default: '1' } },
      problems: {
        'column.server_default':
          'is of type integer, which a column of type boolean cannot hold (PostgreSQL: column "active" is of type boolean but default expression is of type integer); write true or false',
      },
    },
    {
      name: "a quoted 'now', which would give every row the moment the migration ran",
      operation: { op: 'add_column', table: 'accounts', column: { name: 'seen_at', type: 'timestamptz', server_default: "'now'" } },
      problems: { 'column.server_default': "'now' is read once, when the migration runs, so every row would get that one moment; write now() for each row's own" },
    },
  ],
});

testOperation('create_table', {
  valid: [
    {
      name: 'every column held to its own type',
      before: [ROLE],
      operation: {
        op: 'create_table',
        table: 'accounts',
        columns: [
          { name: 'id', type: 'uuid', primary_key: true, server_default: 'gen_random_uuid()' },
          { name: 'role', type: 'account_role', nullable: false, server_default: "'USER'" },
          { name: 'active', type: 'boolean', server_default: "'yes'" },
          { name: 'settings', type: 'jsonb', server_default: "'{}'" },
        ],
      },
      upgrade: [
        holding('CREATE TABLE IF NOT EXISTS public.accounts (', 'id uuid NOT NULL DEFAULT gen_random_uuid(),', "role public.account_role NOT NULL DEFAULT 'USER',", "active boolean DEFAULT 'yes',", "settings jsonb DEFAULT '{}'"),
        holding('pg_temp.cm_expect_table(', "active boolean DEFAULT 'yes'", "ADD COLUMN IF NOT EXISTS settings jsonb DEFAULT '{}';"),
        expect.stringContaining('cm_expect_constraint'),
        expect.stringContaining('PRIMARY KEY (id)'),
      ],
      downgrade: ['DROP TABLE IF EXISTS public.accounts'],
    },
  ],
  invalid: [
    {
      name: 'an enum created by an earlier operation of the same spec, its columns each held to it',
      before: [ROLE],
      operation: {
        op: 'create_table',
        table: 'accounts',
        columns: [
          { name: 'role', type: 'account_role', server_default: 'USER' },
          { name: 'settings', type: 'jsonb', server_default: "'{a: 1}'" },
          { name: 'code', type: 'varchar(2)', server_default: "'USA'" },
        ],
      },
      problems: {
        'columns[0].server_default': expect.stringContaining("USER is an SQL keyword: PostgreSQL reads it as the name of the role running the statement (type name), which a column of type account_role cannot hold"),
        'columns[1].server_default': "PostgreSQL cannot read '{a: 1}' as jsonb (invalid input syntax for type json)",
        'columns[2].server_default': "PostgreSQL cannot read 'USA' as character varying (value too long for type character varying(2))",
      },
    },
  ],
});

const USERS: RawOperation = {
  op: 'create_table',
  table: 'users',
  columns: [
    { name: 'id', type: 'bigint', primary_key: true },
    { name: 'role', type: 'account_role' },
    { name: 'visits', type: 'integer' },
  ],
};

testOperation('alter_column', {
  valid: [
    {
      name: 'a new default for the column the known schema holds, of its type',
      known: [ROLE, USERS],
      operation: { op: 'alter_column', table: 'users', column: 'role', server_default: "'USER'" },
      upgrade: ["SELECT pg_temp.cm_expect_column_default('public.users', 'role', NULL, $$'USER'$$)", holding("ALTER COLUMN role SET DEFAULT 'USER'")],
      downgrade: ["SELECT pg_temp.cm_expect_column_default('public.users', 'role', NULL, $$'USER'$$)", holding('ALTER COLUMN role DROP DEFAULT')],
    },
    {
      name: 'a column the known schema does not hold: its type is not known, so the value is left to PostgreSQL',
      operation: { op: 'alter_column', table: 'users', column: 'visits', server_default: "'many'" },
      upgrade: ["SELECT pg_temp.cm_expect_column_default('public.users', 'visits', NULL, $$'many'$$)", holding("ALTER COLUMN visits SET DEFAULT 'many'")],
      downgrade: ["SELECT pg_temp.cm_expect_column_default('public.users', 'visits', NULL, $$'many'$$)", holding('ALTER COLUMN visits DROP DEFAULT')],
    },
  ],
  invalid: [
    {
      name: 'the known column is an enum: its labels',
      known: [ROLE, USERS],
      operation: { op: 'alter_column', table: 'users', column: 'role', nullable: false, backfill: 'admin', server_default: "'GUEST'" },
      problems: {
        backfill: 'refers to a column "admin", which public.users does not have; did you mean the label \'ADMIN\'?',
        server_default: "'GUEST' is not a label of account_role; its labels are 'ADMIN', 'USER'",
      },
    },
    {
      name: 'a new type: the new default and backfill are held to it, the old default to the old type',
      known: [ROLE, USERS],
      operation: { op: 'alter_column', table: 'users', column: 'visits', type: 'boolean', using: 'visits > 0', nullable: false, backfill: '0', server_default: 'false', from_server_default: "'none'" },
      problems: {
        backfill: 'is of type integer, which a column of type boolean cannot hold (PostgreSQL: column "visits" is of type boolean but expression is of type integer); write true or false',
        from_server_default: `PostgreSQL cannot read 'none' as integer (invalid input syntax for type integer: "none")`,
      },
    },
  ],
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import type { SpecCase } from '../support/spec-case.js';

// Cases for catalogue.test.ts, which takes each through the full real-Alembic cycle; a unit test
// checks that every operation is in one of the integration cases.

// Tables with rows that the catalogue's operations change. Rows are compared as whole-row text
// (values only), which survives renames and type changes that keep the values.
const SHOP = readFileSync(resolve(import.meta.dirname, '../fixtures/shop.sql'), 'utf8');
const ROWS = `
  SELECT 'users', (u.*)::text FROM public.users u
  UNION ALL SELECT 'flows', (f.*)::text FROM public.flows f
  UNION ALL SELECT 'flow_steps', (s.*)::text FROM public.flow_steps s
  ORDER BY 1, 2
`;

type Row = Record<string, unknown>;
const find = (rows: Row[] | undefined, fields: Row): Row | undefined =>
  rows?.find((row) => Object.entries(fields).every(([key, value]) => row[key] === value));

/** The rest of the operations, each on tables that hold rows. */
export const CATALOGUE_CASES: SpecCase[] = [
  {
    name: 'drop_column: the downgrade re-creates the column from its definition',
    setupSql: SHOP,
    rowsSql: 'SELECT id, email FROM public.users ORDER BY id',
    spec: {
      message: 'drop is_published',
      operations: [{ op: 'drop_column', table: 'users', column: { name: 'is_published', type: 'boolean', nullable: false, server_default: 'false' } }],
    },
    warnings: ['drops column users.is_published and the data in it'],
    expectations: { columnsMayMoveToEnd: true },
    check: (upgraded) => expect(find(upgraded.columns, { table: 'public.users', name: 'is_published' })).toBeUndefined(),
  },
  {
    name: 'rename_column keeps the data, and is guarded both ways',
    setupSql: SHOP,
    rowsSql: ROWS,
    spec: { message: 'rename email', operations: [{ op: 'rename_column', table: 'users', from: 'email', to: 'email_address' }] },
    check: (upgraded) => expect(find(upgraded.columns, { table: 'public.users', name: 'email_address', type: 'text', not_null: true })).toBeDefined(),
  },
  {
    name: 'alter_column: type with USING both ways, default, NOT NULL after a backfill on a table with rows',
    setupSql: SHOP,
    rowsSql: "SELECT id::text, title FROM public.docs ORDER BY 1",
    spec: {
      message: 'docs ids become text',
      operations: [
        { op: 'alter_column', table: 'docs', column: 'id', type: 'varchar(36)', using: 'id::text', from_type: 'uuid', from_using: 'id::uuid' },
        { op: 'alter_column', table: 'users', column: 'settings', nullable: false, backfill: "'{}'::jsonb", server_default: "'{}'::jsonb" },
        { op: 'alter_column', table: 'users', column: 'nickname', type: 'varchar(50)', from_type: 'varchar(20)' },
      ],
    },
    check: (upgraded) => {
      expect(find(upgraded.columns, { table: 'public.docs', name: 'id', type: 'character varying(36)' })).toBeDefined();
      expect(find(upgraded.columns, { table: 'public.users', name: 'settings', type: 'jsonb', not_null: true, default: "'{}'::jsonb" })).toBeDefined();
      expect(find(upgraded.columns, { table: 'public.users', name: 'nickname', type: 'character varying(50)' })).toBeDefined();
    },
  },
  {
    name: 'alter_column nullable: false on a table with rows: a backfill in committed batches, a validated CHECK, SET NOT NULL; the downgrade of nullable: true the same way',
    setupSql: SHOP,
    rowsSql: 'SELECT id, status::text FROM public.users ORDER BY id',
    spec: {
      message: 'require nicknames',
      operations: [
        { op: 'alter_column', table: 'users', column: 'nickname', nullable: false, backfill: "'anonymous'" },
        { op: 'alter_column', table: 'users', column: 'email', nullable: true },
      ],
    },
    warnings: ['the downgrade sets users.email NOT NULL again'],
    check: (upgraded, text) => {
      expect(text).toContain('NOT VALID');
      expect(text).toContain('        COMMIT;\n');
      expect(find(upgraded.columns, { table: 'public.users', name: 'email', not_null: false })).toBeDefined();
      expect(find(upgraded.columns, { table: 'public.users', name: 'nickname', not_null: true })).toBeDefined();
      expect(find(upgraded.constraints, { name: 'ck_users_nickname_not_null' })).toBeUndefined();
    },
  },
  {
    name: 'add_unique (from a concurrent index), add_foreign_key (CASCADE) and add_check, NOT VALID then validated, on tables with rows; and each opted out',
    setupSql: SHOP,
    rowsSql: ROWS,
    spec: {
      message: 'constrain flows',
      lock_timeout: '5s',
      operations: [
        { op: 'add_unique', table: 'flows', columns: ['name'] },
        { op: 'add_foreign_key', table: 'flow_steps', columns: ['flow_id'], references: { table: 'flows', columns: ['id'] }, on_delete: 'cascade' },
        { op: 'add_check', table: 'flow_steps', expression: 'id > 0', name: 'ck_flow_steps_id_positive' },
        { op: 'add_unique', table: 'flow_steps', columns: ['flow_id', 'position'], name: 'uq_flow_steps_flow_position' },
        { op: 'add_check', table: 'flow_steps', expression: 'position < 1000', name: 'ck_flow_steps_position_small', not_valid: false },
        { op: 'add_unique', table: 'flow_steps', columns: ['id', 'position'], name: 'uq_flow_steps_id_position', concurrently: false },
        { op: 'create_index', table: 'flow_steps', columns: ['position'], concurrently: false },
      ],
    },
    warnings: ['ADD CONSTRAINT holds ACCESS EXCLUSIVE on public.flow_steps for as long as it scans every row', 'CREATE INDEX holds SHARE on public.flow_steps for as long as it builds the index'],
    check: (upgraded, text) => {
      expect(text).toContain("SET LOCAL lock_timeout = '5s'");
      expect(text).toContain('UNIQUE USING INDEX uq_flows_name');
      expect(find(upgraded.constraints, { name: 'uq_flows_name', definition: 'UNIQUE (name)' })).toBeDefined();
      expect(find(upgraded.constraints, { name: 'fk_flow_steps_flow_id_flows', definition: 'FOREIGN KEY (flow_id) REFERENCES flows(id) ON DELETE CASCADE', validated: true })).toBeDefined();
      expect(find(upgraded.constraints, { name: 'ck_flow_steps_id_positive', validated: true })).toBeDefined();
    },
  },
  {
    name: 'add_enum_value outside the transaction; the downgrade rebuilds the enum without it, keeping defaults',
    setupSql: SHOP,
    rowsSql: ROWS,
    spec: {
      message: 'add locked status',
      operations: [
        { op: 'add_enum_value', enum: 'user_status', value: 'LOCKED', after: 'ACTIVE' },
        { op: 'add_enum_value', enum: 'user_status', value: "it's :new", before: 'ACTIVE' },
      ],
    },
    check: (upgraded) => {
      expect(upgraded.enums).toContainEqual({ name: 'public.user_status', labels: ["it's :new", 'ACTIVE', 'LOCKED', 'INACTIVE'] });
    },
  },
  {
    name: 'add_enum_value: the downgrade rebuilds the enum around a partial index, an expression index, a CHECK and defaults that mention it',
    setupSql: `${SHOP}
CREATE INDEX ix_users_active ON public.users (id) WHERE status = 'ACTIVE';
CREATE INDEX ix_users_inactive ON public.users ((status = 'INACTIVE'));
CREATE INDEX ix_users_statuses ON public.users USING gin (statuses) WHERE statuses <> '{}'::public.user_status[];
ALTER TABLE public.users ADD CONSTRAINT ck_users_status CHECK (status <> 'INACTIVE' OR id > 0);`,
    rowsSql: ROWS,
    spec: { message: 'add suspended status', operations: [{ op: 'add_enum_value', enum: 'user_status', value: 'SUSPENDED' }] },
    warnings: ['(downgrade): ALTER COLUMN TYPE (the label \'SUSPENDED\' is removed by rebuilding public.user_status) holds ACCESS EXCLUSIVE on every table with a column of type public.user_status'],
    check: (upgraded) => {
      expect(upgraded.enums).toContainEqual({ name: 'public.user_status', labels: ['ACTIVE', 'INACTIVE', 'SUSPENDED'] });
      expect(find(upgraded.indexes, { name: 'public.ix_users_active' })).toBeDefined();
    },
  },
  {
    name: 'drop_table with its columns: the downgrade re-creates it',
    setupSql: SHOP,
    spec: {
      message: 'drop temp imports',
      operations: [{ op: 'drop_table', table: 'temp_imports', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'payload', type: 'jsonb', nullable: false, server_default: "'{}'" }] }],
    },
    warnings: ['drops table temp_imports and every row in it'],
    check: (upgraded) => expect(find(upgraded.relations, { name: 'public.temp_imports' })).toBeUndefined(),
  },
  {
    name: 'drop_index and drop_constraint with their definitions',
    setupSql: SHOP,
    spec: {
      message: 'drop old index and check',
      operations: [
        { op: 'drop_index', name: 'ix_docs_title', table: 'docs', columns: ['title'], where: 'title IS NOT NULL' },
        { op: 'drop_constraint', table: 'flow_steps', name: 'ck_flow_steps_position', definition: 'CHECK (position > 0)' },
      ],
    },
    check: (upgraded) => {
      expect(find(upgraded.indexes, { name: 'public.ix_docs_title' })).toBeUndefined();
      expect(find(upgraded.constraints, { name: 'ck_flow_steps_position' })).toBeUndefined();
    },
  },
  {
    name: 'execute with its downgrade SQL, and a CONCURRENTLY statement run outside the transaction',
    setupSql: SHOP,
    spec: {
      message: 'normalise emails',
      statement_timeout: '1min',
      operations: [
        {
          op: 'execute',
          upgrade: "UPDATE public.users SET email = upper(email) WHERE email <> upper(email);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_email_upper\n  ON public.users (email);",
          downgrade: 'DROP INDEX CONCURRENTLY IF EXISTS public.ix_users_email_upper;\nUPDATE public.users SET email = lower(email);',
        },
      ],
    },
    warnings: ['changes or destroys existing data: UPDATE on public.users'],
    check: (upgraded, text) => {
      // The spec's statement_timeout in the transaction; none for the concurrent build, which must not be cancelled halfway.
      expect(text).toContain("SET LOCAL statement_timeout = '1min'");
      expect(text).toContain("SET statement_timeout = '0'");
      expect(text).toContain('RESET statement_timeout');
      expect(find(upgraded.indexes, { name: 'public.ix_users_email_upper', valid: true })).toBeDefined();
    },
  },
  {
    name: 'execute keeps statements whose quoted text spans lines exactly as written',
    setupSql: SHOP,
    spec: {
      message: 'multi-line data and a function',
      operations: [
        {
          op: 'execute',
          upgrade: "UPDATE public.users SET nickname = 'two\n  lines' WHERE id = 3;\nCREATE OR REPLACE FUNCTION public.shout(t text) RETURNS text\nLANGUAGE sql AS $fn$\n  SELECT upper(t)\n$fn$;",
          downgrade: "DROP FUNCTION IF EXISTS public.shout(text);\nUPDATE public.users SET nickname = 'al' WHERE id = 3;",
        },
      ],
    },
    check: (_upgraded, text) => {
      expect(text).toContain("\nUPDATE public.users SET nickname = 'two\n  lines' WHERE id = 3\n");
      expect(text).toContain('\nLANGUAGE sql AS $fn$\n  SELECT upper(t)\n$fn$\n');
    },
  },
  {
    name: "a table created and changed in one spec, and a column whose check names only another column: the downgrade undoes both, twice",
    setupSql: SHOP,
    rowsSql: ROWS,
    spec: {
      message: 'create labels',
      operations: [
        { op: 'create_table', table: 'labels', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'name', type: 'text', nullable: false }] },
        { op: 'create_index', table: 'labels', columns: ['name'] },
        { op: 'add_column', table: 'labels', column: { name: 'legacy', type: 'integer', check: "name <> ''" } },
        { op: 'add_column', table: 'flows', column: { name: 'label_note', type: 'text', check: "name <> ''" } },
      ],
    },
    check: (upgraded) => {
      expect(find(upgraded.constraints, { name: 'ck_labels_name', type: 'c' })).toBeDefined();
      expect(find(upgraded.constraints, { name: 'ck_flows_name', type: 'c' })).toBeDefined();
    },
  },
  {
    name: 'column-level references and checks in create_table and add_column',
    setupSql: SHOP,
    rowsSql: ROWS,
    spec: {
      message: 'create audit log',
      operations: [
        {
          op: 'create_table',
          table: 'audit_log',
          columns: [
            { name: 'id', type: 'bigint', primary_key: true },
            { name: 'user_id', type: 'integer', nullable: false, references: { table: 'users', column: 'id', on_delete: 'CASCADE' } },
            { name: 'flow_id', type: 'uuid', references: { table: 'flows', column: 'id', on_delete: 'set null' } },
            { name: 'severity', type: 'smallint', nullable: false, server_default: '0', check: 'severity BETWEEN 0 AND 7' },
          ],
        },
        { op: 'add_column', table: 'flow_steps', column: { name: 'retries', type: 'integer', nullable: false, server_default: '0', check: 'retries >= 0' } },
      ],
    },
    check: (upgraded) => {
      expect(find(upgraded.constraints, { name: 'fk_audit_log_user_id_users', definition: 'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE' })).toBeDefined();
      expect(find(upgraded.constraints, { name: 'fk_audit_log_flow_id_flows', definition: 'FOREIGN KEY (flow_id) REFERENCES flows(id) ON DELETE SET NULL' })).toBeDefined();
      expect(find(upgraded.constraints, { name: 'ck_audit_log_severity', type: 'c' })).toBeDefined();
      expect(find(upgraded.constraints, { name: 'ck_flow_steps_retries', type: 'c' })).toBeDefined();
    },
  },
];

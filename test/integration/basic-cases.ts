import { expect } from 'vitest';
import type { SpecCase } from '../support/spec-case.js';

// Cases for operations.test.ts, which takes each through the full real-Alembic cycle; a unit test
// checks that every operation is in one of the integration cases.

const USERS = `
  CREATE TABLE public.users (id integer PRIMARY KEY, email text NOT NULL, status text);
  INSERT INTO public.users VALUES (1, 'ada@example.com', 'active'), (2, 'grace@example.com', NULL), (3, 'alan@example.com', 'pending');
`;
const USERS_ROWS = 'SELECT id, email, status FROM public.users ORDER BY id';

const HOSTILE = `it's "q" """t""" :name %s 100% $$ $cm$ b\\s \\:x ::c`;

/** The basic operations on a table with rows, and names and text that need quoting and escaping. */
export const BASIC_CASES: SpecCase[] = [
  {
    name: 'create_enum alone',
    spec: { message: 'create status enum', operations: [{ op: 'create_enum', name: 'user_status', values: ['ACTIVE', 'INACTIVE', 'LOCKED'] }] },
    check: (upgraded) => expect(upgraded.enums).toEqual([{ name: 'public.user_status', labels: ['ACTIVE', 'INACTIVE', 'LOCKED'] }]),
  },
  {
    name: 'create_table alone, with a composite key, a unique column and comments',
    spec: {
      message: 'create memberships',
      operations: [
        {
          op: 'create_table',
          table: 'memberships',
          comment: 'Who belongs where',
          columns: [
            { name: 'org_id', type: 'bigint', primary_key: true },
            { name: 'user_id', type: 'bigint', primary_key: true },
            { name: 'invite_code', type: 'varchar(36)', unique: true, comment: 'One-time code' },
            { name: 'score', type: 'numeric(10,2)', nullable: false, server_default: '0' },
            { name: 'tags', type: 'text[]', nullable: false, server_default: "'{}'" },
            { name: 'joined_at', type: 'timestamp with time zone', nullable: false, server_default: 'now()' },
          ],
        },
      ],
    },
    check: (upgraded) => {
      expect(upgraded.constraints).toContainEqual(expect.objectContaining({ name: 'pk_memberships', definition: 'PRIMARY KEY (org_id, user_id)' }));
      expect(upgraded.constraints).toContainEqual(expect.objectContaining({ name: 'uq_memberships_invite_code', definition: 'UNIQUE (invite_code)' }));
      expect(upgraded.columns).toContainEqual(expect.objectContaining({ name: 'joined_at', type: 'timestamp with time zone', default: 'now()' }));
      expect(upgraded.relations).toContainEqual({ name: 'public.memberships', kind: 'r', comment: 'Who belongs where' });
    },
  },
  {
    name: 'add_column NOT NULL with a default, on a table that holds rows',
    setupSql: USERS,
    rowsSql: USERS_ROWS,
    spec: {
      message: 'add preferences to users',
      operations: [{ op: 'add_column', table: 'users', column: { name: 'preferences', type: 'jsonb', nullable: false, server_default: "'{}'::jsonb" } }],
    },
    check: (upgraded) => expect(upgraded.columns).toContainEqual(expect.objectContaining({ table: 'public.users', name: 'preferences', not_null: true, default: "'{}'::jsonb" })),
  },
  {
    name: 'add_check alone, name derived from the columns it reads',
    setupSql: USERS,
    rowsSql: USERS_ROWS,
    spec: { message: 'check user status', operations: [{ op: 'add_check', table: 'users', expression: "status IN ('pending', 'active') OR status IS NULL" }] },
    check: (upgraded) => expect(upgraded.constraints).toContainEqual(expect.objectContaining({ name: 'ck_users_status', type: 'c' })),
  },
  {
    name: 'create_index: unique, partial, on an expression, descending, covering (INCLUDE)',
    setupSql: USERS,
    rowsSql: USERS_ROWS,
    spec: {
      message: 'index user emails',
      operations: [
        { op: 'create_index', table: 'users', unique: true, columns: [{ expression: 'lower(email)' }], where: 'status IS NOT NULL' },
        { op: 'create_index', table: 'users', columns: [{ name: 'status', order: 'desc', nulls: 'last' }, 'id'], with: { fillfactor: 70 } },
        { op: 'create_index', table: 'users', columns: ['id'], include: ['status'], name: 'ix_users_id_with_status' },
      ],
    },
    check: (upgraded) => {
      expect(upgraded.indexes).toContainEqual({
        name: 'public.ix_users_email',
        definition: 'CREATE UNIQUE INDEX ix_users_email ON public.users USING btree (lower(email)) WHERE (status IS NOT NULL)',
        valid: true,
      });
      expect(upgraded.indexes).toContainEqual({
        name: 'public.ix_users_status_id',
        definition: 'CREATE INDEX ix_users_status_id ON public.users USING btree (status DESC NULLS LAST, id) WITH (fillfactor=\'70\')',
        valid: true,
      });
      expect(upgraded.indexes).toContainEqual({
        name: 'public.ix_users_id_with_status',
        definition: 'CREATE INDEX ix_users_id_with_status ON public.users USING btree (id) INCLUDE (status)',
        valid: true,
      });
    },
  },
  {
    name: 'create_index concurrently, outside the transaction',
    setupSql: USERS,
    rowsSql: USERS_ROWS,
    spec: { message: 'index statuses concurrently', operations: [{ op: 'create_index', table: 'users', columns: ['status'], concurrently: true }] },
    check: (upgraded, text) => {
      expect(text).toContain('with op.get_context().autocommit_block():');
      expect(upgraded.indexes).toContainEqual(expect.objectContaining({ name: 'public.ix_users_status', valid: true }));
    },
  },
  {
    name: 'reserved words and capitals as names, in a schema that does not exist yet',
    spec: {
      message: 'create user table in order schema',
      schema: 'order',
      operations: [
        { op: 'create_enum', name: 'group', values: ['select', 'from'] },
        {
          op: 'create_table',
          table: 'user',
          columns: [
            { name: 'select', type: 'integer', primary_key: true },
            { name: 'from', type: 'group', nullable: false, server_default: "'select'" },
            { name: 'Order', type: 'text', unique: true },
            { name: 'café', type: 'text', comment: 'naïve' },
          ],
        },
        { op: 'add_check', table: 'user', expression: '"select" > 0' },
        { op: 'create_index', table: 'user', columns: ['from', 'select'] },
      ],
    },
    check: (upgraded) => {
      expect(upgraded.relations).toContainEqual(expect.objectContaining({ name: 'order.user', kind: 'r' }));
      expect(upgraded.constraints).toContainEqual(expect.objectContaining({ name: 'uq_user_Order', definition: 'UNIQUE ("Order")' }));
      expect(upgraded.constraints).toContainEqual(expect.objectContaining({ name: 'ck_user_select', definition: 'CHECK (("select" > 0))' }));
      expect(upgraded.indexes).toContainEqual(expect.objectContaining({ name: 'order.ix_user_from_select' }));
    },
  },
  {
    name: 'derived names longer than 63 bytes are cut with a hash, and guarded by the stored name',
    spec: {
      message: 'create a table with very long names',
      operations: [
        {
          op: 'create_table',
          table: 'a_table_name_that_is_long_enough_to_push_derived_names_over',
          columns: [
            { name: 'an_identifier_column_with_a_rather_long_name', type: 'uuid', primary_key: true },
            { name: 'another_column_whose_name_is_also_quite_long_indeed', type: 'text', unique: true },
          ],
        },
        {
          op: 'create_index',
          table: 'a_table_name_that_is_long_enough_to_push_derived_names_over',
          columns: ['another_column_whose_name_is_also_quite_long_indeed', 'an_identifier_column_with_a_rather_long_name'],
        },
        { op: 'add_check', table: 'a_table_name_that_is_long_enough_to_push_derived_names_over', expression: 'length(another_column_whose_name_is_also_quite_long_indeed) < 100' },
      ],
    },
    check: (upgraded) => {
      const names = [...(upgraded.constraints as { name: string }[]), ...(upgraded.indexes as { name: string }[]).map((index) => ({ name: index.name.split('.')[1]! }))].map((item) => item.name);
      const long = names.filter((name) => /_[0-9a-f]{8}$/.test(name));
      expect(long.length).toBeGreaterThanOrEqual(3);
      for (const name of names) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    },
  },
  {
    name: 'literals with quotes, """, :name, %, $$, backslashes and control characters',
    setupSql: USERS,
    rowsSql: USERS_ROWS,
    spec: {
      message: `handle "hostile" text: it's 100% \\ """ :name $$`,
      operations: [
        { op: 'create_enum', name: 'odd_labels', values: [HOSTILE, 'plain', 'a:b', ' :bound'] },
        {
          op: 'add_column',
          table: 'users',
          column: { name: 'note', type: 'text', nullable: false, server_default: `'${HOSTILE.replaceAll("'", "''")}'`, comment: `${HOSTILE}\nsecond line\ttab` },
        },
        { op: 'add_check', table: 'users', name: 'ck_users_note', expression: `note <> '${HOSTILE.replaceAll("'", "''")} :other' OR note IS NOT NULL` },
      ],
    },
    check: (upgraded) => {
      expect(upgraded.enums).toContainEqual({ name: 'public.odd_labels', labels: [HOSTILE, 'plain', 'a:b', ' :bound'] });
      const note = (upgraded.columns as { name: string; default: string; comment: string }[]).find((column) => column.name === 'note')!;
      expect(note.default).toBe(`'${HOSTILE.replaceAll("'", "''")}'::text`);
      expect(note.comment).toBe(`${HOSTILE}\nsecond line\ttab`);
    },
  },
];

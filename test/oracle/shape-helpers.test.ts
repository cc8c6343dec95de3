import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignKeyShapeOf, indexShapeOf } from '../../src/sql/constraint-shapes.js';
import { expectColumn, expectColumnDefault, expectColumnType, expectConstraint, expectEnum, expectEnumLabel, expectForeignKey, expectIndex, expectRename, expectTable, foreignKeyShape } from '../../src/sql/shape-checks.js';
import type { CheckedExpression } from '../../src/sql/expressions.js';
import { loadSqlParser } from '../../src/sql/sql-parser.js';
import { createHelpers } from '../../src/sql/shape-helpers.js';
import { createDatabase, withClient, type TestDatabase } from '../support/databases.js';
import { compatibilityServers, type NamedServer } from '../support/postgres-servers.js';
import { column, foreignKey, pgType } from '../support/shape-definitions.js';

// The shape checks' helpers against PostgreSQL itself: for each object, what the check answers
// for the same shape written another way (PostgreSQL normalises both), for a shape the migration
// can complete, and the message it stops with for a conflicting one.

const SHOP = readFileSync(resolve(import.meta.dirname, '../fixtures/shop.sql'), 'utf8');

interface HelperCase {
  readonly name: string;
  /** Run first, in the case's transaction (rolled back afterwards). */
  readonly setup?: string;
  readonly check: string;
  /** The state it answers, or the message it stops with. */
  readonly answer: string | RegExp;
}

const users = (extra: string): string => `ALTER TABLE public.users ${extra}`;
const parser = await loadSqlParser({ plpgsql: false });
const fromText = (definition: string) => foreignKeyShapeOf(parser, definition)!;
const indexFromText = (createIndex: string) => indexShapeOf(createIndex)!;

const CASES: HelperCase[] = [
  // Columns
  { name: 'column missing', check: expectColumn('public', 'users', column('preferences', 'jsonb')), answer: 'missing' },
  { name: 'column of a missing table', check: expectColumn('public', 'nobody', column('id', 'integer')), answer: 'missing' },
  { name: 'column the same, written another way', check: expectColumn('public', 'users', column('nickname', 'VARCHAR(20)')), answer: 'same' },
  { name: 'enum column with its default', check: expectColumn('public', 'users', column('status', 'user_status', { nullable: false, default: "'ACTIVE'" })), answer: 'same' },
  { name: 'array column with its default', check: expectColumn('public', 'users', column('statuses', 'user_status[]', { nullable: false, default: "'{ACTIVE}'" })), answer: 'same' },
  {
    name: 'the preferences case: added nullable by hand, without its default',
    setup: users('ADD COLUMN preferences jsonb'),
    check: expectColumn('public', 'users', column('preferences', 'jsonb', { nullable: false, default: `'{"theme": "dark"}'::jsonb` })),
    answer: 'incomplete',
  },
  {
    name: 'column of another type',
    setup: users('ADD COLUMN preferences text'),
    check: expectColumn('public', 'users', column('preferences', 'jsonb', { nullable: false, default: `'{}'::jsonb` })),
    answer: 'column public.users.preferences exists as text, expected jsonb: convert it or drop it, then run the migration again',
  },
  {
    name: 'column with another length',
    check: expectColumn('public', 'users', column('nickname', 'varchar(30)')),
    answer: 'column public.users.nickname exists as character varying(20), expected character varying(30): convert it or drop it, then run the migration again',
  },
  {
    name: 'column with another default',
    check: expectColumn('public', 'users', column('status', 'user_status', { nullable: false, default: "'INACTIVE'" })),
    answer: "column public.users.status exists with DEFAULT 'ACTIVE'::user_status, expected DEFAULT 'INACTIVE'::user_status: change or drop the default, then run the migration again",
  },
  {
    name: 'column NOT NULL where the migration makes it nullable',
    check: expectColumn('public', 'users', column('email', 'text')),
    answer: 'column public.users.email exists NOT NULL, expected nullable: drop NOT NULL, then run the migration again',
  },
  {
    name: 'nullable column holding NULLs, NOT NULL without a default to fill them',
    check: expectColumn('public', 'users', column('nickname', 'varchar(20)', { nullable: false })),
    answer: 'column public.users.nickname exists nullable and holds NULLs, expected NOT NULL without a default to fill them: fill them, then run the migration again',
  },
  { name: 'serial column', setup: 'CREATE TABLE public.counters (id serial PRIMARY KEY)', check: expectColumn('public', 'counters', column('id', 'serial', { primaryKey: true })), answer: 'same' },

  // Tables
  { name: 'table missing', check: expectTable('public', 'incidents', [column('id', 'bigint', { primaryKey: true })]), answer: 'missing' },
  { name: 'table the same', check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text')]), answer: 'same' },
  { name: 'table lacking a column', check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text'), column('body', 'text')]), answer: 'incomplete' },
  {
    name: 'table with a column the migration does not define',
    check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true })]),
    answer: 'table public.docs exists with column(s) title that this migration does not define: it is another table; rename or drop it, then run the migration again',
  },
  { name: 'table with a column a later step adds', check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true })], ['title']), answer: 'same' },
  {
    name: 'table whose column has another type',
    check: expectTable('public', 'docs', [column('id', 'text', { primaryKey: true }), column('title', 'text')]),
    answer: 'column public.docs.id exists as uuid, expected text: convert it or drop it, then run the migration again',
  },
  {
    name: 'table whose column is nullable, NOT NULL expected',
    check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text', { nullable: false })]),
    answer: 'column public.docs.title exists nullable, expected NOT NULL: backfill it and set it NOT NULL, then run the migration again',
  },
  { name: 'table with its constraints and indexes, by name', check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text')], [], ['docs_pkey', 'ix_docs_title']), answer: 'same' },
  {
    name: 'empty table lacking a constraint and a NOT NULL column (the steps after the check add them)',
    setup: 'CREATE TABLE public.incidents (id bigint NOT NULL)',
    check: expectTable('public', 'incidents', [column('id', 'bigint', { primaryKey: true }), column('code', 'text', { nullable: false })], [], ['pk_incidents']),
    answer: 'incomplete',
  },
  {
    name: 'table with rows lacking a NOT NULL column without a default',
    check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text'), column('body', 'text', { nullable: false })]),
    answer: 'table public.docs exists with rows and without its NOT NULL column(s) body (no default fills them): add them nullable, fill them and set NOT NULL, then run the migration again',
  },
  { name: 'table with rows lacking a NOT NULL column with a default', check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text'), column('body', 'text', { nullable: false, default: "''" })]), answer: 'incomplete' },
  {
    name: 'table with rows lacking a column whose default is computed per row',
    check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text'), column('ref', 'uuid', { nullable: false, default: 'gen_random_uuid()' })]),
    answer: /^table public\.docs exists with rows and without column\(s\) ref whose value PostgreSQL computes for each row, rewriting the table/,
  },
  {
    name: 'table with rows lacking a serial column',
    check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text'), column('n', 'bigserial')]),
    answer: /^table public\.docs exists with rows and without column\(s\) n whose value/,
  },
  { name: 'empty table lacking a column whose default is computed per row', setup: 'CREATE TABLE public.incidents (id bigint)', check: expectTable('public', 'incidents', [column('id', 'bigint'), column('ref', 'uuid', { default: 'gen_random_uuid()' })]), answer: 'incomplete' },
  {
    name: 'table with rows lacking a constraint',
    check: expectTable('public', 'docs', [column('id', 'uuid', { primaryKey: true }), column('title', 'text')], [], ['docs_pkey', 'uq_docs_title']),
    answer: /^table public\.docs exists with rows and without its constraint\(s\) or index\(es\) uq_docs_title, which would be checked or built here while reads or writes wait/,
  },
  {
    name: 'a view where the table should be',
    setup: 'CREATE VIEW public.incidents AS SELECT 1 AS id',
    check: expectTable('public', 'incidents', [column('id', 'integer')]),
    answer: 'public.incidents exists and is not a table: rename or drop it, then run the migration again',
  },

  // Constraints
  { name: 'check missing', check: expectConstraint('public', 'flow_steps', 'ck_other', 'CHECK (position > 0)'), answer: 'missing' },
  { name: 'check the same, written another way', check: expectConstraint('public', 'flow_steps', 'ck_flow_steps_position', 'CHECK ((("position") > 0))'), answer: 'valid' },
  {
    name: 'check IN, stored as = ANY',
    setup: "ALTER TABLE public.users ADD CONSTRAINT ck_users_status CHECK (status IN ('ACTIVE', 'INACTIVE')) NOT VALID",
    check: expectConstraint('public', 'users', 'ck_users_status', "CHECK (status IN ('ACTIVE', 'INACTIVE'))"),
    answer: 'not_valid',
  },
  {
    name: 'check with another expression',
    check: expectConstraint('public', 'flow_steps', 'ck_flow_steps_position', 'CHECK (position >= 0)'),
    answer: 'constraint ck_flow_steps_position of public.flow_steps exists as CHECK (("position" > 0)), expected CHECK (("position" >= 0)): drop or rename it, then run the migration again',
  },
  { name: 'primary key the same', check: expectConstraint('public', 'temp_imports', 'pk_temp_imports', 'PRIMARY KEY (id)'), answer: 'valid' },
  {
    name: 'unique where a check is',
    check: expectConstraint('public', 'flow_steps', 'ck_flow_steps_position', 'UNIQUE (position)'),
    answer: 'constraint ck_flow_steps_position of public.flow_steps exists as CHECK (("position" > 0)), expected UNIQUE ("position"): drop or rename it, then run the migration again',
  },
  {
    name: 'foreign key the same',
    setup: 'ALTER TABLE public.flow_steps ADD CONSTRAINT fk_steps_flow FOREIGN KEY (flow_id) REFERENCES public.flows (id) ON DELETE CASCADE',
    check: expectForeignKey('public', 'flow_steps', 'fk_steps_flow', foreignKeyShape(foreignKey('fk_steps_flow', ['flow_id'], 'flows', ['id'], { onDelete: 'CASCADE' }))),
    answer: 'valid',
  },
  {
    name: 'foreign key to another table',
    setup: 'CREATE TABLE public.other_flows (id uuid PRIMARY KEY); ALTER TABLE public.flow_steps ADD CONSTRAINT fk_steps_flow FOREIGN KEY (flow_id) REFERENCES public.other_flows (id) NOT VALID',
    check: expectForeignKey('public', 'flow_steps', 'fk_steps_flow', foreignKeyShape(foreignKey('fk_steps_flow', ['flow_id'], 'flows', ['id']))),
    answer: 'constraint fk_steps_flow of public.flow_steps exists as FOREIGN KEY (flow_id) REFERENCES other_flows(id) NOT VALID, expected FOREIGN KEY (flow_id) REFERENCES public.flows(id) ON UPDATE NO ACTION ON DELETE NO ACTION: drop or rename it, then run the migration again',
  },
  {
    name: 'foreign key with other actions',
    setup: 'ALTER TABLE public.flow_steps ADD CONSTRAINT fk_steps_flow FOREIGN KEY (flow_id) REFERENCES public.flows (id) NOT VALID',
    check: expectForeignKey('public', 'flow_steps', 'fk_steps_flow', foreignKeyShape(foreignKey('fk_steps_flow', ['flow_id'], 'flows', ['id'], { onDelete: 'CASCADE' }))),
    answer: /^constraint fk_steps_flow of public.flow_steps exists as FOREIGN KEY \(flow_id\) REFERENCES flows\(id\) NOT VALID, expected .* ON DELETE CASCADE: /,
  },

  {
    name: 'foreign key from a definition\'s text, to the referenced table\'s primary key',
    setup: 'ALTER TABLE public.flow_steps ADD CONSTRAINT fk_steps_flow FOREIGN KEY (flow_id) REFERENCES public.flows ON DELETE CASCADE',
    check: expectForeignKey('public', 'flow_steps', 'fk_steps_flow', fromText('FOREIGN KEY (flow_id) REFERENCES flows ON DELETE CASCADE')),
    answer: 'valid',
  },
  {
    name: 'foreign key deferrable where it is not',
    setup: 'ALTER TABLE public.flow_steps ADD CONSTRAINT fk_steps_flow FOREIGN KEY (flow_id) REFERENCES public.flows (id)',
    check: expectForeignKey('public', 'flow_steps', 'fk_steps_flow', fromText('FOREIGN KEY (flow_id) REFERENCES public.flows (id) DEFERRABLE INITIALLY DEFERRED')),
    answer: 'constraint fk_steps_flow of public.flow_steps exists as FOREIGN KEY (flow_id) REFERENCES flows(id), expected FOREIGN KEY (flow_id) REFERENCES public.flows(id) ON UPDATE NO ACTION ON DELETE NO ACTION DEFERRABLE INITIALLY DEFERRED: drop or rename it, then run the migration again',
  },

  // Indexes
  { name: 'index missing', check: expectIndex('public', 'users', 'ix_users_email', false, 'USING btree (email)'), answer: 'missing' },
  { name: 'partial index the same, written another way', check: expectIndex('public', 'docs', 'ix_docs_title', false, 'USING btree (title) WHERE ((title IS NOT NULL))'), answer: 'valid' },
  {
    name: 'index from the definition the schema model keeps',
    check: ((shape) => expectIndex('public', 'docs', 'ix_docs_title', shape.unique, shape.definition))(indexFromText('CREATE INDEX IF NOT EXISTS ix_docs_title\n    ON public.docs USING btree (title)\n    WHERE title IS NOT NULL')),
    answer: 'valid',
  },
  {
    name: 'index with another predicate',
    check: expectIndex('public', 'docs', 'ix_docs_title', false, 'USING btree (title)'),
    answer: 'index public.ix_docs_title exists as CREATE INDEX ix_docs_title ON public.docs USING btree (title) WHERE (title IS NOT NULL), expected CREATE INDEX ix_docs_title ON public.docs USING btree (title): drop or rename it, then run the migration again',
  },
  {
    name: 'index unique where it is not',
    check: expectIndex('public', 'docs', 'ix_docs_title', true, 'USING btree (title) WHERE title IS NOT NULL'),
    answer: /^index public.ix_docs_title exists as CREATE INDEX .*, expected CREATE UNIQUE INDEX ix_docs_title ON public.docs USING btree/,
  },
  {
    name: 'index on another table',
    check: expectIndex('public', 'users', 'ix_docs_title', false, 'USING btree (title)'),
    answer: 'index public.ix_docs_title exists on docs, expected on public.users: drop or rename it, then run the migration again',
  },
  {
    name: 'expression index with an IN predicate',
    setup: "CREATE INDEX ix_users_lower ON public.users (lower(email)) WHERE status IN ('ACTIVE')",
    check: expectIndex('public', 'users', 'ix_users_lower', false, "USING btree (lower(email)) WHERE status IN ('ACTIVE')"),
    answer: 'valid',
  },
  {
    name: 'index INVALID, as an interrupted concurrent build leaves it',
    setup: "CREATE INDEX ix_users_email ON public.users (email); UPDATE pg_catalog.pg_index SET indisvalid = false WHERE indexrelid = 'public.ix_users_email'::regclass",
    check: expectIndex('public', 'users', 'ix_users_email', false, 'USING btree (email)'),
    answer: 'invalid',
  },
  {
    name: 'a table where the index should be',
    check: expectIndex('public', 'users', 'docs', false, 'USING btree (email)'),
    answer: 'public.docs exists and is not an index: rename or drop it, then run the migration again',
  },

  // Enums
  { name: 'enum missing', check: expectEnum('public', 'severity', ['LOW']), answer: 'missing' },
  { name: 'enum the same', check: expectEnum('public', 'user_status', ['ACTIVE', 'INACTIVE']), answer: 'same' },
  { name: 'enum lacking labels', check: expectEnum('public', 'user_status', ['NEW', 'ACTIVE', 'LOCKED', 'INACTIVE']), answer: 'incomplete' },
  {
    name: 'enum with a label the migration does not define',
    check: expectEnum('public', 'user_status', ['ACTIVE']),
    answer: "enum public.user_status exists with labels ('ACTIVE', 'INACTIVE'), expected ('ACTIVE'): it is another type; rename or drop it, then run the migration again",
  },
  {
    name: 'enum with its labels in another order',
    check: expectEnum('public', 'user_status', ['INACTIVE', 'ACTIVE']),
    answer: "enum public.user_status exists with labels ('ACTIVE', 'INACTIVE'), expected ('INACTIVE', 'ACTIVE'): it is another type; rename or drop it, then run the migration again",
  },
  { name: 'enum label missing', check: expectEnumLabel('public', 'user_status', 'LOCKED', { placement: 'AFTER', label: 'ACTIVE' }), answer: 'missing' },
  { name: 'enum label in its place', check: expectEnumLabel('public', 'user_status', 'INACTIVE', { placement: 'AFTER', label: 'ACTIVE' }), answer: 'same' },
  {
    name: 'enum label elsewhere',
    check: expectEnumLabel('public', 'user_status', 'INACTIVE', { placement: 'BEFORE', label: 'ACTIVE' }),
    answer: "enum public.user_status has 'INACTIVE' elsewhere: its labels are ('ACTIVE', 'INACTIVE'), expected it BEFORE 'ACTIVE': move it (rebuild the type) or drop it, then run the migration again",
  },

  // Renames and type changes
  { name: 'rename to do', check: expectRename('public', 'users', 'email', 'email_address'), answer: 'rename' },
  { name: 'rename done', check: expectRename('public', 'users', 'email_address', 'email'), answer: 'skip' },
  {
    name: 'rename with both columns there',
    check: expectRename('public', 'users', 'email', 'nickname'),
    answer: 'columns public.users.email and public.users.nickname both exist, and this migration renames the first to the second: drop or rename one of them, then run the migration again',
  },
  { name: 'type still the old one', check: expectColumnType('public', 'docs', 'id', pgType('uuid'), pgType('varchar(36)')), answer: 'old' },
  { name: 'type already the new one', check: expectColumnType('public', 'users', 'nickname', pgType('text'), pgType('VARCHAR(20)')), answer: 'new' },
  {
    name: 'type neither',
    check: expectColumnType('public', 'docs', 'id', pgType('text'), pgType('varchar(36)')),
    answer: 'column public.docs.id exists as uuid, expected text (before this migration) or character varying(36) (after it): convert it, then run the migration again',
  },
  { name: 'default still the old one, written another way', check: expectColumnDefault('public', 'users', 'status', expression("'ACTIVE'::public.user_status"), expression("'INACTIVE'")), answer: 'old' },
  { name: 'default already the new one', setup: users("ALTER COLUMN status SET DEFAULT 'INACTIVE'"), check: expectColumnDefault('public', 'users', 'status', expression("'ACTIVE'"), expression("'INACTIVE'")), answer: 'new' },
  { name: 'no default, the old state', check: expectColumnDefault('public', 'users', 'nickname', null, expression("'anon'")), answer: 'old' },
  { name: 'default dropped, the new state', setup: users('ALTER COLUMN status DROP DEFAULT'), check: expectColumnDefault('public', 'users', 'status', expression("'ACTIVE'"), null), answer: 'new' },
  {
    name: 'default neither',
    check: expectColumnDefault('public', 'users', 'is_published', expression('true'), null),
    answer: 'column public.users.is_published exists with DEFAULT false, expected DEFAULT true (before this migration) or no default (after it): change it, then run the migration again',
  },
];

/** A default as a spec reader passes it on. */
function expression(text: string): CheckedExpression {
  return { text, columns: [], simple: false };
}

/** What the check answers in a transaction of its own, after the case's setup, rolled back afterwards. */
async function answer(url: string, testCase: HelperCase): Promise<string> {
  return withClient(url, async (client) => {
    for (const helper of createHelpers([{ sql: testCase.check }])) await client.query(helper.sql);
    await client.query('BEGIN');
    try {
      if (testCase.setup) await client.query(testCase.setup);
      const result = await client.query<{ state: string }>(`SELECT ${testCase.check} AS state`);
      return result.rows[0]!.state;
    } catch (error) {
      return `ERROR: ${(error as Error).message}`;
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

describe('shape checks on PostgreSQL itself', () => {
  let servers: NamedServer[] = [];
  let stop = async (): Promise<void> => {};
  const databases = new Map<string, TestDatabase>();

  beforeAll(async () => {
    ({ servers, stop } = await compatibilityServers());
    for (const server of servers) {
      const database = await createDatabase(server.url);
      databases.set(server.name, database);
      await withClient(database.url, (client) => client.query(SHOP));
    }
  });
  afterAll(async () => {
    for (const database of databases.values()) await database.drop();
    await stop();
  });

  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    for (const server of servers) {
      const got = await answer(databases.get(server.name)!.url, testCase);
      const expected = typeof testCase.answer === 'string' && !['missing', 'same', 'incomplete', 'valid', 'not_valid', 'invalid', 'rename', 'skip', 'old', 'new'].includes(testCase.answer)
        ? `ERROR: ${testCase.answer}`
        : testCase.answer;
      if (expected instanceof RegExp) expect(got.replace(/^ERROR: /, ''), server.name).toMatch(expected);
      else expect(got, server.name).toBe(expected);
    }
  });

  it('leaves no scratch table behind, and nothing of the helpers once they are dropped', async () => {
    const url = databases.get(servers[0]!.name)!.url;
    const leftovers = await withClient(url, async (client) => {
      for (const helper of createHelpers(CASES.map((testCase) => ({ sql: testCase.check })))) await client.query(helper.sql);
      for (const testCase of CASES.filter((candidate) => !candidate.setup)) await client.query(`SELECT ${testCase.check}`).catch(() => undefined);
      const result = await client.query<{ name: string }>('SELECT relname AS name FROM pg_catalog.pg_class WHERE relnamespace = pg_my_temp_schema()');
      return result.rows.map((row) => row.name);
    });
    expect(leftovers).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planMigration } from '../../src/migration/plan.js';
import { emptyModel } from '../../src/schema/model.js';
import { BUILT_IN_DEFAULTS, readSpec } from '../../src/spec-file/read-spec.js';
import { isDescribed } from '../../src/sql/lock-facts.js';
import { loadPgParser, type PgParser } from '../../src/sql/pg-parser.js';
import { readSqlFacts } from '../../src/sql/sql-facts.js';
import { loadSqlParser } from '../../src/sql/sql-parser.js';
import type { Statement } from '../../src/sql/statement.js';

// Every statement `generate` writes declares what it locks, naming the statement-safety table's
// entry for what it does (so the lock summary, the warnings and where the statement runs come
// from the table `check` reports from). Here each statement is parsed back, as `check` reads it
// (DO blocks too), and what the table says of the parsed SQL must be exactly what was declared:
// a builder that writes one thing and declares another fails here.

const FIXTURES = resolve(import.meta.dirname, '../fixtures/check/generated');
const EXAMPLES = resolve(import.meta.dirname, '../../examples');

/** Every spec the suite generates a history from, in order (each sees the schema the ones before it built). */
const SPECS = [
  ...readdirSync(join(EXAMPLES, 'history')).sort().map((name) => join(EXAMPLES, 'history', name)),
  join(EXAMPLES, 'add-user-preferences.yaml'),
  ...readdirSync(FIXTURES).sort().map((name) => join(FIXTURES, name)),
];

/** More forms the fixtures do not reach: each operation's opt-outs, downgrades that re-add, NOT NULL both ways. */
const MORE: readonly object[] = [
  {
    message: 'more forms',
    operations: [
      { op: 'create_table', table: 'things', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'code', type: 'text' }, { name: 'n', type: 'integer' }] },
      { op: 'add_column', table: 'things', column: { name: 'tag', type: 'text', unique: true, check: "tag <> ''" } },
      { op: 'alter_column', table: 'things', column: 'code', nullable: false, backfill: "'x'" },
      { op: 'alter_column', table: 'users', column: 'status', nullable: true },
      { op: 'alter_column', table: 'users', column: 'status', type: 'varchar(40)', from_type: 'varchar(20)' },
      { op: 'alter_column', table: 'users', column: 'email', type: 'varchar(320)', using: 'email::varchar(320)', from_type: 'text' },
      { op: 'drop_constraint', table: 'users', name: 'uq_users_email', definition: 'UNIQUE (email)' },
      { op: 'drop_constraint', table: 'assets', name: 'fk_assets_user', definition: 'FOREIGN KEY (owner_id) REFERENCES migration.users (id)' },
      { op: 'drop_column', table: 'assets', column: { name: 'legacy', type: 'integer', unique: true, references: { table: 'users', column: 'id' } } },
      { op: 'add_column', table: 'users', column: { name: 'token', type: 'uuid', server_default: 'gen_random_uuid()' } },
      { op: 'create_enum', name: 'mood', values: ['ok', 'meh'] },
    ],
    schema: 'migration',
  },
  { message: 'a label', schema: 'migration', operations: [{ op: 'add_enum_value', enum: 'mood', value: 'great' }] },
];

let plpgsql: PgParser;
beforeAll(async () => {
  plpgsql = await loadPgParser();
});

/** The statements of every upgrade and downgrade of the specs, as generate writes them. */
async function generatedStatements(): Promise<{ spec: string; statement: Statement }[]> {
  const sql = await loadSqlParser();
  const model = emptyModel(false);
  const all: { spec: string; statement: Statement }[] = [];
  const specs: [string, unknown][] = [...SPECS.map((path): [string, unknown] => [path, parse(readFileSync(path, 'utf8'))]), ...MORE.map((spec, index): [string, unknown] => [`MORE[${index}]`, spec])];
  for (const [name, raw] of specs) {
    const { migration } = readSpec(raw, sql, BUILT_IN_DEFAULTS, { model, source: 'the specs before', strict: false });
    const plan = planMigration(migration, BUILT_IN_DEFAULTS.naming);
    const steps = [...plan.upgrade, ...('refusals' in plan.downgrade ? [] : plan.downgrade)];
    for (const step of steps) for (const statement of step.statements) all.push({ spec: name, statement });
  }
  return all;
}

interface Lock {
  /** `schema.table`, or undefined when the SQL does not name the table (DROP INDEX names the index). */
  readonly table?: string;
  /** `ACTION MODE` */
  readonly what: string;
}

/** Each lock declared (on a table it names, or describes: the table of an index, every table using a type). */
function declared(statement: Statement): Lock[] {
  return (statement.locks ?? []).map((lock) => ({
    ...(!isDescribed(lock.table) && { table: `${lock.table.schema}.${lock.table.name}` }),
    what: `${lock.safety.action} ${lock.safety.lock?.mode}`,
  }));
}

/** The same, from the statement parsed back as check reads it (generated SQL names every table with its schema). */
function parsed(statement: Statement): Lock[] {
  const facts = readSqlFacts(plpgsql, statement.sql, undefined);
  expect(facts.problems).toEqual([]);
  return facts.actions.flatMap((action) =>
    action.safety.lock && !action.unknown ? [{ ...(action.table && { table: `${action.table.schema ?? '(no schema)'}.${action.table.name}` }), what: `${action.safety.action} ${action.safety.lock.mode}` }] : [],
  );
}

/** Whether `lock` is one of `locks`: the same table (when the SQL names one), action and mode. */
const among = (lock: Lock, locks: readonly Lock[]): boolean => locks.some((other) => other.what === lock.what && (lock.table === undefined || other.table === undefined || other.table === lock.table));

describe('what every generated statement declares it locks', () => {
  it('is what the statement-safety table says of the statement parsed back', async () => {
    const statements = await generatedStatements();
    expect(statements.length).toBeGreaterThan(100);
    let compared = 0;
    for (const { spec, statement } of statements) {
      if (statement.asWritten) continue; // the user's own SQL: its locks were read from it
      // The enum rebuild's ALTER COLUMN ... TYPE runs from EXECUTE format(), not as SQL text, and the
      // type it renames is no table: of it, only what names a table is compared.
      const rebuild = statement.sql.includes('__without_label');
      const fromSql = parsed(statement).filter((lock) => !rebuild || lock.table !== undefined);
      const fromBuilder = declared(statement).filter((lock) => !rebuild || lock.table !== undefined);
      const where = `${spec}:\n${statement.sql}\nparsed: ${JSON.stringify(fromSql)}\ndeclared: ${JSON.stringify(fromBuilder)}`;
      expect(fromSql.every((lock) => among(lock, fromBuilder)), where).toBe(true);
      expect(fromBuilder.every((lock) => among(lock, fromSql)), where).toBe(true);
      compared += declared(statement).length > 0 ? 1 : 0;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('names the tables it cannot know beforehand (the enum rebuild of a downgrade)', async () => {
    const statements = await generatedStatements();
    const rebuild = statements.find(({ statement }) => statement.sql.includes('__without_label'));
    expect(rebuild?.statement.locks?.map((lock) => (isDescribed(lock.table) ? lock.table.described : undefined))).toEqual(['every table with a column of type migration.mood']);
  });
});

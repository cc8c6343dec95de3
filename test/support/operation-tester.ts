import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import type { RenderContext } from '../../src/operations/model.js';
import { operationKind, type OperationName, type RawOperation } from '../../src/operations/registry.js';
import { emptyModel } from '../../src/schema/model.js';
import { BUILT_IN_DEFAULTS, readSpec, type SpecDefaults } from '../../src/spec-file/read-spec.js';
import { loadSqlParser } from '../../src/sql/sql-parser.js';
import { tableKey, type DowngradeStatement, type Statement } from '../../src/sql/statement.js';

// An operation tried in-process, as typescript-eslint's RuleTester tries a rule and Alembic's
// op_fixture an operation: a spec is read as `generate` reads it (against a known schema when the
// case gives one), and the upgrade and downgrade statements it would write come back as text.
// No CLI, no database: a table of cases per operation runs in milliseconds.

/** How a statement reads in a case: its SQL, after `AUTOCOMMIT: ` when it runs outside the transaction; a refusal as `REFUSE: reason`. */
function shown(statement: DowngradeStatement): string {
  return 'refuse' in statement ? `REFUSE: ${statement.refuse}` : `${statement.autocommit ? 'AUTOCOMMIT: ' : ''}${statement.sql}`;
}

export interface Tried {
  readonly upgrade: string[];
  readonly downgrade: string[];
  /** Warnings by path (the case's own operation's paths relative to it). */
  readonly warnings: Record<string, string>;
}

export interface TryOptions {
  /** Operations of earlier migrations: the known schema (as the history's specs build it), which the spec is held to. */
  readonly known?: readonly RawOperation[];
  /** Operations before the tried one in the same spec. */
  readonly before?: readonly RawOperation[];
  readonly schema?: string;
  readonly defaults?: SpecDefaults;
}

const relative = (index: number) => (path: string) => path.replace(new RegExp(`^operations\\[${index}\\]\\.?`), '');

/** The statements of the last operation of `before + operation`, or the problems the spec reader reports. */
export async function tryOperation(operation: unknown, options: TryOptions = {}): Promise<Tried | { readonly problems: Record<string, string> }> {
  const sql = await loadSqlParser();
  const defaults = options.defaults ?? BUILT_IN_DEFAULTS;
  const schema = options.schema ?? defaults.schema;
  const model = emptyModel(false);
  if (options.known) readSpec({ message: 'known', schema, operations: options.known }, sql, defaults, { model, source: 'the known schema', strict: false });
  const operations = [...(options.before ?? []), operation];
  const index = operations.length - 1;
  const path = relative(index);
  try {
    const { migration, warnings } = readSpec({ message: 'tried', schema, operations }, sql, defaults, { model, source: "the history's specs", strict: options.known !== undefined });
    // The operations before it run first: the tables they create are new for it.
    const newTables = new Set<string>();
    const context = (): RenderContext => ({ schema, naming: defaults.naming, newTables: new Set(newTables), pacing: migration.pacing });
    for (const earlier of migration.operations.slice(0, index)) {
      for (const statement of operationKind(earlier).upgrade(earlier, context()) as Statement[]) if (statement.creates) newTables.add(tableKey(statement.creates));
    }
    const read = migration.operations[index]!;
    const kind = operationKind(read);
    const upgrade = kind.upgrade(read, context());
    // Its downgrade runs first in the downgrade: no table is new for it.
    newTables.clear();
    return {
      upgrade: upgrade.map(shown),
      downgrade: kind.downgrade(read, context()).map(shown),
      warnings: Object.fromEntries(warnings.map((warning) => [path(warning.path), warning.message])),
    };
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return { problems: Object.fromEntries(error.problems.map((problem) => [path(problem.path), problem.message])) };
  }
}

/** Each statement is one statement PostgreSQL's own parser accepts. */
async function expectParsable(statements: readonly string[]): Promise<void> {
  const sql = await loadSqlParser();
  for (const statement of statements) {
    if (statement.startsWith('REFUSE: ')) continue;
    const parsed = sql.parse(statement.replace(/^AUTOCOMMIT: /, ''));
    expect('error' in parsed ? parsed.error : parsed.tree.stmts?.length, statement).toBe(1);
  }
}

type Expected = readonly unknown[];

/** A statement that holds each part, in this order (a DO block's guard, then what it runs). */
export function holding(...parts: string[]): unknown {
  return expect.stringMatching(new RegExp(parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')));
}

/** A statement run outside the migration's transaction. */
export function autocommit(statement: string): string {
  return `AUTOCOMMIT: ${statement}`;
}

export interface ValidCase extends TryOptions {
  readonly name: string;
  /** The operation of the table (checked when the case runs), as a valid spec holds it. */
  readonly operation: RawOperation;
  /** The upgrade's statements, in order (strings, or matchers such as expect.stringContaining). */
  readonly upgrade: Expected;
  readonly downgrade: Expected;
  /** Warnings by path, each message or a matcher; none when absent. */
  readonly warnings?: Readonly<Record<string, unknown>>;
}

export interface InvalidCase extends TryOptions {
  readonly name: string;
  /** Anything a spec file may hold for the table's operation. */
  readonly operation: { readonly op: OperationName } & Readonly<Record<string, unknown>>;
  /** Every problem reported, by path (relative to the operation), each message or a matcher. */
  readonly problems: Readonly<Record<string, unknown>>;
}

/** A table of cases for one operation: valid ones with the statements they give, invalid ones with their problems. */
export function testOperation(op: OperationName, cases: { readonly valid: readonly ValidCase[]; readonly invalid: readonly InvalidCase[] }): void {
  describe(op, () => {
    it.each(cases.valid.map((testCase) => [testCase.name, testCase] as const))('valid: %s', async (_name, testCase) => {
      expect(testCase.operation.op, 'a case of another operation').toBe(op);
      const tried = await tryOperation(testCase.operation, testCase);
      if ('problems' in tried) return expect.fail(`expected the case to read, but: ${JSON.stringify(tried.problems, null, 1)}`);
      expect(tried.upgrade).toEqual(testCase.upgrade);
      expect(tried.downgrade).toEqual(testCase.downgrade);
      expect(tried.warnings).toEqual(testCase.warnings ?? {});
      await expectParsable([...tried.upgrade, ...tried.downgrade]);
    });
    it.each(cases.invalid.map((testCase) => [testCase.name, testCase] as const))('invalid: %s', async (_name, testCase) => {
      expect(testCase.operation.op, 'a case of another operation').toBe(op);
      const tried = await tryOperation(testCase.operation, testCase);
      if (!('problems' in tried)) return expect.fail(`expected problems, but the case read: ${JSON.stringify(tried, null, 1)}`);
      expect(tried.problems).toEqual(testCase.problems);
    });
  });
}

import type { PgParser } from './pg-parser.js';
import { readSqlFacts } from './sql-facts.js';
import { lockOn } from './lock-facts.js';
import { shown, statementActions, type QualifiedName, type StatementAction } from './statement-actions.js';
import { hasNewlineInQuotes } from './sql-lexer.js';
import { statementsOf, type SqlParser } from './sql-parser.js';
import type { LockTaken, SqlStatement, TableName } from './statement.js';

export interface ScriptAnalysis {
  readonly statements: readonly SqlStatement[];
  /** What the script destroys or rewrites, for a warning: "DELETE on public.users". */
  readonly destroys: readonly string[];
}

type Node = Record<string, unknown>;

function relationName(relation: unknown): string {
  const node = relation as { schemaname?: string; relname?: string } | undefined;
  return node?.relname ? `${node.schemaname ? `${node.schemaname}.` : ''}${node.relname}` : 'a table';
}

/**
 * Why re-running this statement after it succeeded once would fail, if it would, from the
 * statement-safety table (the one `check` reports from). Generated migrations must be
 * re-runnable, so raw SQL needs its IF [NOT] EXISTS / OR REPLACE / ON CONFLICT form, or a DO
 * block whose IF looks the object up in the catalog: those are read with the PL/pgSQL parser
 * when `parser` has one, exactly as `check` reads them.
 */
function rerunProblem(actions: readonly StatementAction[]): string | undefined {
  for (const action of actions) {
    const { rerun } = action.safety;
    if (action.unknown) return `${action.kind} is a statement this version of create-migration does not know, so it cannot tell whether it is safe to run twice`;
    if (rerun.kind === 'refused') return rerun.reason;
    if (action.rerunSafe || action.inline || rerun.kind === 'safe') continue;
    const what = action.action;
    if (rerun.kind === 'clause') return `${what} without ${rerun.clause} fails when run again; write ${rerun.guarded}`;
    return `${what} has no IF NOT EXISTS and fails when run again; run it in ${rerun.guarded}`;
  }
  return undefined;
}

/** The problem of a DO block's statements (each with the guard it has there), as check reads them. */
function doBlockProblem(plpgsql: PgParser, sql: string): string | undefined {
  const facts = readSqlFacts(plpgsql, sql, undefined);
  const problem = facts.problems[0];
  if (problem) return `is not valid SQL: ${problem.message}`;
  const unsafe = facts.actions.filter((action) => action.unknown || action.safety.rerun.kind === 'refused' || (action.guard === undefined && !action.inline));
  const found = rerunProblem(unsafe);
  return found === undefined ? undefined : `in a DO block: ${found}`;
}

function destroys(kind: string, node: Node): string | undefined {
  switch (kind) {
    case 'DeleteStmt':
      return `DELETE on ${relationName(node.relation)}`;
    case 'UpdateStmt':
      return `UPDATE on ${relationName(node.relation)}`;
    case 'TruncateStmt':
      return `TRUNCATE of ${((node.relations as { RangeVar: unknown }[] | undefined) ?? []).map((item) => relationName(item.RangeVar)).join(', ')}`;
    case 'DropStmt':
      return `DROP ${String(node.removeType ?? '').replace(/^OBJECT_/, '')}`;
    case 'AlterTableStmt':
      return JSON.stringify(node.cmds ?? []).includes('"AT_DropColumn"') ? `DROP COLUMN on ${relationName(node.relation)}` : undefined;
    default:
      return undefined;
  }
}

/** A table as written in the user's SQL: by schema and name when qualified, else as written (the search_path decides). */
function writtenTable(name: QualifiedName): TableName | { described: string } {
  return name.schema !== undefined ? { schema: name.schema, name: name.name } : { described: shown(name) };
}

/** What the statement's actions lock, as the statement-safety table says. */
function locksOf(actions: readonly StatementAction[]): LockTaken[] {
  return actions.flatMap((action) =>
    action.safety.lock && action.table
      ? [lockOn(writtenTable(action.table), action.safety, { ...(action.referenced?.schema !== undefined && { referenced: { schema: action.referenced.schema, name: action.referenced.name } }), ...(action.detail !== undefined && { detail: action.detail }) })]
      : [],
  );
}

/** Splits a user's SQL into statements with PostgreSQL's parser and says what each needs. */
export function analyzeScript(parser: SqlParser, text: string): ScriptAnalysis | { problem: string } {
  if (text.trim() === '') return { problem: 'must not be empty' };
  if (text.includes('\u0000')) return { problem: 'must not contain a NUL character' };
  const result = parser.parse(text);
  if ('error' in result) {
    const before = result.position === undefined ? '' : Buffer.from(text, 'utf8').subarray(0, result.position).toString('utf8');
    const line = before.split('\n').length;
    return { problem: `is not valid SQL: ${result.error}${result.position === undefined ? '' : ` (line ${line})`}` };
  }
  const statements: SqlStatement[] = [];
  const destroyed: string[] = [];
  for (const { text: sql, stmt } of statementsOf(result.tree, text)) {
    const [kind, node] = Object.entries(stmt)[0] as [string, Node];
    const actions = statementActions(stmt);
    const problem = rerunProblem(actions) ?? (kind === 'DoStmt' && parser.plpgsql ? doBlockProblem(parser.plpgsql, sql) : undefined);
    if (problem) return { problem: `${problem}: ${sql.split('\n')[0]}` };
    const destruction = destroys(kind, node);
    if (destruction) destroyed.push(destruction);
    const autocommit = actions.some((action) => action.safety.outsideTransaction === true);
    const changesSchema = actions.some((action) => action.safety.changes === 'schema');
    const locks = locksOf(actions);
    statements.push({ sql, autocommit, verbatim: hasNewlineInQuotes(sql), changesSchema, ...(locks.length > 0 && { locks }) });
  }
  if (statements.length === 0) return { problem: 'has no SQL statement (only comments?)' };
  return { statements, destroys: destroyed };
}

import { sqlOfSqlalchemyText } from '../render/sqlalchemy-text.js';
import { newlineOffsets, newlinesBefore } from '../sql/newlines.js';
import type { PgParser } from '../sql/pg-parser.js';
import type { PgNode } from '../sql/safety-model.js';
import { statementActions, type QualifiedName, type StatementAction } from '../sql/statement-actions.js';
import { readSqlFacts, type Guard } from '../sql/sql-facts.js';
import { opStatements } from './op-statements.js';
import type { CodeContext, ExecutedSql, OpCall, Phase, PythonFacts, Unanalysed } from './python/python-facts.js';
import type { PythonParser } from './python/python-parser.js';
import { readPython } from './python/read-python.js';
import type { StaticString } from './python/string-literal.js';
import type { SyntaxTree } from './python/syntax-node.js';

/** One action of the migration, from its SQL or from an Alembic operation call, with where it runs. */
export interface FileAction extends StatementAction, CodeContext {
  readonly line: number;
  readonly guard?: Guard;
  readonly inDoBlock: boolean;
  /** The operation call it comes from; absent for SQL. */
  readonly op?: { readonly call: OpCall; readonly display: string; readonly guardKeyword?: 'if_not_exists' | 'if_exists' };
  /**
   * The table it locks is the migration's own in every phase it runs in: created earlier in that
   * phase, or dropped by it (a downgrade undoing what its upgrade created) at or after this point.
   */
  readonly onNewTable: boolean;
  /** `lock_timeout` was set earlier in the same migration (in every phase it runs in). */
  readonly afterLockTimeout: boolean;
  /** Its column is proven NOT NULL by a validated CHECK (column IS NOT NULL) made earlier in the same phase. */
  readonly afterNotNullProof: boolean;
}

/** Everything the per-file rules look at. */
export interface FileFacts {
  readonly python: PythonFacts;
  /** In source order. */
  readonly actions: readonly FileAction[];
  readonly sqlProblems: readonly Unanalysed[];
  readonly unanalysed: readonly Unanalysed[];
}

/** The parsers check reads a file with: tree-sitter's Python grammar serves what check's own reader leaves to it. */
export interface Parsers {
  readonly python: PythonParser;
  readonly sql: PgParser;
}

/**
 * Maps offsets of `sql` (the text after SQLAlchemy's unescaping, which changes nothing but
 * characters within lines) to lines of the file, through the n-th newline of the source string.
 */
function lineMapper(source: StaticString, sql: string): (offset: number) => number {
  const sqlNewlines = newlineOffsets(sql);
  const sourceNewlines = newlineOffsets(source.value);
  return (offset) => {
    const line = newlinesBefore(sqlNewlines, offset);
    return source.lineOf(line === 0 ? 0 : sourceNewlines[line - 1]! + 1);
  };
}

/** The SQL PostgreSQL receives: SQLAlchemy's bind parameters and a driver's `%s` / `%(name)s` placeholders as `$n`. */
function sqlSent(executed: ExecutedSql): string {
  let sql = executed.sql.value;
  // Without a colon there is no bind parameter to replace: skip the two Unicode-aware regexes.
  if (sql.includes(':')) sql = sqlOfSqlalchemyText(sql);
  if (executed.withParameters && sql.includes('%')) sql = sql.replace(/%%|%\([^)]*\)s|%s/g, (match) => (match === '%%' ? '%' : '$1'));
  return sql;
}

const sameTable = (a: QualifiedName, b: QualifiedName): boolean => a.name === b.name && (a.schema === undefined || b.schema === undefined || a.schema === b.schema);

type Unplaced = Omit<FileAction, 'onNewTable' | 'afterLockTimeout' | 'afterNotNullProof'>;

/** Columns proven NOT NULL by a validated CHECK (column IS NOT NULL), per phase, as the migration goes. */
class NotNullProofs {
  private readonly pending = new Map<string, string>();
  private readonly proven = new Set<string>();

  record(phase: Phase, action: Unplaced): void {
    const table = action.table ? `${phase}:${action.table.schema ?? ''}.${action.table.name}` : undefined;
    if (table === undefined) return;
    const check = action.checksNotNull;
    if (check?.validated) this.proven.add(`${table}.${check.column}`);
    else if (check?.constraint !== undefined) this.pending.set(`${table}#${check.constraint}`, check.column);
    const column = action.validates !== undefined ? this.pending.get(`${table}#${action.validates}`) : undefined;
    if (column !== undefined) this.proven.add(`${table}.${column}`);
  }

  has(phase: Phase, action: Unplaced): boolean {
    return action.table !== undefined && action.column !== undefined && this.proven.has(`${phase}:${action.table.schema ?? ''}.${action.table.name}.${action.column}`);
  }
}

/** Marks what runs on a table made earlier in the same phase, after a lock_timeout, or on a column proven NOT NULL, in source order. */
function placeInMigration(actions: Unplaced[]): FileAction[] {
  const sorted = actions.map((action, index) => ({ action, index })).sort((a, b) => a.action.line - b.action.line || a.index - b.index);
  const created = new Map<Phase, QualifiedName[]>([
    ['upgrade', []],
    ['downgrade', []],
  ]);
  const timeout = new Set<Phase>();
  const proofs = new NotNullProofs();
  // What each phase drops, and the last place it does: actions before that are on a table going away.
  const dropped = new Map<Phase, { table: QualifiedName; at: number }[]>([
    ['upgrade', []],
    ['downgrade', []],
  ]);
  sorted.forEach(({ action }, at) => {
    for (const phase of action.phases) for (const table of action.dropsTables ?? []) dropped.get(phase)!.push({ table, at });
  });
  const own = (phase: Phase, table: QualifiedName, at: number): boolean =>
    created.get(phase)!.some((made) => sameTable(made, table)) || dropped.get(phase)!.some((drop) => drop.at >= at && sameTable(drop.table, table));
  return sorted.map(({ action }, at) => {
    const phases = action.phases;
    const onNewTable = phases.length > 0 && action.table !== undefined && phases.every((phase) => own(phase, action.table!, at));
    const afterLockTimeout = phases.length > 0 && phases.every((phase) => timeout.has(phase));
    const afterNotNullProof = phases.length > 0 && phases.every((phase) => proofs.has(phase, action));
    for (const phase of phases) {
      if (action.createsTable) created.get(phase)!.push(action.createsTable);
      if (action.setsLockTimeout) timeout.add(phase);
      proofs.record(phase, action);
    }
    return { ...action, onNewTable, afterLockTimeout, afterNotNullProof };
  });
}

/** The facts of a migration from its syntax tree, with PostgreSQL's parser for the SQL it runs. */
export function readFileFacts(tree: SyntaxTree, pg: PgParser): FileFacts {
  const python = readPython(tree);
  const actions: Unplaced[] = [];
  const sqlProblems: Unanalysed[] = [];
  const unanalysed: Unanalysed[] = [...python.unanalysed];
  for (const executed of python.executedSql) {
    const sql = sqlSent(executed);
    const context: CodeContext = { phases: executed.phases, inAutocommit: executed.inAutocommit, inspectionGuard: executed.inspectionGuard };
    const facts = readSqlFacts(pg, sql, executed.inspectionGuard ? { kind: 'inspection' } : undefined);
    const lineOf = lineMapper(executed.sql, sql);
    for (const action of facts.actions) actions.push({ ...action, ...context, line: lineOf(action.offset) });
    for (const problem of facts.problems) {
      if (executed.sql.interpolated) {
        const parts = executed.sql.interpolated.map((part) => `{${part}}`).join(', ');
        unanalysed.push({ line: lineOf(problem.offset), message: `SQL built at run time from ${parts} cannot be read with stand-ins for them (${problem.message})` });
      } else {
        sqlProblems.push({ line: lineOf(problem.offset), message: problem.message });
      }
    }
  }
  const expression = (sql: string): PgNode | undefined => {
    const parsed = pg.parse(`SELECT ${sql}`);
    if ('error' in parsed) return undefined;
    return (parsed.stmts[0]?.stmt.SelectStmt as { targetList?: { ResTarget: { val: PgNode } }[] } | undefined)?.targetList?.[0]?.ResTarget.val;
  };
  for (const call of python.opCalls) {
    const receiver = call.batch?.alias ?? 'op';
    const translated = opStatements(call, expression);
    if (!translated) {
      unanalysed.push({ line: call.line, message: `${receiver}.${call.name}() is not an Alembic operation check knows (a plugin's?), so it is not checked` });
      continue;
    }
    // The names it is given, as a reader finds them in the call: `op.add_column("users", "email")`.
    const names = call.positional.slice(0, 2).map((argument) => (argument.kind === 'string' ? argument.value : call.name === 'add_column' && argument.kind === 'column' ? argument.column.name : undefined));
    const shownNames = names.slice(0, names.findIndex((name) => name === undefined) >>> 0).map((name) => JSON.stringify(name));
    const display = `${receiver}.${call.name}(${shownNames.join(', ')})`;
    const context: CodeContext = { phases: call.phases, inAutocommit: call.inAutocommit, inspectionGuard: call.inspectionGuard };
    for (const statement of translated.statements) {
      for (const action of statementActions(statement)) {
        const guard: Guard | undefined = action.rerunSafe ? { kind: 'clause' } : call.inspectionGuard ? { kind: 'inspection' } : undefined;
        const op = { call, display, ...(translated.guardKeyword && { guardKeyword: translated.guardKeyword }) };
        actions.push({ ...action, ...context, line: call.line, inDoBlock: false, ...(guard && { guard }), op });
      }
    }
  }
  const placed = placeInMigration(actions);
  for (const action of placed) {
    if (action.unknown) unanalysed.push({ line: action.line, message: `${action.kind} is a statement this version of create-migration does not know, so it is not checked` });
  }
  return { python, actions: placed, sqlProblems, unanalysed };
}

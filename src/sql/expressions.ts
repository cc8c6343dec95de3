import { volatileCall } from './alter-table-safety.js';
import type { SqlParser } from './sql-parser.js';

/** Where a user's SQL expression is placed, which decides what it may contain. */
export type ExpressionUse = 'default' | 'check' | 'predicate' | 'value' | 'backfill';

export type ExpressionResult = { problem: string } | CheckedExpression;

export interface CheckedExpression {
  /** The expression exactly as the user wrote it. */
  readonly text: string;
  /** Column names it refers to, in order of first use. */
  readonly columns: readonly string[];
  /**
   * True when it is a single term (a constant, a cast, a function call). Anything else is
   * parenthesized in a column's DEFAULT, where PostgreSQL's grammar accepts only b_expr.
   */
  readonly simple: boolean;
  /** A function it calls whose value differs per row (`gen_random_uuid`), when it calls one: as a default, it rewrites the table. */
  readonly volatile?: string;
}

const SIMPLE_TOP_NODES = new Set(['A_Const', 'TypeCast', 'FuncCall', 'SQLValueFunction', 'A_ArrayExpr', 'ColumnRef']);

const PREFIX = 'SELECT ';
// A second target on the same line: a trailing `--` comment in the fragment would swallow it,
// just as it would swallow the rest of the line the fragment is rendered into.
const SENTINEL = ', 1';
// Fragments are re-indented inside generated SQL, which would change a string literal that spans
// lines, so they must be one line; other control characters have no place in DDL either.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function walk(node: unknown, visit: (kind: string, value: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (/^[A-Z]/.test(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        visit(key, value as Record<string, unknown>);
      }
      walk(value, visit);
    }
  }
}

function columnName(ref: Record<string, unknown>): string | undefined {
  const fields = ref.fields as { String?: { sval: string } }[] | undefined;
  const last = fields?.[fields.length - 1];
  return last?.String?.sval;
}

const RULES: Record<ExpressionUse, { columns: boolean; subqueries?: true; what: string }> = {
  default: { columns: false, what: 'a DEFAULT' },
  check: { columns: true, what: 'a CHECK constraint' },
  predicate: { columns: true, what: 'an index predicate' },
  value: { columns: true, what: 'this expression' },
  // The value of UPDATE ... SET column = <it>: the row's other columns, and subqueries, are allowed.
  backfill: { columns: true, subqueries: true, what: 'a backfill' },
};

/**
 * Checks that `text` is exactly one SQL expression, as PostgreSQL's parser reads it, and that
 * PostgreSQL will accept it where it is used. Returns the columns it refers to.
 */
export function checkExpression(parser: SqlParser, text: string, use: ExpressionUse): ExpressionResult {
  if (text.trim() === '') return { problem: 'must not be empty' };
  if (CONTROL.test(text)) return { problem: 'must be a single line without control characters (tabs, newlines)' };
  const result = parser.parse(PREFIX + text);
  if ('error' in result) {
    // libpg-query reports a 0-based offset; PostgreSQL's own messages count characters from 1.
    const at = result.position !== undefined && result.position >= PREFIX.length ? ` at character ${result.position - PREFIX.length + 1}` : '';
    return { problem: `is not a valid SQL expression: ${result.error}${at}` };
  }
  const statements = result.tree.stmts ?? [];
  if (statements.length !== 1) return { problem: 'must be one SQL expression, not several statements' };
  const select = statements[0]!.stmt.SelectStmt as Record<string, unknown> | undefined;
  const targets = select?.targetList as { ResTarget: Record<string, unknown> }[] | undefined;
  const extraClauses = select ? Object.keys(select).filter((key) => !['targetList', 'limitOption', 'op'].includes(key)) : [];
  if (!select || !targets || extraClauses.length > 0) return { problem: 'must be one SQL expression, not a query' };
  if (targets.length !== 1) return { problem: 'must be one SQL expression, not a list' };
  if (targets[0]!.ResTarget.name !== undefined) return { problem: 'must be one SQL expression without an alias (AS ...)' };
  const sentinel = parser.parse(PREFIX + text + SENTINEL);
  const sentinelTargets = 'tree' in sentinel ? (sentinel.tree.stmts?.[0]?.stmt.SelectStmt as { targetList?: unknown[] } | undefined)?.targetList : undefined;
  if (sentinelTargets?.length !== 2) return { problem: 'must not end in a -- comment, which would hide the SQL that follows it' };
  const rule = RULES[use];
  const columns: string[] = [];
  let problem: string | undefined;
  walk(targets[0]!.ResTarget.val, (kind, value) => {
    if (kind === 'SubLink' && !rule.subqueries) problem ??= `cannot contain a subquery: PostgreSQL does not allow one in ${rule.what}`;
    if (kind === 'ColumnRef') {
      const name = columnName(value);
      if (!rule.columns) {
        problem ??= name === undefined
          ? `cannot refer to columns in ${rule.what}`
          : `refers to a column "${name}", which ${rule.what} cannot; if you meant the text, quote it: '${name}'`;
      } else if (name !== undefined && !columns.includes(name)) {
        columns.push(name);
      }
    }
  });
  if (problem) return { problem };
  const top = Object.keys((targets[0]!.ResTarget.val ?? {}) as object)[0] ?? '';
  const volatile = volatileCall(targets[0]!.ResTarget.val);
  return { text: text.trim(), columns, simple: SIMPLE_TOP_NODES.has(top), ...(volatile !== undefined && { volatile }) };
}

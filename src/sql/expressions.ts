import { byteLength } from './identifiers.js';
import type { ParseTree, SqlParser } from './sql-parser.js';

/** Where a user's SQL expression is placed, which decides what it may contain. */
export type ExpressionUse = 'default' | 'check' | 'predicate' | 'value';

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

const RULES: Record<ExpressionUse, { columns: boolean; what: string }> = {
  default: { columns: false, what: 'a DEFAULT' },
  check: { columns: true, what: 'a CHECK constraint' },
  predicate: { columns: true, what: 'an index predicate' },
  value: { columns: true, what: 'this expression' },
};

type Target = { ResTarget: Record<string, unknown> };

/** The plain SELECT's targets, when the tree is one SELECT of nothing but a target list. */
function bareTargets(tree: ParseTree): Target[] | undefined {
  const statements = tree.stmts ?? [];
  const select = statements.length === 1 ? (statements[0]!.stmt.SelectStmt as Record<string, unknown> | undefined) : undefined;
  if (!select || Object.keys(select).some((key) => !['targetList', 'limitOption', 'op'].includes(key))) return undefined;
  return select.targetList as Target[] | undefined;
}

/**
 * The expression's target when `text` is exactly one expression: parsed with the sentinel after
 * it, one target of the user's and then the sentinel, at the very end. Whatever else comes back
 * is told apart (and worded) by the slower path below, which parses twice.
 */
function soleTarget(parser: SqlParser, text: string): Target | undefined {
  const result = parser.parse(PREFIX + text + SENTINEL);
  const targets = 'tree' in result ? bareTargets(result.tree) : undefined;
  if (targets?.length !== 2 || targets[0]!.ResTarget.name !== undefined) return undefined;
  // The sentinel's `1` sits just past the text (a byte offset): a second target of the user's
  // (`1, 2 -- c`, whose comment hides the sentinel) never does.
  return targets[1]!.ResTarget.location === byteLength(PREFIX + text + SENTINEL) - 1 ? targets[0] : undefined;
}

/** Why `text` is not exactly one expression: only called once the quick test failed. */
function shapeProblem(parser: SqlParser, text: string): string {
  const result = parser.parse(PREFIX + text);
  if ('error' in result) {
    // libpg-query reports a 0-based offset; PostgreSQL's own messages count characters from 1.
    const at = result.position !== undefined && result.position >= PREFIX.length ? ` at character ${result.position - PREFIX.length + 1}` : '';
    return `is not a valid SQL expression: ${result.error}${at}`;
  }
  if ((result.tree.stmts ?? []).length !== 1) return 'must be one SQL expression, not several statements';
  const targets = bareTargets(result.tree);
  if (!targets) return 'must be one SQL expression, not a query';
  if (targets.length !== 1) return 'must be one SQL expression, not a list';
  if (targets[0]!.ResTarget.name !== undefined) return 'must be one SQL expression without an alias (AS ...)';
  return 'must not end in a -- comment, which would hide the SQL that follows it';
}

/**
 * Checks that `text` is exactly one SQL expression, as PostgreSQL's parser reads it, and that
 * PostgreSQL will accept it where it is used. Returns the columns it refers to.
 */
export function checkExpression(parser: SqlParser, text: string, use: ExpressionUse): ExpressionResult {
  if (text.trim() === '') return { problem: 'must not be empty' };
  if (CONTROL.test(text)) return { problem: 'must be a single line without control characters (tabs, newlines)' };
  const target = soleTarget(parser, text);
  if (!target) return { problem: shapeProblem(parser, text) };
  const rule = RULES[use];
  const columns: string[] = [];
  let problem: string | undefined;
  walk(target.ResTarget.val, (kind, value) => {
    if (kind === 'SubLink') problem ??= `cannot contain a subquery: PostgreSQL does not allow one in ${rule.what}`;
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
  const top = Object.keys((target.ResTarget.val ?? {}) as object)[0] ?? '';
  return { text: text.trim(), columns, simple: SIMPLE_TOP_NODES.has(top) };
}

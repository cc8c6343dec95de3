import { catalogLookups, type CatalogObject } from './catalog-guard.js';
import { dollarQuote } from './do-block.js';
import { newlineOffsets } from './newlines.js';
import type { PgNode, PgParser } from './pg-parser.js';
import { statementActions, type StatementAction } from './statement-actions.js';

/** How a statement is kept from failing (or doing harm) when its object already is (or is not) there. */
export type Guard =
  /** Its own IF [NOT] EXISTS or OR REPLACE, or nothing needed: it is safe to run again as written. */
  | { readonly kind: 'clause' }
  /** Inside a DO block's IF that looks the object up in the catalog. */
  | { readonly kind: 'catalog'; readonly checks: ReadonlySet<CatalogObject> }
  /** Inside a PL/pgSQL block whose EXCEPTION handler catches duplicate_object and the like. */
  | { readonly kind: 'exception' }
  /** Under a Python `if` that looks the object up in the database. */
  | { readonly kind: 'inspection' };

/** One action of the SQL (see statement-actions.ts), with the guard it has and where it is. */
export interface SqlAction extends StatementAction {
  readonly guard?: Guard;
  readonly inDoBlock: boolean;
  /** Character offset of the statement (or, in a DO block, of its line) in the SQL text. */
  readonly offset: number;
}

/** What one piece of SQL does, statement by statement, and what could not be read. */
export interface SqlFacts {
  readonly actions: readonly SqlAction[];
  readonly problems: readonly { readonly offset: number; readonly message: string }[];
}

/** PL/pgSQL's own COMMIT and ROLLBACK, which end the transaction a DO block runs in. */
const PLPGSQL_TRANSACTION: Readonly<Record<string, string>> = { PLpgSQL_stmt_commit: 'COMMIT', PLpgSQL_stmt_rollback: 'ROLLBACK' };

/** EXCEPTION handlers that turn "already exists" / "does not exist" into a no-op. */
const GUARDING_CONDITIONS = /^(duplicate_|undefined_|others$|unique_violation$)/;

type Expr = { PLpgSQL_expr: { query: string } };

function charOffset(text: string, byteOffset: number): number {
  // Parser offsets count UTF-8 bytes; the common all-ASCII case needs no conversion.
  if (/^[\x00-\x7f]*$/.test(text)) return byteOffset;
  return Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}

/** PostgreSQL's statement locations include the whitespace and comments before a statement. */
function skipSpaceAndComments(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at += 1;
    if (text.startsWith('--', at)) {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('/*', at)) {
      const end = text.indexOf('*/', at + 2);
      at = end < 0 ? text.length : end + 2;
    } else {
      return at;
    }
  }
}

/** The offset where 1-based `line` starts, from the text's newline offsets (past the last line: the last line's start). */
function lineStart(newlines: readonly number[], line: number): number {
  const before = Math.min(line - 1, newlines.length);
  return before <= 0 ? 0 : newlines[before - 1]! + 1;
}

/** The actions of `statement`, each with the guard it has or inherits from where it runs. */
function guardedActions(statement: PgNode, offset: number, surrounding: Guard | undefined, inDoBlock: boolean): SqlAction[] {
  return statementActions(statement).map((action) => {
    const guard: Guard | undefined = action.rerunSafe ? { kind: 'clause' } : surrounding;
    return { ...action, ...(guard !== undefined && { guard }), inDoBlock, offset };
  });
}

class SqlReader {
  readonly actions: SqlAction[] = [];
  readonly problems: { offset: number; message: string }[] = [];

  constructor(private readonly parser: PgParser) {}

  read(sql: string, base: number, guard: Guard | undefined, inDoBlock: boolean): void {
    const parsed = this.parser.parse(sql);
    if ('error' in parsed) {
      this.problems.push({ offset: base, message: parsed.error });
      return;
    }
    for (const { stmt, stmt_location: location = 0 } of parsed.stmts) {
      const offset = base + skipSpaceAndComments(sql, charOffset(sql, location));
      if ('DoStmt' in stmt) this.readDo(sql, stmt.DoStmt as PgNode, base, guard);
      else this.actions.push(...guardedActions(stmt, inDoBlock ? base : offset, guard, inDoBlock));
    }
  }

  private readDo(sql: string, node: PgNode, base: number, guard: Guard | undefined): void {
    let body: string | undefined;
    let location = 0;
    for (const { DefElem: option } of (node.args as { DefElem: PgNode }[]) ?? []) {
      const value = (option.arg as { String?: { sval: string } } | undefined)?.String?.sval;
      if (option.defname === 'language' && value?.toLowerCase() !== 'plpgsql') return;
      if (option.defname === 'as' && value !== undefined) {
        body = value;
        location = charOffset(sql, (option.location as number | undefined) ?? 0);
      }
    }
    if (body === undefined) return;
    const opening = /^\$[A-Za-z_0-9]*\$|^'/.exec(sql.slice(location))?.[0] ?? '';
    const bodyOffset = base + location + opening.length;
    const tag = dollarQuote(body);
    const tree = this.parser.parsePlPgSql(`CREATE FUNCTION pg_temp.create_migration_check() RETURNS void LANGUAGE plpgsql AS ${tag}${body}${tag}`);
    if ('error' in tree) {
      this.problems.push({ offset: bodyOffset, message: `in the DO block: ${tree.error as string}` });
      return;
    }
    const functions = tree.plpgsql_funcs as { PLpgSQL_function: { action: PgNode } }[];
    const newlines = newlineOffsets(body);
    const at = (lineno: unknown): number => bodyOffset + lineStart(newlines, typeof lineno === 'number' ? lineno : 1);
    for (const { PLpgSQL_function: fn } of functions) this.readBlock([fn.action], guard, at);
  }

  private readBlock(statements: unknown, guard: Guard | undefined, at: (lineno: unknown) => number): void {
    for (const entry of (statements as PgNode[] | undefined) ?? []) {
      const [type, node] = Object.entries(entry)[0] as [string, PgNode];
      switch (type) {
        case 'PLpgSQL_stmt_block': {
          const handlers = ((node.exceptions as { PLpgSQL_exception_block?: { exc_list?: PgNode[] } } | undefined)?.PLpgSQL_exception_block?.exc_list ?? []);
          const catches = handlers.some((handler) =>
            ((handler.PLpgSQL_exception as { conditions?: PgNode[] }).conditions ?? []).some((condition) =>
              GUARDING_CONDITIONS.test(String((condition.PLpgSQL_condition as { condname?: string }).condname ?? '')),
            ),
          );
          this.readBlock(node.body, catches ? { kind: 'exception' } : guard, at);
          break;
        }
        case 'PLpgSQL_stmt_if': {
          const inner = this.conditionGuard((node.cond as Expr).PLpgSQL_expr.query, guard);
          this.readBlock(node.then_body, inner, at);
          for (const elsif of (node.elsif_list as { PLpgSQL_if_elsif: PgNode }[]) ?? []) {
            const branch = elsif.PLpgSQL_if_elsif;
            this.readBlock(branch.stmts, this.conditionGuard((branch.cond as Expr).PLpgSQL_expr.query, inner), at);
          }
          this.readBlock(node.else_body, inner, at);
          break;
        }
        case 'PLpgSQL_stmt_execsql':
          this.read((node.sqlstmt as Expr).PLpgSQL_expr.query, at(node.lineno), guard, true);
          break;
        case 'PLpgSQL_stmt_dynexecute':
          this.readDynamic((node.query as Expr).PLpgSQL_expr.query, at(node.lineno), guard);
          break;
        case 'PLpgSQL_stmt_commit':
        case 'PLpgSQL_stmt_rollback': {
          const word = PLPGSQL_TRANSACTION[type]!;
          this.actions.push(...guardedActions({ TransactionStmt: { kind: word === 'COMMIT' ? 'TRANS_STMT_COMMIT' : 'TRANS_STMT_ROLLBACK' } }, at(node.lineno), guard, true));
          break;
        }
        case 'PLpgSQL_stmt_case':
          for (const when of (node.case_when_list as { PLpgSQL_case_when: PgNode }[]) ?? []) this.readBlock(when.PLpgSQL_case_when.stmts, guard, at);
          this.readBlock(node.else_stmts, guard, at);
          break;
        default:
          // Loops of every kind keep their statements in `body`.
          if (Array.isArray(node.body)) this.readBlock(node.body, guard, at);
      }
    }
  }

  private conditionGuard(condition: string, outer: Guard | undefined): Guard | undefined {
    const checks = catalogLookups(this.parser, condition);
    return checks.size > 0 ? { kind: 'catalog', checks } : outer;
  }

  /** EXECUTE 'literal SQL' is read like the SQL itself; anything built at run time is not. */
  private readDynamic(expression: string, offset: number, guard: Guard | undefined): void {
    const parsed = this.parser.parse(`SELECT ${expression}`);
    if ('error' in parsed) return;
    const target = (parsed.stmts[0]?.stmt.SelectStmt as { targetList?: { ResTarget: { val: PgNode } }[] } | undefined)?.targetList;
    const literal = (target?.[0]?.ResTarget.val.A_Const as { sval?: { sval: string } } | undefined)?.sval?.sval;
    if (target?.length === 1 && literal !== undefined) this.read(literal, offset, guard, true);
  }
}

/**
 * What `sql` runs: each statement (and each statement of its DO blocks) with its own IF [NOT]
 * EXISTS, or the guard it inherits from a DO block's catalog lookup, an EXCEPTION handler, or
 * `surrounding` (a Python guard).
 */
export function readSqlFacts(parser: PgParser, sql: string, surrounding: Guard | undefined): SqlFacts {
  const reader = new SqlReader(parser);
  reader.read(sql, 0, surrounding, false);
  return { actions: reader.actions, problems: reader.problems };
}

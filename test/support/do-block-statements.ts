import { dollarQuote } from '../../src/sql/do-block.js';
import { loadPgParser } from '../../src/sql/pg-parser.js';
import { loadSqlParser, statementsOf } from '../../src/sql/sql-parser.js';

// A migration's SQL with each DO block replaced by the statements it runs, in order, for a tool
// that does not look inside DO blocks (squawk): its IF guards and loops are left out, what they
// run stays.

type Node = Record<string, unknown>;

function collect(statements: unknown, into: string[]): void {
  for (const entry of (statements as Node[] | undefined) ?? []) {
    const [type, node] = Object.entries(entry)[0] as [string, Node];
    if (type === 'PLpgSQL_stmt_execsql') into.push((node.sqlstmt as { PLpgSQL_expr: { query: string } }).PLpgSQL_expr.query);
    if (type === 'PLpgSQL_stmt_if') {
      collect(node.then_body, into);
      for (const branch of (node.elsif_list as { PLpgSQL_if_elsif: Node }[] | undefined) ?? []) collect(branch.PLpgSQL_if_elsif.stmts, into);
      collect(node.else_body, into);
    } else if (Array.isArray(node.body)) {
      collect(node.body, into);
    }
  }
}

/** `sql` with every DO block's body unwrapped into its statements, each ending in `;`. */
export async function unwrapDoBlocks(sql: string): Promise<string> {
  const raw = await loadSqlParser();
  const plpgsql = await loadPgParser();
  const parsed = raw.parse(sql);
  if ('error' in parsed) throw new Error(parsed.error);
  const out: string[] = [];
  for (const { text, stmt } of statementsOf(parsed.tree, sql)) {
    const body = (((stmt.DoStmt as Node | undefined)?.args as { DefElem: Node }[] | undefined) ?? []).find((arg) => arg.DefElem.defname === 'as')?.DefElem.arg as { String?: { sval: string } } | undefined;
    if (body?.String === undefined) {
      out.push(text.endsWith(';') ? text : `${text};`);
      continue;
    }
    const tag = dollarQuote(body.String.sval);
    const tree = plpgsql.parsePlPgSql(`CREATE FUNCTION pg_temp.unwrapped() RETURNS void LANGUAGE plpgsql AS ${tag}${body.String.sval}${tag}`);
    if ('error' in tree) throw new Error(`${tree.error as string}: ${text}`);
    const inner: string[] = [];
    for (const fn of tree.plpgsql_funcs as { PLpgSQL_function: { action: Node } }[]) collect([fn.PLpgSQL_function.action], inner);
    out.push(...inner.map((statement) => `${statement.trim()};`));
  }
  return `${out.join('\n\n')}\n`;
}

import { loadPgQueryWasm, type PgQueryWasm } from './pg-query-wasm.js';

/**
 * PostgreSQL's own parser (libpg-query, compiled to WASM). It is loaded on first use only,
 * so commands that check no SQL do not pay for compiling the module.
 */
export interface SqlParser {
  /** The parse tree, or the parser's error with the offset it points at. */
  parse(sql: string): { tree: ParseTree } | { error: string; position: number | undefined };
}

export interface ParseTree {
  stmts?: { stmt: Record<string, unknown> }[];
}

/** Each statement of a parse tree with its own text, cut from `sql` by the parser's byte offsets. */
export function statementsOf(tree: ParseTree, sql: string): { readonly text: string; readonly stmt: Record<string, unknown> }[] {
  const bytes = Buffer.from(sql, 'utf8');
  return (tree.stmts ?? []).map((entry) => {
    const { stmt_location: start = 0, stmt_len: length = 0 } = entry as { stmt_location?: number; stmt_len?: number };
    return { text: bytes.subarray(start, length === 0 ? bytes.length : start + length).toString('utf8').trim(), stmt: entry.stmt };
  });
}

let loading: Promise<PgQueryWasm> | undefined;
let parser: Promise<SqlParser> | undefined;

/**
 * Loads the parser's JavaScript and starts compiling its WASM, which goes on in the background:
 * whatever the caller does next (reading a history) overlaps the compilation.
 */
function startLoadingSqlParser(): void {
  if (loading) return;
  loading = loadPgQueryWasm();
  // Awaited by loadSqlParser; until then a failure must not count as unhandled.
  loading.catch(() => undefined);
}

export function loadSqlParser(): Promise<SqlParser> {
  parser ??= (async () => {
    startLoadingSqlParser();
    const wasm = await loading!;
    return {
      parse(sql: string) {
        const output = wasm.parse(sql);
        if ('error' in output) return { error: output.error, position: output.position };
        return { tree: JSON.parse(output.json) as ParseTree };
      },
    };
  })();
  return parser;
}

const UNUSED: SqlParser = {
  parse() {
    throw new Error("create-migration: the SQL parser was used for a spec that holds no SQL; a field read as SQL is not declared as sql in its operation's declaration");
  },
};

/** Starts loading the parser (see startLoadingSqlParser) when there is SQL to check. */
export function startLoadingSqlParserIf(holdsSql: boolean): void {
  if (holdsSql) startLoadingSqlParser();
}

/** The parser when there is SQL to check; without any, it is never loaded. */
export function sqlParserIf(holdsSql: boolean): Promise<SqlParser> {
  return holdsSql ? loadSqlParser() : Promise.resolve(UNUSED);
}

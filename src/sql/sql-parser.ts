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

/** Spec fields that hold SQL for the parser to check. */
const SQL_FIELDS = new Set(['server_default', 'from_server_default', 'expression', 'where', 'using', 'from_using', 'backfill', 'check', 'upgrade', 'downgrade', 'definition']);

function holdsSql(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSql);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, item]) => (SQL_FIELDS.has(key) && (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')) || holdsSql(item));
}

const UNUSED: SqlParser = {
  parse() {
    throw new Error('create-migration: the SQL parser was used for a spec that holds no SQL; SQL_FIELDS is incomplete');
  },
};

/** Starts loading the parser (see startLoadingSqlParser) when `rawSpec` holds SQL to check. */
export function startLoadingSqlParserFor(rawSpec: unknown): void {
  if (holdsSql(rawSpec)) startLoadingSqlParser();
}

/** The parser when `rawSpec` holds SQL to check; a spec without any skips loading it. */
export function sqlParserFor(rawSpec: unknown): Promise<SqlParser> {
  return holdsSql(rawSpec) ? loadSqlParser() : Promise.resolve(UNUSED);
}

import { loadPgParser, type PgParser } from './pg-parser.js';
import { loadPgQueryWasm, type PgQueryWasm } from './pg-query-wasm.js';

/**
 * PostgreSQL's own parser (libpg-query, compiled to WASM). It is loaded on first use only,
 * so commands that check no SQL do not pay for compiling the module.
 */
export interface SqlParser {
  /** The parse tree, or the parser's error with the offset it points at. */
  parse(sql: string): { tree: ParseTree } | { error: string; position: number | undefined };
  /** The parser with PL/pgSQL, to read DO blocks as `check` does; loaded only for SQL that may hold one. */
  readonly plpgsql?: PgParser;
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

/** The parser; with PL/pgSQL too (the default) when DO blocks may need reading. */
export async function loadSqlParser({ plpgsql = true }: { plpgsql?: boolean } = {}): Promise<SqlParser> {
  const [plain, withPlpgsql] = await Promise.all([loadPlainSqlParser(), plpgsql ? loadPgParser() : undefined]);
  return withPlpgsql ? { ...plain, plpgsql: withPlpgsql } : plain;
}

function loadPlainSqlParser(): Promise<SqlParser> {
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

/** Whether any string of the spec could hold a DO block (the word DO): only then is PL/pgSQL needed. */
export function mayHoldDoBlock(value: unknown): boolean {
  if (typeof value === 'string') return /\bdo\b/i.test(value);
  if (Array.isArray(value)) return value.some(mayHoldDoBlock);
  return value !== null && typeof value === 'object' && Object.values(value).some(mayHoldDoBlock);
}

/**
 * The parser when there is SQL to check (with PL/pgSQL when `rawSpec` may hold a DO block);
 * without any SQL, it is never loaded.
 */
export function sqlParserIf(holdsSql: boolean, rawSpec: unknown): Promise<SqlParser> {
  return holdsSql ? loadSqlParser({ plpgsql: mayHoldDoBlock(rawSpec) }) : Promise.resolve(UNUSED);
}

import { createRequire } from 'node:module';
import { loadPgParser, type PgParser } from './pg-parser.js';
/**
 * PostgreSQL's own parser (libpg-query, compiled to WASM). It is loaded on first use only,
 * so commands that check no SQL do not pay for compiling the module.
 */
export interface SqlParser {
  /** The parse tree, or the parser's error with the offset it points at. */
  parse(sql: string): { tree: ParseTree } | { error: string; position: number | undefined };
  /** The parser with PL/pgSQL, to read DO blocks as `check` does; loaded only for SQL that has one. */
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

type PgQuery = typeof import('libpg-query');

let compiling: Promise<{ pgQuery: PgQuery; compiled: Promise<unknown> }> | undefined;
let loading: Promise<SqlParser> | undefined;

/**
 * Loads the parser's JavaScript and starts compiling its WASM, which goes on in the background:
 * whatever the caller does next (reading a history) overlaps the compilation.
 */
async function startLoadingSqlParser(): Promise<void> {
  // require, not import(): the package is CommonJS, and import() would first scan its source for
  // export names (7 ms of every run that checks SQL).
  compiling ??= Promise.resolve().then(() => {
    const pgQuery = createRequire(import.meta.url)('libpg-query') as PgQuery;
    return { pgQuery, compiled: pgQuery.loadModule() };
  });
  await compiling;
}

/** The parser; with PL/pgSQL too (the default) when DO blocks may need reading. */
export async function loadSqlParser({ plpgsql = true }: { plpgsql?: boolean } = {}): Promise<SqlParser> {
  const [parser, withPlpgsql] = await Promise.all([loadPlainSqlParser(), plpgsql ? loadPgParser() : undefined]);
  return withPlpgsql ? { ...parser, plpgsql: withPlpgsql } : parser;
}

function loadPlainSqlParser(): Promise<SqlParser> {
  loading ??= (async () => {
    await startLoadingSqlParser();
    const { pgQuery, compiled } = await compiling!;
    await compiled;
    return {
      parse(sql: string) {
        try {
          return { tree: pgQuery.parseSync(sql) as ParseTree };
        } catch (error) {
          const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
          return { error: (error as Error).message, position: details?.cursorPosition };
        }
      },
    };
  })();
  return loading;
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
export async function startLoadingSqlParserFor(rawSpec: unknown): Promise<void> {
  if (holdsSql(rawSpec)) await startLoadingSqlParser();
}

/** Whether any string of the spec could hold a DO block (the word DO): only then is PL/pgSQL needed. */
function mayHoldDoBlock(value: unknown): boolean {
  if (typeof value === 'string') return /\bdo\b/i.test(value);
  if (Array.isArray(value)) return value.some(mayHoldDoBlock);
  return value !== null && typeof value === 'object' && Object.values(value).some(mayHoldDoBlock);
}

/** The parser when `rawSpec` holds SQL to check (with PL/pgSQL when it may hold a DO block); a spec without any skips loading it. */
export function sqlParserFor(rawSpec: unknown): Promise<SqlParser> {
  return holdsSql(rawSpec) ? loadSqlParser({ plpgsql: mayHoldDoBlock(rawSpec) }) : Promise.resolve(UNUSED);
}

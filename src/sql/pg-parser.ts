import { loadPlPgSqlWasm, type ParserOutput } from './pg-query-wasm.js';

import type { PgNode } from './safety-model.js';

/**
 * PostgreSQL's parser with its PL/pgSQL parser (@libpg-query/parser): for `check`, the SQL of
 * op.execute and the bodies of DO blocks; for `generate`, the DO blocks of an `execute`. Loaded on
 * first use only, like the Python grammar. (src/sql/sql-parser.ts is the lighter libpg-query
 * build `generate` splits scripts with; it has no PL/pgSQL.)
 */
export type { PgNode };

export interface PgParser {
  /** The statements, each with its byte offset in `sql`; or the parser's error. */
  parse(sql: string): { stmts: { stmt: PgNode; stmt_location?: number }[] } | { error: string };
  /** The PL/pgSQL function tree of a CREATE FUNCTION ... LANGUAGE plpgsql statement. */
  parsePlPgSql(createFunction: string): PgNode | { error: string };
}

let loading: Promise<PgParser> | undefined;

/** Generated histories repeat whole statements (every file's schema guard); each is parsed once. */
const MEMO_LIMIT = 20_000;

function memoized<T>(parse: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    let result = memo.get(text);
    if (result === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      result = parse(text);
      memo.set(text, result);
    }
    return result;
  };
}

function parsed<T>(output: ParserOutput): T | { error: string } {
  if ('error' in output) return output;
  try {
    return JSON.parse(output.json) as T;
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export function loadPgParser(): Promise<PgParser> {
  loading ??= (async () => {
    const wasm = await loadPlPgSqlWasm();
    return {
      parse: memoized((sql) => {
        const tree = parsed<{ stmts?: { stmt: PgNode; stmt_location?: number }[] }>(wasm.parse(sql));
        return 'error' in tree ? tree : { stmts: tree.stmts ?? [] };
      }),
      parsePlPgSql: memoized((text) => parsed<PgNode>(wasm.parsePlPgSql(text))),
    };
  })();
  return loading;
}

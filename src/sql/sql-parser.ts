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

let loading: Promise<SqlParser> | undefined;

export function loadSqlParser(): Promise<SqlParser> {
  loading ??= (async () => {
    const pgQuery = await import('libpg-query');
    await pgQuery.loadModule();
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

import { loadSqlParser } from '../../src/sql/sql-parser.js';

/** Splits SQL text into its statements with PostgreSQL's own parser (stmt_location / stmt_len). */
export async function splitStatements(sql: string): Promise<string[]> {
  const parser = await loadSqlParser();
  const result = parser.parse(sql);
  if ('error' in result) throw new Error(`cannot split SQL: ${result.error}\n${sql}`);
  const bytes = Buffer.from(sql, 'utf8');
  return (result.tree.stmts ?? []).map((entry) => {
    const { stmt_location: start = 0, stmt_len: length } = entry as { stmt_location?: number; stmt_len?: number };
    const end = length === undefined || length === 0 ? bytes.length : start + length;
    return bytes.subarray(start, end).toString('utf8').trim();
  });
}

/** The statements of an offline (--sql) upgrade that change the user's schema: no transaction control, no alembic_version. */
export async function schemaStatements(offlineSql: string): Promise<string[]> {
  const statements = await splitStatements(offlineSql);
  return statements.filter((statement) => !/^(BEGIN|COMMIT)\b/i.test(statement) && !/alembic_version/i.test(statement));
}

import { loadSqlParser, statementsOf } from '../../src/sql/sql-parser.js';

/** The statements of an offline (--sql) upgrade that change the user's schema: no transaction control, no alembic_version. */
export async function schemaStatements(offlineSql: string): Promise<string[]> {
  const result = (await loadSqlParser()).parse(offlineSql);
  if ('error' in result) throw new Error(`cannot split SQL: ${result.error}\n${offlineSql}`);
  return statementsOf(result.tree, offlineSql)
    .map((statement) => statement.text)
    .filter((statement) => !/^(BEGIN|COMMIT)\b/i.test(statement) && !/alembic_version/i.test(statement));
}

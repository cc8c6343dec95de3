import { sqlOfSqlalchemyText } from '../render/sqlalchemy-text.js';
import type { CodeContext, PythonFacts } from './python/python-facts.js';
import type { PythonParser } from './python/python-parser.js';
import { readPython } from './python/read-python.js';
import type { StaticString } from './python/string-literal.js';
import type { DdlStatement } from './sql/ddl-statement.js';
import type { PgParser } from './sql/pg-parser.js';
import { readSqlFacts } from './sql/sql-facts.js';

/** A DDL action of the migration's SQL, with the file line it is on and where it runs. */
export interface SqlStatementFact extends DdlStatement, CodeContext {
  readonly line: number;
}

/** Everything the per-file rules look at. */
export interface FileFacts {
  readonly python: PythonFacts;
  readonly statements: readonly SqlStatementFact[];
  readonly sqlProblems: readonly { readonly line: number; readonly message: string }[];
}

export interface Parsers {
  readonly python: PythonParser;
  readonly sql: PgParser;
}

/** The file line of `offset` in `sql`, which differs from `source` only within lines. */
function lineIn(source: StaticString, sql: string, offset: number): number {
  let newlines = 0;
  for (let i = 0; i < offset && i < sql.length; i += 1) if (sql.charCodeAt(i) === 10) newlines += 1;
  let original = 0;
  for (let seen = 0; seen < newlines; seen += 1) original = source.value.indexOf('\n', original) + 1;
  return source.lineOf(original);
}

export function readFileFacts(text: string, parsers: Parsers): FileFacts {
  const tree = parsers.python.parse(text);
  let python: PythonFacts;
  try {
    python = readPython(tree);
  } finally {
    tree.delete();
  }
  const statements: SqlStatementFact[] = [];
  const sqlProblems: { line: number; message: string }[] = [];
  for (const executed of python.executedSql) {
    const sql = sqlOfSqlalchemyText(executed.sql.value);
    const context: CodeContext = { phases: executed.phases, inAutocommit: executed.inAutocommit, inspectionGuard: executed.inspectionGuard };
    const facts = readSqlFacts(parsers.sql, sql, executed.inspectionGuard ? { kind: 'inspection' } : undefined);
    for (const statement of facts.statements) statements.push({ ...statement, ...context, line: lineIn(executed.sql, sql, statement.offset) });
    for (const problem of facts.problems) sqlProblems.push({ line: lineIn(executed.sql, sql, problem.offset), message: problem.message });
  }
  return { python, statements, sqlProblems };
}

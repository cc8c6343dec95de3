import { sqlOfSqlalchemyText } from '../render/sqlalchemy-text.js';
import { newlineOffsets, newlinesBefore } from './newlines.js';
import type { CodeContext, PythonFacts } from './python/python-facts.js';
import type { PythonParser } from './python/python-parser.js';
import { readPython } from './python/read-python.js';
import { copyTree } from './python/syntax-node.js';
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

/**
 * Maps offsets of `sql` (the text after SQLAlchemy's unescaping, which changes nothing but
 * characters within lines) to lines of the file, through the n-th newline of the source string.
 */
function lineMapper(source: StaticString, sql: string): (offset: number) => number {
  const sqlNewlines = newlineOffsets(sql);
  const sourceNewlines = newlineOffsets(source.value);
  return (offset) => {
    const line = newlinesBefore(sqlNewlines, offset);
    return source.lineOf(line === 0 ? 0 : sourceNewlines[line - 1]! + 1);
  };
}

export function readFileFacts(text: string, parsers: Parsers): FileFacts {
  const tree = parsers.python.parse(text);
  let python: PythonFacts;
  try {
    python = readPython(copyTree(tree, text));
  } finally {
    tree.delete();
  }
  const statements: SqlStatementFact[] = [];
  const sqlProblems: { line: number; message: string }[] = [];
  for (const executed of python.executedSql) {
    // Without a colon there is no bind parameter to replace: skip the two Unicode-aware regexes.
    const sql = executed.sql.value.includes(':') ? sqlOfSqlalchemyText(executed.sql.value) : executed.sql.value;
    const context: CodeContext = { phases: executed.phases, inAutocommit: executed.inAutocommit, inspectionGuard: executed.inspectionGuard };
    const facts = readSqlFacts(parsers.sql, sql, executed.inspectionGuard ? { kind: 'inspection' } : undefined);
    const lineOf = lineMapper(executed.sql, sql);
    for (const statement of facts.statements) statements.push({ ...statement, ...context, line: lineOf(statement.offset) });
    for (const problem of facts.problems) sqlProblems.push({ line: lineOf(problem.offset), message: problem.message });
  }
  return { python, statements, sqlProblems };
}

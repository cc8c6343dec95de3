import { fileFinding, type FileRule } from './rule.js';

export const unparsableSql: FileRule = {
  scope: 'file',
  id: 'unparsable-sql',
  severity: 'warning',
  summary: "SQL given to op.execute that PostgreSQL's parser rejects, so check cannot look inside it (and the migration may fail)",
  fix: 'correct the SQL; run it with psql against a scratch database to see the error in place',
  example: 'op.execute("CREATE TABLE accounts (id bigint,)")',
  check(facts) {
    return facts.sqlProblems.map((problem) => fileFinding(this, problem.line, `PostgreSQL's parser rejects this SQL: ${problem.message}`));
  },
};

import type { DdlStatement } from '../sql/ddl-statement.js';
import { fileFinding, type FileRule } from './rule.js';

/** How the statement reads with its guard: `CREATE INDEX IF NOT EXISTS`, `CREATE OR REPLACE VIEW`. */
function guardedForm(action: string, clause: NonNullable<DdlStatement['clause']>): string {
  if (clause === 'OR REPLACE') return action.replace(/^CREATE /, 'CREATE OR REPLACE ');
  if (action === 'CREATE TABLE AS') return 'CREATE TABLE IF NOT EXISTS ... AS';
  return `${action} ${clause}`;
}

export const unguardedSql: FileRule = {
  scope: 'file',
  id: 'unguarded-sql',
  severity: 'error',
  summary: 'SQL that creates, adds or drops an object without IF [NOT] EXISTS or a DO block that checks the catalog fails when run again',
  fix: 'write IF NOT EXISTS / IF EXISTS, or run the statement in a DO block under a pg_catalog lookup of that very object',
  check(facts) {
    return facts.statements
      .filter((statement) => statement.guard === undefined)
      .map((statement) =>
        fileFinding(
          this,
          statement.line,
          `${statement.action} ${statement.object} has no existence guard, so it fails when the migration runs again`,
          statement.clause !== undefined
            ? `write ${guardedForm(statement.action, statement.clause)}`
            : `PostgreSQL has no IF NOT EXISTS for ${statement.action}: run it in a DO block under IF NOT EXISTS (SELECT 1 FROM pg_catalog... for that very object)`,
        ),
      );
  },
};

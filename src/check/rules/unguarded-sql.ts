import { fileFinding, type FileRule } from './rule.js';

export const unguardedSql: FileRule = {
  scope: 'file',
  id: 'unguarded-sql',
  severity: 'error',
  summary: 'SQL that fails (or adds its rows again) when run twice, with no IF [NOT] EXISTS, OR REPLACE, ON CONFLICT or DO block that looks the object up',
  fix: 'write IF NOT EXISTS / IF EXISTS / OR REPLACE, or run the statement in a DO block under a pg_catalog lookup of that very object',
  example: 'op.execute("CREATE TABLE accounts (id bigint)")',
  check(facts) {
    return facts.actions
      .filter((action) => !action.op && !action.rerunSafe && action.guard === undefined && !action.inline && !action.unknown && action.safety.rerun.kind !== 'refused')
      .map((action) => {
        const { rerun } = action.safety;
        const fix =
          rerun.kind === 'clause'
            ? `write ${rerun.guarded}`
            : `PostgreSQL has no IF NOT EXISTS for ${action.action}: run it in ${rerun.kind === 'guard' ? rerun.guarded : 'a DO block under a lookup of that very object'}`;
        const what = action.object === '' ? action.action : `${action.action} ${action.object}`;
        return fileFinding(this, action.line, `${what} has no existence guard, so it fails when the migration runs again`, fix);
      });
  },
};

import { fileFinding, type FileRule } from './rule.js';

export const interpolatedSql: FileRule = {
  scope: 'file',
  id: 'interpolated-sql',
  severity: 'warning',
  summary: 'SQL built at run time (an f-string, .format() or %) from values no constant of the file gives: check reads the rest with a stand-in, but cannot know what fills it',
  fix: 'use a module-level constant for names, and bind parameters (sa.text(...).bindparams(...)) for values',
  example: 'op.execute(f"CREATE INDEX IF NOT EXISTS ix_{table}_name ON {table} (name)")',
  check(facts) {
    return facts.python.interpolations.map((interpolation) => fileFinding(this, interpolation.line, `the SQL interpolates ${interpolation.message} at run time; check read it with a stand-in`));
  },
};

import { fileFinding, type FileRule } from './rule.js';

export const notUnderstood: FileRule = {
  scope: 'file',
  id: 'not-understood',
  severity: 'warning',
  summary: 'code check cannot analyse (SQL built at run time, an operation or statement it does not know): it is not checked, so review it by hand',
  fix: 'write the SQL as a literal (or a module-level constant), or review this code by hand and run `create-migration verify`',
  example: 'op.execute(build_sql())',
  check(facts) {
    return facts.unanalysed.map((item) => fileFinding(this, item.line, item.message));
  },
};

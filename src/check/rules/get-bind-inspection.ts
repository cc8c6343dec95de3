import { fileFinding, type FileRule } from './rule.js';

export const getBindInspection: FileRule = {
  scope: 'file',
  id: 'get-bind-inspection',
  severity: 'warning',
  summary: 'op.get_bind() reads the database from Python, which offline mode (`alembic upgrade --sql`) cannot do',
  fix: 'decide in SQL instead: IF [NOT] EXISTS, or a DO block that looks the object up in pg_catalog',
  check(facts) {
    return facts.python.getBindLines.map((line) =>
      fileFinding(this, line, 'op.get_bind() inspects the database from Python: `alembic upgrade --sql` cannot run this migration, and its SQL differs by database state'),
    );
  },
};

import { fileFinding, type FileRule } from './rule.js';

export const getBindInspection: FileRule = {
  scope: 'file',
  id: 'get-bind-inspection',
  severity: 'warning',
  summary: 'Python reads the database (an inspector, a query whose result is used, checkfirst=True), which offline mode (`alembic upgrade --sql`) cannot do',
  fix: 'decide in SQL instead: IF [NOT] EXISTS, or a DO block that looks the object up in pg_catalog',
  example: 'if not sa.inspect(op.get_bind()).has_table("accounts"):',
  check(facts) {
    return facts.python.inspections.map((line) =>
      fileFinding(this, line, 'this reads the database from Python: `alembic upgrade --sql` cannot run this migration, and its SQL differs by database state'),
    );
  },
};

import { fileFinding, type FileRule } from './rule.js';

export const transactionControl: FileRule = {
  scope: 'file',
  id: 'transaction-control',
  severity: 'error',
  summary: "BEGIN, COMMIT, ROLLBACK or SAVEPOINT in a migration's SQL: it ends or nests the transaction Alembic runs the migration in (squawk's transaction-nesting), so what follows runs unprotected and the version table may not match",
  fix: 'remove it; put a statement that cannot run in a transaction inside `with op.get_context().autocommit_block():`',
  example: 'op.execute("COMMIT")',
  check(facts) {
    return facts.actions
      .filter((action) => action.safety.rerun.kind === 'refused' && !(action.inDoBlock && action.inAutocommit))
      .map((action) =>
        fileFinding(
          this,
          action.line,
          action.inDoBlock
            ? `${action.object || 'COMMIT/ROLLBACK'} inside a DO block outside an autocommit block: PostgreSQL refuses to end the migration's transaction there`
            : 'transaction control in the SQL of a migration: Alembic already runs it in a transaction',
        ),
      );
  },
};

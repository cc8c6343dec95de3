import { fileFinding, type FileRule } from './rule.js';

export const concurrentlyOutsideAutocommit: FileRule = {
  scope: 'file',
  id: 'concurrently-outside-autocommit',
  severity: 'error',
  summary: 'a statement PostgreSQL refuses inside a transaction block (CREATE/DROP INDEX CONCURRENTLY, VACUUM, ...) runs in the transaction Alembic wraps a migration in, or inside a DO block',
  fix: 'run it inside `with op.get_context().autocommit_block():`',
  example: 'op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_accounts_name ON accounts (name)")',
  check(facts) {
    return facts.actions.flatMap((action) => {
      if (!action.safety.outsideTransaction) return [];
      const what = `${action.action} ${action.object}`.trim();
      if (action.inDoBlock) {
        return [
          fileFinding(
            this,
            action.line,
            `${what} is inside a DO block, where PostgreSQL never allows it`,
            'run it as its own op.execute inside `with op.get_context().autocommit_block():` (IF NOT EXISTS / IF EXISTS guard it)',
          ),
        ];
      }
      if (action.inAutocommit) return [];
      const source = action.op ? `${action.op.display} (${what})` : what;
      return [fileFinding(this, action.line, `${source} runs inside the migration's transaction, where PostgreSQL refuses it`)];
    });
  },
};

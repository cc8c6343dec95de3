import { fileFinding, type FileRule } from './rule.js';

export const concurrentlyOutsideAutocommit: FileRule = {
  scope: 'file',
  id: 'concurrently-outside-autocommit',
  severity: 'error',
  summary: 'CREATE/DROP INDEX CONCURRENTLY cannot run inside the transaction Alembic wraps a migration in',
  fix: 'run it inside `with op.get_context().autocommit_block():`',
  check(facts) {
    const fromSql = facts.statements.flatMap((statement) => {
      if (!statement.concurrently) return [];
      if (statement.inDoBlock) {
        return [
          fileFinding(
            this,
            statement.line,
            `${statement.action} CONCURRENTLY ${statement.object} is inside a DO block, where PostgreSQL never allows CONCURRENTLY`,
            'run it as its own op.execute inside `with op.get_context().autocommit_block():` (IF NOT EXISTS / IF EXISTS guard it)',
          ),
        ];
      }
      if (statement.inAutocommit) return [];
      return [fileFinding(this, statement.line, `${statement.action} CONCURRENTLY ${statement.object} runs inside the migration's transaction, where PostgreSQL refuses it`)];
    });
    const fromOps = facts.python.opCalls.flatMap((call) => {
      const flag = call.keywords.get('postgresql_concurrently');
      if (!['create_index', 'drop_index'].includes(call.name) || flag?.kind !== 'bool' || !flag.value || call.inAutocommit) return [];
      return [fileFinding(this, call.line, `op.${call.name}(..., postgresql_concurrently=True) runs inside the migration's transaction, where PostgreSQL refuses it`)];
    });
    return [...fromSql, ...fromOps];
  },
};

import { blocks } from '../../sql/lock-modes.js';
import type { Phase } from '../python/python-facts.js';
import { fileFinding, type FileRule } from './rule.js';

export const requireLockTimeout: FileRule = {
  scope: 'file',
  id: 'require-lock-timeout',
  severity: 'warning',
  lockSafety: true,
  summary: 'a lock that blocks writes (or reads) on an existing table, taken with no lock_timeout set: queued behind one long query, the migration blocks every query on that table meanwhile',
  fix: 'start upgrade() and downgrade() with op.execute("SET LOCAL lock_timeout = \'5s\'") (a spec\'s lock_timeout does this), and retry the deploy when it times out',
  example: 'op.execute("ALTER TABLE accounts ADD COLUMN IF NOT EXISTS note text")',
  check(facts) {
    const reported = new Set<Phase>();
    return facts.actions.flatMap((action) => {
      const lock = action.safety.lock;
      if (!lock || !blocks(lock.mode).writes || action.onNewTable || action.afterLockTimeout || action.inAutocommit) return [];
      const phases = action.phases.filter((phase) => !reported.has(phase));
      if (phases.length === 0) return [];
      for (const phase of phases) reported.add(phase);
      const what = `${action.action} ${action.object}`.trim();
      return [fileFinding(this, action.line, `${action.op ? `${action.op.display}: ` : ''}${what} takes ${lock.mode} with no lock_timeout set before it in ${phases.join(' and ')}()`)];
    });
  },
};

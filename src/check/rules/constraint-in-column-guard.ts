import { fileFinding, type FileRule } from './rule.js';

export const constraintInColumnGuard: FileRule = {
  scope: 'file',
  id: 'constraint-in-column-guard',
  severity: 'error',
  summary: 'a constraint added under the guard of its column (or table) is skipped whenever the column exists without it, so a retry never adds it',
  fix: 'add the constraint in its own DO block, guarded by pg_constraint for that table (conrelid = to_regclass(...) AND conname = ...)',
  example: 'ALTER TABLE accounts ADD COLUMN IF NOT EXISTS owner_id bigint REFERENCES users (id)',
  check(facts) {
    return facts.actions.flatMap((action) => {
      if (action.kind === 'AlterTableStmt.AT_AddConstraint' && action.guard?.kind === 'catalog' && !action.guard.checks.has('constraint')) {
        const checked = [...action.guard.checks].join(' and ');
        return [fileFinding(this, action.line, `ADD CONSTRAINT ${action.object} runs under a guard that looks up the ${checked}, not the constraint`)];
      }
      if (action.kind === 'AlterTableStmt.AT_AddColumn' && action.guard !== undefined && action.inlineConstraints) {
        return [
          fileFinding(
            this,
            action.line,
            `ADD COLUMN ${action.object} carries ${action.inlineConstraints.join(', ')} inline: when the column already exists the constraint is never added`,
            'add the column alone, then the constraint in its own DO block guarded by pg_constraint for that table',
          ),
        ];
      }
      return [];
    });
  },
};

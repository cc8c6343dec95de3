import { fileFinding, type FileRule } from './rule.js';

export const constraintInColumnGuard: FileRule = {
  scope: 'file',
  id: 'constraint-in-column-guard',
  severity: 'error',
  summary: 'a constraint added under the guard of its column (or table) is skipped whenever the column exists without it, so a retry never adds it',
  fix: 'add the constraint in its own DO block, guarded by pg_constraint for that table (conrelid = to_regclass(...) AND conname = ...)',
  check(facts) {
    return facts.statements.flatMap((statement) => {
      if (statement.action === 'ADD CONSTRAINT' && statement.guard?.kind === 'catalog' && !statement.guard.checks.has('constraint')) {
        const checked = [...statement.guard.checks].join(' and ');
        return [fileFinding(this, statement.line, `ADD CONSTRAINT ${statement.object} runs under a guard that looks up the ${checked}, not the constraint`)];
      }
      if (statement.action === 'ADD COLUMN' && statement.guard !== undefined && statement.inlineConstraints) {
        return [
          fileFinding(
            this,
            statement.line,
            `ADD COLUMN ${statement.object} carries ${statement.inlineConstraints.join(', ')} inline: when the column already exists the constraint is never added`,
            'add the column alone, then the constraint in its own DO block guarded by pg_constraint for that table',
          ),
        ];
      }
      return [];
    });
  },
};

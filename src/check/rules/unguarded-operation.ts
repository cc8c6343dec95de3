import type { FileAction } from '../file-facts.js';
import type { FileFinding } from '../finding.js';
import { fileFinding, type FileRule } from './rule.js';

/** The fix for an operation the safety table says needs a guard Alembic does not offer. */
function fixWithoutKeyword(action: FileAction): string {
  const { rerun } = action.safety;
  if (rerun.kind === 'clause') return `run it as op.execute("${rerun.guarded} ...")`;
  if (rerun.kind === 'guard') return `run it through op.execute as ${rerun.guarded}`;
  return 'run it through op.execute, guarded by a lookup of the object in pg_catalog';
}

export const unguardedOperation: FileRule = {
  scope: 'file',
  id: 'unguarded-operation',
  severity: 'error',
  summary: 'an Alembic operation (op.* or batch_op.*) or sa.Enum(...).create()/.drop() that fails when run again after a partial failure (the object already exists, or is already gone)',
  fix: 'pass if_not_exists=True / if_exists=True where Alembic offers it (checkfirst=True for an enum), else run the SQL through op.execute with a guard',
  example: 'op.add_column("accounts", sa.Column("name", sa.Text()))',
  check(facts) {
    const fromOps = facts.actions.flatMap((action): FileFinding[] => {
      if (!action.op || action.rerunSafe || action.guard !== undefined || action.inline || action.unknown || action.safety.rerun.kind === 'refused') return [];
      const { display, guardKeyword } = action.op;
      if (guardKeyword !== undefined && action.safety.rerun.kind === 'clause') {
        return [fileFinding(this, action.line, `${display} without ${guardKeyword}=True fails when run again`, `pass ${guardKeyword}=True`)];
      }
      return [fileFinding(this, action.line, `${display}: ${action.action} ${action.object} has no existence guard, and Alembic offers none for it`, fixWithoutKeyword(action))];
    });
    const fromEnums = facts.python.enums.flatMap((use): FileFinding[] => {
      if (use.via !== 'call' || use.checkfirst || use.inspectionGuard) return [];
      return [fileFinding(this, use.line, `enum ${use.name}: .${use.action}() without checkfirst=True fails when run again`, 'pass checkfirst=True')];
    });
    return [...fromOps, ...fromEnums];
  },
};

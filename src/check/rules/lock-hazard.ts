import { HAZARDS, type Hazard } from '../../sql/safety-model.js';
import { fileFinding, type FileRule } from './rule.js';

interface LockHazardDeclaration {
  readonly id: string;
  readonly hazard: Hazard;
  readonly summary: string;
  readonly example: string;
}

/**
 * A lock-safety rule: every action the statement-safety table marks with `hazard`, on a table that
 * existed before the migration (a table created earlier in the same migration is new and empty),
 * whether it comes from SQL (also inside DO blocks) or from an op.* / batch_op.* call. Its fix is
 * the safe form the table names for that hazard.
 */
export function lockHazardRule({ id, hazard, summary, example }: LockHazardDeclaration): FileRule {
  const declared: { readonly problem: string; readonly safeForm: string; readonly harmlessAfter?: 'lock-timeout' | 'proven-not-null' } = HAZARDS[hazard];
  const { problem, safeForm, harmlessAfter } = declared;
  return {
    scope: 'file',
    id,
    severity: 'warning',
    lockSafety: true,
    summary,
    fix: safeForm,
    example,
    check(facts) {
      return facts.actions
        .filter((action) => action.safety.hazards?.includes(hazard) && !action.onNewTable)
        .filter((action) => !(harmlessAfter === 'lock-timeout' && action.afterLockTimeout) && !(harmlessAfter === 'proven-not-null' && action.afterNotNullProof))
        .map((action) => {
          const what = `${action.action} ${action.object}`.trim();
          const source = action.op ? `${action.op.display}: ${what}` : what;
          return fileFinding(this, action.line, `${source} ${problem}${action.detail !== undefined ? ` (${action.detail})` : ''}`);
        });
    },
  };
}

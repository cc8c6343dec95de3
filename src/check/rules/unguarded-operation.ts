import type { OpCall } from '../python/python-facts.js';
import { fileFinding, type FileRule } from './rule.js';

/** Alembic operations and the keyword that makes each safe to run again, where Alembic has one. */
const GUARD_KEYWORDS: Readonly<Record<string, string | undefined>> = {
  create_table: 'if_not_exists',
  add_column: 'if_not_exists',
  create_index: 'if_not_exists',
  drop_table: 'if_exists',
  drop_column: 'if_exists',
  drop_index: 'if_exists',
  drop_constraint: 'if_exists',
  create_foreign_key: undefined,
  create_unique_constraint: undefined,
  create_check_constraint: undefined,
  create_primary_key: undefined,
  create_exclude_constraint: undefined,
};

function isGuarded(call: OpCall, keyword: string | undefined): boolean {
  if (call.inspectionGuard) return true;
  if (keyword === undefined) return false;
  const value = call.keywords.get(keyword);
  // A variable or expression is taken on trust; only a missing, False or None keyword is a finding.
  return value !== undefined && !(value.kind === 'bool' && !value.value) && value.kind !== 'none';
}

export const unguardedOperation: FileRule = {
  scope: 'file',
  id: 'unguarded-operation',
  severity: 'error',
  summary: 'an op.create_*/add_column/drop_* call fails when run again after a partial failure (the object already exists, or is already gone)',
  fix: 'pass if_not_exists=True (create_table, add_column, create_index) or if_exists=True (drop_*)',
  check(facts) {
    return facts.python.opCalls.flatMap((call) => {
      if (!(call.name in GUARD_KEYWORDS)) return [];
      const keyword = GUARD_KEYWORDS[call.name];
      if (isGuarded(call, keyword)) return [];
      const subject = call.subject !== undefined ? ` ${JSON.stringify(call.subject)}` : '';
      if (keyword === undefined) {
        return [
          fileFinding(
            this,
            call.line,
            `op.${call.name}(${subject.trim()}) has no existence guard, and Alembic offers none for it`,
            'use op.execute with a DO block that adds the constraint only when pg_constraint has no row for it on that table',
          ),
        ];
      }
      return [fileFinding(this, call.line, `op.${call.name}(${subject.trim()}) without ${keyword}=True fails when run again`, `pass ${keyword}=True`)];
    });
  },
};

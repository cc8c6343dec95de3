import { lockHazardRule } from './lock-hazard.js';

export const disallowedUniqueConstraint = lockHazardRule({
  id: 'disallowed-unique-constraint',
  hazard: 'unique-constraint',
  summary: 'ADD CONSTRAINT ... UNIQUE (or PRIMARY KEY) on an existing table builds its index under an ACCESS EXCLUSIVE lock: reads and writes wait',
  example: 'op.create_unique_constraint("uq_accounts_name", "accounts", ["name"])',
});

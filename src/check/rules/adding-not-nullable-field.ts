import { lockHazardRule } from './lock-hazard.js';

export const addingNotNullableField = lockHazardRule({
  id: 'adding-not-nullable-field',
  hazard: 'set-not-null',
  summary: 'SET NOT NULL on an existing column scans every row under an ACCESS EXCLUSIVE lock',
  example: 'op.alter_column("accounts", "name", nullable=False)',
});

import { lockHazardRule } from './lock-hazard.js';

export const changingColumnType = lockHazardRule({
  id: 'changing-column-type',
  hazard: 'type-change',
  summary: 'ALTER COLUMN ... TYPE on an existing table rewrites it and its indexes under an ACCESS EXCLUSIVE lock (unless the types are binary compatible)',
  example: 'op.alter_column("accounts", "id", type_=sa.BigInteger())',
});

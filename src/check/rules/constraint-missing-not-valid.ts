import { lockHazardRule } from './lock-hazard.js';

export const constraintMissingNotValid = lockHazardRule({
  id: 'constraint-missing-not-valid',
  hazard: 'validated-check',
  summary: 'ADD CONSTRAINT ... CHECK without NOT VALID on an existing table: every row is scanned under an ACCESS EXCLUSIVE lock',
  example: 'op.create_check_constraint("ck_accounts_name", "accounts", "name <> \'\'")',
});

import { lockHazardRule } from './lock-hazard.js';

export const addingForeignKeyConstraint = lockHazardRule({
  id: 'adding-foreign-key-constraint',
  hazard: 'validated-foreign-key',
  summary: 'a foreign key added without NOT VALID to an existing table: every row is scanned while writes to both tables wait',
  example: 'op.create_foreign_key("fk_accounts_owner", "accounts", "users", ["owner_id"], ["id"])',
});

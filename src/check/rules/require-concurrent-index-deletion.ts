import { lockHazardRule } from './lock-hazard.js';

export const requireConcurrentIndexDeletion = lockHazardRule({
  id: 'require-concurrent-index-deletion',
  hazard: 'index-drop',
  summary: 'DROP INDEX without CONCURRENTLY: an ACCESS EXCLUSIVE lock on the table, so reads and writes wait',
  example: 'op.execute("DROP INDEX IF EXISTS ix_accounts_name")',
});

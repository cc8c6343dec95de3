import { lockHazardRule } from './lock-hazard.js';

export const requireConcurrentIndexCreation = lockHazardRule({
  id: 'require-concurrent-index-creation',
  hazard: 'index-build',
  summary: 'CREATE INDEX (or REINDEX) without CONCURRENTLY on a table that existed before the migration: writes wait for the whole build',
  example: 'op.create_index("ix_accounts_name", "accounts", ["name"], if_not_exists=True)',
});

import { lockHazardRule } from './lock-hazard.js';

export const banDropDatabase = lockHazardRule({
  id: 'ban-drop-database',
  hazard: 'drop-database',
  summary: 'DROP DATABASE inside a migration',
  example: 'op.execute("DROP DATABASE IF EXISTS legacy")',
});

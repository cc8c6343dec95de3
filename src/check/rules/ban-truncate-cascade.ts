import { lockHazardRule } from './lock-hazard.js';

export const banTruncateCascade = lockHazardRule({
  id: 'ban-truncate-cascade',
  hazard: 'truncate-cascade',
  summary: 'TRUNCATE ... CASCADE empties every table that references this one too',
  example: 'op.execute("TRUNCATE accounts CASCADE")',
});

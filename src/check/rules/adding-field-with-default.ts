import { lockHazardRule } from './lock-hazard.js';

export const addingFieldWithDefault = lockHazardRule({
  id: 'adding-field-with-default',
  hazard: 'rewriting-default',
  summary: 'ADD COLUMN whose value is computed per row (a volatile default, serial, identity, stored generated) rewrites an existing table under an ACCESS EXCLUSIVE lock',
  example: 'ALTER TABLE accounts ADD COLUMN IF NOT EXISTS token uuid DEFAULT gen_random_uuid()',
});

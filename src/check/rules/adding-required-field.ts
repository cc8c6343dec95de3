import { lockHazardRule } from './lock-hazard.js';

export const addingRequiredField = lockHazardRule({
  id: 'adding-required-field',
  hazard: 'required-column',
  summary: 'ADD COLUMN ... NOT NULL without a default on an existing table fails as soon as the table has a row',
  example: 'op.add_column("accounts", sa.Column("kind", sa.Text(), nullable=False), if_not_exists=True)',
});

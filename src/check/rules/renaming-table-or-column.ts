import { lockHazardRule } from './lock-hazard.js';

export const renamingTableOrColumn = lockHazardRule({
  id: 'renaming-table-or-column',
  hazard: 'rename',
  summary: 'a rename of an existing table or column breaks the application code still running against the old name during the deploy',
  example: 'op.alter_column("accounts", "name", new_column_name="full_name")',
});

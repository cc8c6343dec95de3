import { fileFinding, type FileRule } from './rule.js';

export const emptyDowngrade: FileRule = {
  scope: 'file',
  id: 'empty-downgrade',
  severity: 'error',
  summary: 'downgrade() is missing, empty or only `pass` while upgrade() changes something, so a rollback silently does nothing',
  fix: 'undo each upgrade step in reverse order with IF EXISTS, or raise NotImplementedError saying why it cannot be undone',
  example: 'def downgrade() -> None: pass',
  check(facts) {
    const { upgrade, downgrade } = facts.python;
    // An upgrade that does nothing (a merge revision, a placeholder) has nothing to undo.
    if (!upgrade || upgrade.empty) return [];
    if (!downgrade) return [fileFinding(this, upgrade.line, 'there is no downgrade() function, so Alembic cannot downgrade past this revision')];
    if (!downgrade.empty) return [];
    return [fileFinding(this, downgrade.line, 'downgrade() does nothing, but upgrade() does: a downgrade would leave its changes in place')];
  },
};

import { historyFinding, type HistoryRule } from './rule.js';

const NUMBERED = /^\d+_/;
/** Alembic's date file templates (`2026_01_15_1230-ab12cd_...`, `20260115_...`): a date is not a migration number. */
const DATED = /^(19|20)\d\d[_-]?(0[1-9]|1[0-2])[_-]?(0[1-9]|[12]\d|3[01])(?!\d)/;
const numbered = (name: string): boolean => NUMBERED.test(name) && !DATED.test(name);

export const nameRevisionMismatch: HistoryRule = {
  scope: 'history',
  id: 'name-revision-mismatch',
  severity: 'error',
  summary: 'a numbered file whose name and revision id disagree (renamed without editing, or edited without renaming)',
  fix: 'make the revision id the file name without .py (and update the down_revision that points at it)',
  example: '003_add_tags.py: revision = "003_create_tags"',
  check(history) {
    return history.revisions.flatMap((revision) => {
      const stem = revision.file.replace(/^.*\//, '').replace(/\.py$/, '');
      if (stem === revision.revision || !(numbered(stem) || numbered(revision.revision))) return [];
      // Alembic's own file templates put the (hash) revision id inside a longer, possibly dated, name.
      if (!numbered(revision.revision) && stem.includes(revision.revision)) return [];
      return [historyFinding(this, revision.file, revision.revisionLine, `file ${revision.file} declares revision "${revision.revision}"`)];
    });
  },
};

import { historyFinding, type HistoryRule } from './rule.js';

const NUMBERED = /^\d+_/;

export const nameRevisionMismatch: HistoryRule = {
  scope: 'history',
  id: 'name-revision-mismatch',
  severity: 'error',
  summary: 'a numbered file whose name and revision id disagree (renamed without editing, or edited without renaming)',
  fix: 'make the revision id the file name without .py (and update the down_revision that points at it)',
  check(history) {
    return history.revisions.flatMap((revision) => {
      const stem = revision.file.replace(/\.py$/, '');
      if (stem === revision.revision || !(NUMBERED.test(stem) || NUMBERED.test(revision.revision))) return [];
      // Alembic's own file templates put the (hash) revision id inside a longer, possibly dated, name.
      if (!NUMBERED.test(revision.revision) && stem.includes(revision.revision)) return [];
      return [historyFinding(this, revision.file, revision.revisionLine, `file ${revision.file} declares revision "${revision.revision}"`)];
    });
  },
};

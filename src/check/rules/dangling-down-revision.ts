import { danglingDownRevisions } from '../../history/graph.js';
import { historyFinding, type HistoryRule } from './rule.js';

export const danglingDownRevision: HistoryRule = {
  scope: 'history',
  id: 'dangling-down-revision',
  severity: 'error',
  summary: 'a down_revision names a revision that no file has, so Alembic cannot build the history',
  fix: 'point down_revision at the revision this migration follows (the file may have been renamed or deleted)',
  check(history) {
    return danglingDownRevisions(history.revisions).map((problem) => historyFinding(this, problem.file, problem.line, problem.message));
  },
};

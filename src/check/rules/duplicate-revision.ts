import { duplicateRevisions } from '../../history/graph.js';
import { historyFinding, type HistoryRule } from './rule.js';

export const duplicateRevision: HistoryRule = {
  scope: 'history',
  id: 'duplicate-revision',
  severity: 'error',
  summary: 'two files declare the same revision id, so Alembic refuses to load the history',
  fix: 'give one of them a new revision id (and its file name), and update the down_revision that should point at it',
  example: 'revision = "a1b2c3d4e5f6" in two files',
  check(history) {
    return duplicateRevisions(history.revisions).map((problem) => historyFinding(this, problem.file, problem.line, problem.message));
  },
};

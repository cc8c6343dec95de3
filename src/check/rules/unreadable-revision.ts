import { historyFinding, type HistoryRule } from './rule.js';

export const unreadableRevision: HistoryRule = {
  scope: 'history',
  id: 'unreadable-revision',
  severity: 'error',
  summary: 'a file in the versions directory has no readable module-level revision, so Alembic cannot place it in the history',
  fix: 'give it `revision = "..."` and `down_revision = ...` as plain literals at module level, or move it out of the versions directory',
  example: 'revision = make_revision_id()',
  check(history) {
    return history.unreadable.map((problem) => historyFinding(this, problem.file, problem.line, problem.message));
  },
};

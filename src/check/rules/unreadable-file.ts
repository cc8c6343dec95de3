import { historyFinding, type HistoryRule } from './rule.js';

export const unreadableFile: HistoryRule = {
  scope: 'history',
  id: 'unreadable-file',
  severity: 'error',
  summary: 'a file of the versions directory cannot be read (no permission, a directory or broken link named *.py, a link loop), so Alembic cannot load the history either',
  fix: 'make the file readable, or remove it (or the link) from the versions directory',
  example: 'alembic/versions/004_add_notes.py -> a link to a file that no longer exists',
  check(history) {
    return history.unreadableFiles.map((problem) => historyFinding(this, problem.file, problem.line, problem.message));
  },
};

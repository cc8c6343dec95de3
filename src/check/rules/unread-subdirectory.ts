import { historyFinding, type HistoryRule } from './rule.js';

export const unreadSubdirectory: HistoryRule = {
  scope: 'history',
  id: 'unread-subdirectory',
  severity: 'warning',
  summary: 'a subdirectory of the versions directory holds .py files, which Alembic reads only with recursive_version_locations = true, so they are not part of the history',
  fix: 'set recursive_version_locations = true in alembic.ini (check --recursive), or move the files up into the versions directory',
  example: 'alembic/versions/2024/001_create_users.py',
  check(history) {
    return history.skippedDirectories.map(({ directory, files, first }) =>
      historyFinding(this, first, 1, `${directory}/ holds ${files} .py file${files === 1 ? '' : 's'} that neither Alembic (without recursive_version_locations) nor check reads`),
    );
  },
};

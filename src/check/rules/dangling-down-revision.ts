import { dependencyTargets } from '../../history/branch-labels.js';
import { danglingDownRevisions } from '../../history/graph.js';
import type { Finding } from '../finding.js';
import { historyFinding, type HistoryRule } from './rule.js';

export const danglingDownRevision: HistoryRule = {
  scope: 'history',
  id: 'dangling-down-revision',
  severity: 'error',
  summary: 'a down_revision (or depends_on) names a revision that no file has, so Alembic cannot build the history',
  fix: 'point down_revision (or depends_on) at the revision this migration follows (the file may have been renamed or deleted)',
  example: 'down_revision = "001_create_userz"',
  check(history) {
    const targets = dependencyTargets(history.revisions);
    const dependencies = history.revisions.flatMap((revision): Finding[] =>
      (revision.dependsOn ?? [])
        .filter((target) => !targets.has(target))
        .map((target) => historyFinding(this, revision.file, revision.revisionLine, `depends_on "${target}" names no revision or branch label in this directory`)),
    );
    return [...danglingDownRevisions(history.revisions).map((problem) => historyFinding(this, problem.file, problem.line, problem.message)), ...dependencies];
  },
};

import { headGroups } from '../../history/branch-labels.js';
import { danglingDownRevisions, duplicateRevisions } from '../../history/graph.js';
import { historyFinding, type HistoryRule } from './rule.js';

export const multipleHeads: HistoryRule = {
  scope: 'history',
  id: 'multiple-heads',
  severity: 'error',
  summary: 'two heads on one branch (both unlabelled, or both in one labelled branch): two branches each added migrations, so `alembic upgrade head` (or <label>@head) refuses to run; heads of different labelled branches are fine',
  fix: 'run `create-migration renumber --write` to move the later branch after the other (or `alembic merge heads`)',
  example: '002_add_tags.py and 002_add_notes.py both with down_revision = "001_create_users"',
  check(history) {
    // Broken links make false heads; their own findings say what to fix first.
    if (danglingDownRevisions(history.revisions).length > 0 || duplicateRevisions(history.revisions).length > 0) return [];
    return headGroups(history.revisions)
      .filter((group) => group.heads.length > 1)
      .flatMap(({ labels, heads }) => {
        const names = heads.map((head) => head.revision);
        const branch = labels.length > 0 ? ` of branch ${labels.join(', ')}` : '';
        return heads.map((head) => historyFinding(this, head.file, head.revisionLine, `revision ${head.revision} is one of ${heads.length} heads${branch} (${names.join(', ')})`));
      });
  },
};

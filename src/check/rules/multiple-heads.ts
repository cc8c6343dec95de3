import { danglingDownRevisions, duplicateRevisions, findHeads } from '../../history/graph.js';
import { historyFinding, type HistoryRule } from './rule.js';

export const multipleHeads: HistoryRule = {
  scope: 'history',
  id: 'multiple-heads',
  severity: 'error',
  summary: 'the history has several heads (two branches each added migrations), so `alembic upgrade head` refuses to run',
  fix: 'run `create-migration renumber --write` to move the later branch after the other (or `alembic merge heads`)',
  check(history) {
    // Broken links make false heads; their own findings say what to fix first.
    if (danglingDownRevisions(history.revisions).length > 0 || duplicateRevisions(history.revisions).length > 0) return [];
    const heads = findHeads(history.revisions);
    if (heads.length < 2) return [];
    const names = heads.map((head) => head.revision);
    return heads.map((head) =>
      historyFinding(this, head.file, head.revisionLine, `revision ${head.revision} is one of ${heads.length} heads (${names.join(', ')})`),
    );
  },
};

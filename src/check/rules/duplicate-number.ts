import { fileNumber, type RevisionFile } from '../../history/graph.js';
import { formatNumber } from '../../history/numbering.js';
import { historyFinding, type HistoryRule } from './rule.js';

export const duplicateNumber: HistoryRule = {
  scope: 'history',
  id: 'duplicate-number',
  severity: 'error',
  summary: 'two numbered migrations share a number (two branches each added the next one)',
  fix: 'run `create-migration renumber --write` to renumber the later branch after the other',
  example: '002_add_tags.py and 002_add_notes.py in one chain',
  check(history) {
    const first = new Map<number, RevisionFile>();
    return history.revisions.flatMap((revision) => {
      const number = fileNumber(revision);
      if (number === undefined) return [];
      const earlier = first.get(number);
      if (!earlier) {
        first.set(number, revision);
        return [];
      }
      return [historyFinding(this, revision.file, revision.revisionLine, `number ${formatNumber(number)} is also the number of ${earlier.file}`)];
    });
  },
};

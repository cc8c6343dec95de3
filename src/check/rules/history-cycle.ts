import type { RevisionFile } from '../../history/graph.js';
import { historyFinding, type HistoryRule } from './rule.js';

/** One revision of each cycle of down_revision (and depends_on) links, found by walking down from every revision. */
function cycleEntries(revisions: readonly RevisionFile[]): { revision: RevisionFile; cycle: string[] }[] {
  const byId = new Map(revisions.map((revision) => [revision.revision, revision]));
  const labelled = new Map(revisions.flatMap((revision) => (revision.branchLabels ?? []).map((label) => [label, revision.revision] as const)));
  const parentsOf = new Map(revisions.map((revision) => [revision, [...revision.downRevisions, ...(revision.dependsOn ?? []).map((target) => labelled.get(target) ?? target)]]));
  const state = new Map<string, 'open' | 'done'>();
  const found: { revision: RevisionFile; cycle: string[] }[] = [];
  for (const start of revisions) {
    if (state.has(start.revision)) continue;
    const path: RevisionFile[] = [];
    const stack: { revision: RevisionFile; next: number }[] = [{ revision: start, next: 0 }];
    state.set(start.revision, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const parentId = parentsOf.get(top.revision)![top.next];
      top.next += 1;
      if (parentId === undefined) {
        state.set(top.revision.revision, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      const parent = byId.get(parentId);
      if (!parent) continue;
      const seen = state.get(parent.revision);
      if (seen === 'open') {
        const from = path.findIndex((entry) => entry.revision === parent.revision);
        found.push({ revision: parent, cycle: path.slice(from).map((entry) => entry.revision) });
      } else if (seen === undefined) {
        state.set(parent.revision, 'open');
        path.push(parent);
        stack.push({ revision: parent, next: 0 });
      }
    }
  }
  return found;
}

export const historyCycle: HistoryRule = {
  scope: 'history',
  id: 'history-cycle',
  severity: 'error',
  summary: 'down_revision (or depends_on) links that loop back on themselves, so the history has no order',
  fix: 'point the down_revision of the first migration in the loop at the revision it really follows',
  example: '001_a.py: down_revision = "003_c"',
  check(history) {
    return cycleEntries(history.revisions).map(({ revision, cycle }) =>
      historyFinding(this, revision.file, revision.downRevisionLine, `the down_revision (and depends_on) links loop: ${[...cycle, cycle[0]].join(' -> ')}`),
    );
  },
};

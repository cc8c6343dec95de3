import { findHeads, type RevisionFile } from '../history/graph.js';

/** Heads that each descend linearly (no merge, no other branch) from one fork point. */
export interface ForkedHistory {
  /** The revision the branches grow from; null when they share no revision at all. */
  readonly fork: string | null;
  /** Each branch from the fork's child to its head. */
  readonly branches: readonly (readonly RevisionFile[])[];
}

/** `ids` and every revision they descend from, through down_revision links. */
export function withAncestors(ids: Iterable<string>, byId: ReadonlyMap<string, RevisionFile>): Set<string> {
  const seen = new Set<string>();
  const pending = [...ids];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...(byId.get(id)?.downRevisions ?? []));
  }
  return seen;
}

/** The branches of a forked history, or why the history is not one renumber can join. */
export function forkedBranches(revisions: readonly RevisionFile[]): ForkedHistory | { problem: string } {
  const byId = new Map(revisions.map((revision) => [revision.revision, revision]));
  const heads = findHeads(revisions);
  const lines = heads.map((head) => withAncestors([head.revision], byId));
  const branches: RevisionFile[][] = [];
  const forks = new Set<string | null>();
  heads.forEach((head, index) => {
    const branch: RevisionFile[] = [];
    let current: RevisionFile | undefined = head;
    for (;;) {
      if (lines.some((line, other) => other !== index && line.has(current!.revision))) {
        forks.add(current.revision);
        break;
      }
      if (current.downRevisions.length > 1) {
        forks.add(`merge revision ${current.revision}`);
        break;
      }
      branch.unshift(current);
      const parent: string | undefined = current.downRevisions[0];
      if (parent === undefined) {
        forks.add(null);
        break;
      }
      current = byId.get(parent);
      if (!current) return;
    }
    branches.push(branch);
  });
  const [fork] = forks;
  if (forks.size !== 1 || (typeof fork === 'string' && fork.startsWith('merge revision '))) {
    const names = heads.map((head) => head.revision).join(', ');
    return {
      problem: `the heads (${names}) do not each descend linearly from one fork point, so no branch can simply follow another; join them with \`alembic merge heads\``,
    };
  }
  return { fork: fork ?? null, branches };
}

/** The single-parent chain that ends at `head`, oldest first, stopping below at a merge revision. */
export function linearChain(head: RevisionFile, revisions: readonly RevisionFile[]): RevisionFile[] {
  const byId = new Map(revisions.map((revision) => [revision.revision, revision]));
  const chain: RevisionFile[] = [];
  let current: RevisionFile | undefined = head;
  const seen = new Set<string>();
  while (current && !seen.has(current.revision)) {
    seen.add(current.revision);
    chain.unshift(current);
    if (current.downRevisions.length !== 1) break;
    current = byId.get(current.downRevisions[0]!);
  }
  return chain;
}

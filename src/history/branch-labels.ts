import { findHeads, type RevisionFile } from './graph.js';

// Alembic's named branches: a revision's branch_labels name it and every revision after it, and
// the revisions before it back to the point where the history forks (Alembic's RevisionMap
// `_add_branches`). Two heads on one named branch, or two heads on no named branch, are a fork
// nobody meant (`alembic upgrade <label>@head` or `upgrade head` refuses them); heads of
// different named branches (expand and contract, say) are how the history is meant to be.

/** The labels each revision carries, its own and those it inherits, by revision id. */
function effectiveLabels(revisions: readonly RevisionFile[]): Map<string, Set<string>> {
  const byId = new Map(revisions.map((revision) => [revision.revision, revision]));
  const children = new Map<string, RevisionFile[]>();
  for (const revision of revisions) {
    for (const parent of revision.downRevisions) children.set(parent, [...(children.get(parent) ?? []), revision]);
  }
  const labels = new Map(revisions.map((revision) => [revision.revision, new Set<string>()]));
  for (const labelled of revisions) {
    if (!labelled.branchLabels) continue;
    const pending = [labelled];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const current = pending.pop()!;
      if (seen.has(current.revision)) continue;
      seen.add(current.revision);
      for (const label of labelled.branchLabels) labels.get(current.revision)!.add(label);
      pending.push(...(children.get(current.revision) ?? []));
    }
    // Down towards the base, while the history does not fork or merge there.
    let parent = labelled.downRevisions.length === 1 ? byId.get(labelled.downRevisions[0]!) : undefined;
    while (parent && (children.get(parent.revision)?.length ?? 0) <= 1 && parent.downRevisions.length <= 1) {
      for (const label of labelled.branchLabels) labels.get(parent.revision)!.add(label);
      parent = parent.downRevisions.length === 1 ? byId.get(parent.downRevisions[0]!) : undefined;
    }
  }
  return labels;
}

export interface HeadGroup {
  /** The branch labels the heads carry; empty for heads on no named branch. */
  readonly labels: readonly string[];
  readonly heads: readonly RevisionFile[];
}

/** The heads, grouped by the named branch they end; a group of two or more is an accidental fork. */
export function headGroups(revisions: readonly RevisionFile[]): HeadGroup[] {
  const labels = effectiveLabels(revisions);
  const groups = new Map<string, HeadGroup>();
  for (const head of findHeads(revisions)) {
    const own = [...(labels.get(head.revision) ?? [])].sort();
    const key = own.join('\u0000');
    const group = groups.get(key);
    groups.set(key, { labels: own, heads: [...(group?.heads ?? []), head] });
  }
  return [...groups.values()];
}

/** Revision ids and the branch labels that name revisions: what depends_on may name. */
export function dependencyTargets(revisions: readonly RevisionFile[]): Set<string> {
  return new Set(revisions.flatMap((revision) => [revision.revision, ...(revision.branchLabels ?? [])]));
}

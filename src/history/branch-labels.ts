import { findHeads, type RevisionFile } from './graph.js';

// Alembic's named branches: a revision's branch_labels name it and every revision after it, and
// the revisions before it back to the point where the history forks (Alembic's RevisionMap
// `_add_branches`). Two heads on one named branch, or two heads on no named branch, are a fork
// nobody meant (`alembic upgrade <label>@head` or `upgrade head` refuses them); heads of
// different named branches (expand and contract, say) are how the history is meant to be.

/** The labels each revision carries, its own and those it inherits, by revision id. */
export function effectiveLabels(revisions: readonly RevisionFile[]): Map<string, Set<string>> {
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

/** A head and the labels that name its branch. */
export interface LabelledHead {
  readonly head: RevisionFile;
  readonly labels: readonly string[];
}

export function labelledHeads(revisions: readonly RevisionFile[]): LabelledHead[] {
  const labels = effectiveLabels(revisions);
  return findHeads(revisions).map((head) => ({ head, labels: [...(labels.get(head.revision) ?? [])].sort() }));
}

/** How a head is shown in a message: `expand@head (003_add_x.py)` or `003_add_x (003_add_x.py)`. */
export function describeHead({ head, labels }: LabelledHead): string {
  return `${labels.length > 0 ? labels.map((label) => `${label}@head`).join(' / ') : head.revision} (${head.file})`;
}

export type HeadChoice = { readonly head: RevisionFile } | { readonly problem: string };

/**
 * The head `wanted` names, as `alembic revision --head` reads it: `LABEL@head` (or just the
 * label) for the head of a labelled branch, or a head's revision id (a unique prefix is enough).
 */
export function chooseHead(revisions: readonly RevisionFile[], wanted: string): HeadChoice {
  const heads = labelledHeads(revisions);
  const listed = `the heads are:\n${heads.map((head) => `  ${describeHead(head)}`).join('\n')}`;
  const label = wanted.endsWith('@head') ? wanted.slice(0, -'@head'.length) : wanted;
  const onBranch = heads.filter((head) => head.labels.includes(label));
  if (onBranch.length === 1) return { head: onBranch[0]!.head };
  if (onBranch.length > 1) return { problem: `the branch "${label}" has ${onBranch.length} heads (${onBranch.map(describeHead).join(', ')}); merge them first, or pass one head's revision id` };
  if (wanted.endsWith('@head')) return { problem: `--head ${wanted}: no branch is labelled "${label}"; ${listed}` };
  const byId = revisions.filter((revision) => revision.revision === wanted);
  const matching = byId.length > 0 ? byId : revisions.filter((revision) => revision.revision.startsWith(wanted));
  if (matching.length > 1) return { problem: `--head ${wanted} is ambiguous: ${matching.map((revision) => revision.revision).join(', ')}` };
  const revision = matching[0];
  if (revision === undefined) return { problem: `--head ${wanted} names no branch label and no revision; ${listed}` };
  if (!heads.some((head) => head.head === revision)) return { problem: `--head ${wanted}: revision ${revision.revision} (${revision.file}) is not a head, so a new migration after it would fork the history; ${listed}` };
  return { head: revision };
}

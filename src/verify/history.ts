import { CreateMigrationError, UsageError } from '../errors.js';
import type { HistoryAnswer } from './driver-protocol.js';

export interface ChainLink {
  readonly revision: string;
  /** "base" for the first migration. */
  readonly previous: string;
  readonly path: string;
}

/**
 * The history as one chain, base first. verify steps each migration back to its parent and
 * forward again, which is only well defined on a line: branches and merges are refused.
 */
export function linearChain(history: HistoryAnswer): ChainLink[] {
  const problems: string[] = [];
  if (history.heads.length > 1) problems.push(`several heads: ${history.heads.join(', ')} (merge them with alembic merge first)`);
  const children = new Map<string, string[]>();
  for (const entry of history.revisions) {
    if (entry.down_revisions.length > 1) problems.push(`${entry.revision} merges ${entry.down_revisions.join(' and ')}`);
    for (const parent of entry.down_revisions.length === 0 ? ['base'] : entry.down_revisions) {
      children.set(parent, [...(children.get(parent) ?? []), entry.revision]);
    }
  }
  for (const [parent, revisions] of children) {
    if (revisions.length > 1) problems.push(`${[...revisions].sort().join(' and ')} both follow ${parent}`);
  }
  if (problems.length > 0) throw new CreateMigrationError(`verify needs a linear history:\n  ${[...new Set(problems)].join('\n  ')}`);
  return history.revisions.map((entry) => ({ revision: entry.revision, previous: entry.down_revisions[0] ?? 'base', path: entry.path }));
}

/** The links from --from on: an exact revision id, or a prefix only one revision has (as Alembic accepts). */
export function chainFrom(chain: readonly ChainLink[], from: string | undefined): ChainLink[] {
  if (from === undefined) return [...chain];
  const exact = chain.findIndex((link) => link.revision === from);
  const matches = exact >= 0 ? [exact] : chain.flatMap((link, index) => (link.revision.startsWith(from) ? [index] : []));
  if (matches.length === 1) return chain.slice(matches[0]);
  if (matches.length > 1) throw new UsageError(`--from ${from} is ambiguous: ${matches.map((index) => chain[index]!.revision).join(', ')}`);
  const range = chain.length > 0 ? ` (the history runs from ${chain[0]!.revision} to ${chain.at(-1)!.revision})` : ' (the history is empty)';
  throw new UsageError(`--from ${from}: no such revision${range}`);
}

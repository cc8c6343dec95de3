import { UsageError } from '../errors.js';
import type { HistoryAnswer } from './driver-protocol.js';

/** One migration of the history, in the order `alembic upgrade heads` applies them. */
export interface HistoryStep {
  readonly revision: string;
  /** Its down_revisions: none for a base, several for a merge. */
  readonly parents: readonly string[];
  readonly path: string;
}

/**
 * Every revision, in Alembic's own upgrade order (the driver asks Alembic): merges, branch
 * points, labelled branches, several bases and depends_on included. Each migration is proved
 * from the database as the revisions before it left it, so its downgrade goes back to all of
 * its parents and leaves every other branch alone.
 */
export function upgradeOrder(history: HistoryAnswer): HistoryStep[] {
  return history.revisions.map((entry) => ({ revision: entry.revision, parents: entry.down_revisions, path: entry.path }));
}

/**
 * The steps from --from on: an exact revision id, or a prefix only one revision has (as Alembic
 * accepts), and every revision after it in the order; the ones before it are only applied.
 */
export function stepsFrom(order: readonly HistoryStep[], from: string | undefined): { readonly before: HistoryStep[]; readonly proved: HistoryStep[] } {
  if (from === undefined) return { before: [], proved: [...order] };
  const exact = order.findIndex((step) => step.revision === from);
  const matches = exact >= 0 ? [exact] : order.flatMap((step, index) => (step.revision.startsWith(from) ? [index] : []));
  if (matches.length === 1) return { before: order.slice(0, matches[0]), proved: order.slice(matches[0]) };
  if (matches.length > 1) throw new UsageError(`--from ${from} is ambiguous: ${matches.map((index) => order[index]!.revision).join(', ')}`);
  const range = order.length > 0 ? ` (the history runs from ${order[0]!.revision} to ${order.at(-1)!.revision})` : ' (the history is empty)';
  throw new UsageError(`--from ${from}: no such revision${range}`);
}

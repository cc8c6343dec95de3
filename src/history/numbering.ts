import { fileNumber, type RevisionFile } from './graph.js';

/** Alembic stores revision ids in alembic_version.version_num, a VARCHAR(32). */
export const MAX_REVISION_LENGTH = 32;
const MIN_DIGITS = 3;

/** One more than the highest number of a file name (see fileNumber); 1 when there is none. */
export function nextNumber(revisions: readonly RevisionFile[]): number {
  let highest = 0;
  for (const revision of revisions) highest = Math.max(highest, fileNumber(revision) ?? 0);
  return highest + 1;
}

export function formatNumber(number: number): string {
  return String(number).padStart(MIN_DIGITS, '0');
}

/**
 * The message's words, lowercased and folded to ASCII; a word keeps its inner punctuation as
 * underscores, so a name is one word: "Add last_login_at to Users!" → ["add", "last_login_at", "to", "users"].
 */
export function slugWords(message: string): string[] {
  return message
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.split(/[^a-z0-9]+/).filter(Boolean).join('_'))
    .filter(Boolean);
}

/** Words that never end a slug cut short: `add_last_login_at_to` says no more than `add_last_login_at`. */
const TRAILING_STOP_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with']);

/** `id` + `_` + as much of `word` as fits, cut after one of its parts when one fits, else anywhere. */
function cutWord(id: string, word: string): string {
  const room = MAX_REVISION_LENGTH - id.length - 1;
  const lastPart = word.lastIndexOf('_', room);
  return `${id}_${lastPart > 0 ? word.slice(0, lastPart) : word.slice(0, room)}`;
}

/**
 * `NNN_slug`, at most 32 characters: the message's whole words while they fit, without stop words
 * (to, and, the, ...) left dangling where the message was cut; a first word too long alone is cut
 * after one of its parts.
 */
export function revisionId(number: number, message: string): string {
  const prefix = formatNumber(number);
  const words = slugWords(message);
  if (words.length === 0) return `${prefix}_migration`;
  const kept: string[] = [];
  let length = prefix.length;
  for (const word of words) {
    if (length + 1 + word.length > MAX_REVISION_LENGTH) break;
    kept.push(word);
    length += 1 + word.length;
  }
  if (kept.length === 0) return cutWord(prefix, words[0]!);
  if (kept.length < words.length) while (kept.length > 1 && TRAILING_STOP_WORDS.has(kept.at(-1)!)) kept.pop();
  return [prefix, ...kept].join('_');
}

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

/** Lowercase ASCII words of a message: "Add user préférences!" → ["add", "user", "preferences"]. */
export function slugWords(message: string): string[] {
  return message
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * `NNN_slug`, at most 32 characters: whole words of the message while they fit, the first word
 * cut only when it alone is too long.
 */
export function revisionId(number: number, message: string): string {
  const prefix = formatNumber(number);
  const words = slugWords(message);
  if (words.length === 0) words.push('migration');
  let id = prefix;
  for (const word of words) {
    const candidate = `${id}_${word}`;
    if (candidate.length <= MAX_REVISION_LENGTH) {
      id = candidate;
    } else {
      if (id === prefix) id = candidate.slice(0, MAX_REVISION_LENGTH);
      break;
    }
  }
  return id;
}

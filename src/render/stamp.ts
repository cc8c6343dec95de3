import { createHash } from 'node:crypto';

/**
 * The stamp a generated file carries: the version of the tool that wrote it and a digest of the
 * rest of the file. While the digest matches, the file is byte for byte what that version wrote,
 * so `check` of the same version knows its findings without parsing it (none: the test suite
 * holds every file the generator writes to the full analysis). Not a signature: anyone can write
 * a matching digest, as anyone can silence a linter; it only tells an unedited file apart.
 */
const WORDS = 'wrote this file; check trusts it while the rest matches digest';
const STAMP = new RegExp(`^# create-migration (\\S+) ${WORDS} ([0-9a-f]{32})\\n`, 'm');

/** Over the version too, so a stamp cannot be moved to another version without a new digest. */
function digestOf(version: string, text: string): string {
  return createHash('sha256').update(`${version}\n`).update(text).digest('hex').slice(0, 32);
}

/** `text` with the stamp of `version` inserted at `offset` (the start of a line). */
export function insertStamp(text: string, offset: number, version: string): string {
  return `${text.slice(0, offset)}# create-migration ${version} ${WORDS} ${digestOf(version, text)}\n${text.slice(offset)}`;
}

/** The stamp of `text`, if it has one, and the text without it. */
function splitStamp(text: string): { version: string; digest: string; offset: number; rest: string } | undefined {
  const stamp = STAMP.exec(text);
  if (!stamp) return undefined;
  return { version: stamp[1]!, digest: stamp[2]!, offset: stamp.index, rest: text.slice(0, stamp.index) + text.slice(stamp.index + stamp[0].length) };
}

/** The version that wrote `text`, when it carries a stamp whose digest the rest still matches. */
export function unchangedSinceWritten(text: string): string | undefined {
  const stamp = splitStamp(text);
  return stamp && digestOf(stamp.version, stamp.rest) === stamp.digest ? stamp.version : undefined;
}

/**
 * `edited` (a file renumber changed) stamped anew when `original` carried an intact stamp of
 * `version`: renumbering changes revision identifiers only, never the code check looks at.
 */
export function restamp(original: string, edited: string, version: string): string {
  if (unchangedSinceWritten(original) !== version) return edited;
  const stamp = splitStamp(edited);
  return stamp ? insertStamp(stamp.rest, stamp.offset, version) : edited;
}

import { readMigrationSources, readRevisions } from '../history/read-versions.js';
import { unchangedSinceWritten } from '../render/stamp.js';
import { checkTexts } from './check-in-parallel.js';
import type { FindingsCache } from './findings-cache.js';
import { byPlace, type FileFinding, type Finding } from './finding.js';
import { HISTORY_RULES } from './rules/index.js';
import { threadCount } from './thread-count.js';

export interface CheckResult {
  readonly files: number;
  /** Files this version of create-migration wrote, unedited since (their stamp says so): no findings, unparsed. */
  readonly unedited: number;
  readonly findings: readonly Finding[];
}

export interface CheckOptions {
  readonly cache?: FindingsCache;
  /** Trust the stamps of files this version wrote (see render/stamp.ts) instead of parsing them. */
  readonly trustStampsOf?: string;
  /** Environment variables: CREATE_MIGRATION_CHECK_THREADS (see threadCount). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Every finding for the versions directory: history rules over all files, file rules over each. */
export async function runCheck(directory: string, { cache, trustStampsOf, env = {} }: CheckOptions = {}): Promise<CheckResult> {
  const sources = readMigrationSources(directory);
  const history = readRevisions(sources);
  const findings: Finding[] = (await Promise.all(HISTORY_RULES.map((rule) => rule.check(history)))).flat();
  const checked = sources.filter(({ text }) => trustStampsOf === undefined || unchangedSinceWritten(text) !== trustStampsOf);
  const perFile: (readonly FileFinding[] | undefined)[] = checked.map(({ text }) => cache?.get(text));
  const unparsed = checked.filter((_, index) => perFile[index] === undefined);
  // The parsers load only when some file is not in the cache.
  const parsed = unparsed.length > 0 ? await checkTexts(unparsed.map(({ text }) => text), threadCount(unparsed.length, env)) : [];
  let next = 0;
  checked.forEach(({ file, text }, index) => {
    let fileFindings = perFile[index];
    if (fileFindings === undefined) {
      fileFindings = parsed[next++]!;
      cache?.set(text, fileFindings);
    }
    for (const finding of fileFindings) findings.push({ ...finding, file });
  });
  cache?.save();
  return { files: sources.length, unedited: sources.length - checked.length, findings: findings.sort(byPlace) };
}

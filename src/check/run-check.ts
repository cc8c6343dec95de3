import { readRevisions } from '../history/read-versions.js';
import { readMigrationSourcesFrom, type VersionLocations } from '../history/versions-files.js';
import { unchangedSinceWritten } from '../render/stamp.js';
import { checkTexts } from './check-in-parallel.js';
import type { FindingsCache } from './findings-cache.js';
import { sortByPlace, type FileFinding, type Finding } from './finding.js';
import { HISTORY_RULES, RULES } from './rules/index.js';
import { historyFinding } from './rules/rule.js';
import { threadCount } from './thread-count.js';

export interface CheckResult {
  /** The directory every finding's file is relative to. */
  readonly root: string;
  readonly files: number;
  /** Files this version of create-migration wrote, unedited since (their stamp says so): no findings, unparsed. */
  readonly unedited: number;
  readonly findings: readonly Finding[];
}

export interface CheckOptions {
  readonly cache?: FindingsCache;
  /** Trust the stamps of files this version wrote (see render/stamp.ts) instead of parsing them. */
  readonly trustStampsOf?: string;
  /** Report the lock-safety rules' findings as errors. */
  readonly strictLocks?: boolean;
  /** Environment variables: CREATE_MIGRATION_CHECK_THREADS (see threadCount). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called with the number of files to parse, before any is parsed (when some are). */
  readonly beforeParsing?: (files: number) => void;
}

const LOCK_RULES = new Set(RULES.filter((rule) => rule.lockSafety).map((rule) => rule.id));

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);

/**
 * Every finding for the version locations (one versions directory, or Alembic's
 * version_locations, read recursively when it says so): history rules over all files, file
 * rules over each.
 */
export async function runCheck(locations: string | VersionLocations, { cache, trustStampsOf, strictLocks = false, env = {}, beforeParsing }: CheckOptions = {}): Promise<CheckResult> {
  const read = readMigrationSourcesFrom(typeof locations === 'string' ? { directories: [locations] } : locations);
  const { sources } = read;
  const history = { ...readRevisions(sources), unreadableFiles: read.unreadable, skippedDirectories: read.skippedDirectories };
  const findings: Finding[] = (
    await Promise.all(
      HISTORY_RULES.map(async (rule) => {
        try {
          return await rule.check(history);
        } catch (error) {
          // A history rule that fails is reported where its reading started, never as a crash.
          return [historyFinding(rule, sources[0]?.file ?? '.', 1, `rule ${rule.id} could not check the history (${firstLine(error)}); please report it`)];
        }
      }),
    )
  ).flat();
  const checked = sources.filter(({ text }) => trustStampsOf === undefined || unchangedSinceWritten(text) !== trustStampsOf);
  const perFile: (readonly FileFinding[] | undefined)[] = checked.map(({ text }) => cache?.get(text));
  const unparsed = checked.filter((_, index) => perFile[index] === undefined);
  // The parsers load only when some file is not in the cache.
  if (unparsed.length > 0) beforeParsing?.(unparsed.length);
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
  const reported = strictLocks ? findings.map((finding) => (LOCK_RULES.has(finding.rule) ? { ...finding, severity: 'error' as const } : finding)) : findings;
  return { root: read.root, files: sources.length + read.unreadable.length, unedited: sources.length - checked.length, findings: sortByPlace(reported) };
}

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceFile } from '../fs/replace-file.js';
import type { FileFinding } from './finding.js';

/**
 * Per-file findings kept between runs, keyed by a hash of the file's text: only files that
 * changed are parsed again. The key also holds the tool's own build, so a new version of the
 * rules never reads findings an older one made.
 */
export interface FindingsCache {
  get(text: string): readonly FileFinding[] | undefined;
  set(text: string, findings: readonly FileFinding[]): void;
  /** Writes the entries used in this run (and only those) back, when anything changed. */
  save(): void;
}

interface Stored {
  readonly build: string;
  readonly entries: Record<string, readonly FileFinding[]>;
}

/**
 * Where the cache lives: CREATE_MIGRATION_CACHE_DIR, else the platform's cache directory:
 * $XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows.
 */
export function cacheDirectory(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): string {
  if (env.CREATE_MIGRATION_CACHE_DIR) return env.CREATE_MIGRATION_CACHE_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'create-migration');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'create-migration', 'Cache');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'create-migration');
}

function buildIdentity(version: string): string {
  const self = statSync(fileURLToPath(import.meta.url));
  return `${version}:${self.size}:${self.mtimeMs}`;
}

const hashOf = (text: string): string => createHash('sha1').update(text).digest('base64url');

export function openFindingsCache(directory: string, versionsDirectory: string, version: string): FindingsCache {
  const build = buildIdentity(version);
  const path = join(directory, `check-${hashOf(resolve(versionsDirectory)).slice(0, 16)}.json`);
  let previous: Record<string, readonly FileFinding[]> = {};
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Stored;
    if (stored.build === build) previous = stored.entries;
  } catch {
    // No cache yet, or an unreadable one: every file is parsed.
  }
  const used: Record<string, readonly FileFinding[]> = {};
  let changed = false;
  return {
    get(text) {
      const key = hashOf(text);
      const findings = previous[key];
      if (findings !== undefined) used[key] = findings;
      return findings;
    },
    set(text, findings) {
      used[hashOf(text)] = findings;
      changed = true;
    },
    save() {
      if (!changed && Object.keys(used).length === Object.keys(previous).length) return;
      try {
        mkdirSync(directory, { recursive: true });
        replaceFile(path, JSON.stringify({ build, entries: used } satisfies Stored));
      } catch {
        // A cache that cannot be written only costs speed next time.
      }
    },
  };
}

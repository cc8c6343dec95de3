import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The package as users get it: `npm pack`, then a production install of the tarball into an
 * empty directory, as `npx create-alembic-migration` or `npm install -D create-alembic-migration`
 * does. Used by the packaging test and by the benchmark (bench/install.mjs).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Packs the repository (`root`, this one by default) into `destination` and returns the tarball's
 * path. dist/ must be built: the pack runs no script, so it never rebuilds dist/ under tests that
 * are running it.
 */
export function packTarball(destination: string, root = ROOT): string {
  const output = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [packed] = JSON.parse(output) as { filename: string }[];
  return join(destination, packed!.filename);
}

export interface Installation {
  /** The project directory: package.json and node_modules/. */
  readonly directory: string;
  /** The installed package's directory. */
  readonly packageDirectory: string;
  /** The installed bin, as node_modules/.bin links it. */
  readonly bin: string;
  readonly seconds: number;
  /** What npm printed, both streams. */
  readonly output: string;
}

/**
 * `npm install --omit=dev TARBALL` into a new empty project, with its own empty npm cache (a cold
 * install: nothing from earlier runs is reused).
 */
export function installTarball(tarball: string): Installation {
  const directory = mkdtempSync(join(tmpdir(), 'cm-installed-'));
  writeFileSync(join(directory, 'package.json'), '{ "private": true }\n');
  // Inside the project, so removing the project removes it too.
  const cache = join(directory, '.npm-cache');
  const started = process.hrtime.bigint();
  const result = spawnSync(NPM, ['install', '--omit=dev', '--no-audit', '--no-fund', '--cache', cache, tarball], { cwd: directory, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`npm install ${tarball} failed (${result.status}):\n${output}`);
  const packageDirectory = join(directory, 'node_modules', 'create-alembic-migration');
  return { directory, packageDirectory, bin: join(directory, 'node_modules', '.bin', 'create-migration'), seconds, output };
}

/** The bytes of every file under `directory` (apparent sizes, as npm's "unpacked size" counts them). */
export function treeBytes(directory: string): number {
  let total = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += lstatSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** The packages installed under a project's node_modules, nested ones included. */
export function installedPackages(directory: string): string[] {
  const found: string[] = [];
  const visit = (modules: string): void => {
    let entries;
    try {
      entries = readdirSync(modules, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      if (entry.name.startsWith('@')) {
        for (const scoped of readdirSync(join(modules, entry.name))) {
          found.push(`${entry.name}/${scoped}`);
          visit(join(modules, entry.name, scoped, 'node_modules'));
        }
      } else {
        found.push(entry.name);
        visit(join(modules, entry.name, 'node_modules'));
      }
    }
  };
  visit(join(directory, 'node_modules'));
  return found.sort();
}

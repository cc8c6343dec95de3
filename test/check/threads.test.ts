import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeBatches } from '../../src/check/check-worker.js';
import { threadCount } from '../../src/check/thread-count.js';
import { CHECK_FIXTURES } from '../support/check-fixtures.js';
import { runCli } from '../support/cli.js';

const COPIES = 30;

/** Every per-file fixture, copied COPIES times into one linear history: ~500 files with findings of every rule. */
function manyFixtures(): string {
  let previous = 'None';
  const directory = join(mkdtempSync(join(tmpdir(), 'create-migration-threads-')), 'versions');
  mkdirSync(directory);
  const rules = readdirSync(CHECK_FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !['history', 'generated'].includes(entry.name));
  for (const rule of rules) {
    for (const name of readdirSync(join(CHECK_FIXTURES, rule.name))) {
      const text = readFileSync(join(CHECK_FIXTURES, rule.name, name), 'utf8');
      const revision = /^revision = "(.+)"/m.exec(text)![1]!;
      for (let copy = 0; copy < COPIES; copy += 1) {
        const renamed = `${revision}_${copy}`;
        writeFileSync(join(directory, `${renamed}.py`), text.replace(/^revision = .*$/m, `revision = "${renamed}"`).replace(/^down_revision = .*$/m, `down_revision = ${previous}`));
        previous = `"${renamed}"`;
      }
    }
  }
  return directory;
}

describe('check on several threads', () => {
  const directory = manyFixtures();
  const check = (threads: number, ...args: string[]) => runCli(['check', '--dir', directory, ...args], { cwd: directory, env: { CREATE_MIGRATION_CHECK_THREADS: String(threads) } });

  it('prints byte for byte what one thread prints, in every format', () => {
    for (const format of ['text', 'json', 'github']) {
      const single = check(1, '--no-cache', '--format', format);
      expect(single.stdout.split('\n').length).toBeGreaterThan(1000);
      expect(single.code).toBe(1);
      for (const threads of [2, 3]) expect(check(threads, '--no-cache', '--format', format)).toEqual(single);
    }
  });

  it('caches what the workers found: a warm run prints the same', () => {
    const cacheDirectory = mkdtempSync(join(tmpdir(), 'create-migration-threads-cache-'));
    const env = (threads: number) => ({ CREATE_MIGRATION_CHECK_THREADS: String(threads), CREATE_MIGRATION_CACHE_DIR: cacheDirectory });
    const cold = runCli(['check', '--dir', directory], { cwd: directory, env: env(2) });
    const warm = runCli(['check', '--dir', directory], { cwd: directory, env: env(1) });
    expect(warm).toEqual(cold);
    expect(cold).toEqual(check(1, '--no-cache'));
  });

  it('refuses a thread count that is not a positive whole number', () => {
    const result = check(0, '--no-cache');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CREATE_MIGRATION_CHECK_THREADS must be a whole number of threads from 1 to 999, not "0"');
  });
});

describe('threadCount', () => {
  it('uses one thread for few files, more as files allow, and what the variable says', () => {
    expect(threadCount(150, {})).toBe(1);
    expect(threadCount(100_000, {})).toBeGreaterThanOrEqual(1);
    expect(threadCount(5, { CREATE_MIGRATION_CHECK_THREADS: '4' })).toBe(4);
  });
});

describe('takeBatches', () => {
  it('hands out every file once, in batches, across takers sharing the counter', async () => {
    const texts = Array.from({ length: 50 }, (_, index) => `file ${index}`);
    const next = new SharedArrayBuffer(4);
    const seen: string[] = [];
    const take = (taker: string) =>
      takeBatches({ texts, next, batch: 16 }, async (batch) => batch.map((text) => [{ rule: taker, severity: 'warning', line: 1, message: text, fix: '' }]), (start, findings) => {
        findings.forEach((found, offset) => {
          expect(found[0]!.message).toBe(texts[start + offset]);
          seen.push(found[0]!.message);
        });
      });
    await Promise.all([take('a'), take('b')]);
    expect(seen.sort()).toEqual([...texts].sort());
  });
});

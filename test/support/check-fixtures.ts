import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { checkFileText, loadParsers } from '../../src/check/check-file.js';
import { runCheck } from '../../src/check/run-check.js';
import type { Finding, FileFinding } from '../../src/check/finding.js';

export const CHECK_FIXTURES = resolve(import.meta.dirname, '../fixtures/check');

/**
 * Fixtures say where they expect findings: `# expect: rule-id` (or `-- expect: rule-id` inside
 * SQL) at the end of the line the finding must point at; several ids may follow, comma-separated.
 */
export function expectedFindings(text: string): string[] {
  const expected: string[] = [];
  text.split('\n').forEach((line, index) => {
    const marker = /(?:#|--) expect: ([\w, -]+)$/.exec(line);
    for (const rule of marker?.[1]!.split(',').map((id) => id.trim()).filter(Boolean) ?? []) expected.push(`${index + 1} ${rule}`);
  });
  return expected.sort();
}

export async function fileFindings(text: string): Promise<FileFinding[]> {
  return checkFileText(text, await loadParsers());
}

const placed = (findings: readonly Pick<Finding, 'line' | 'rule'>[]): string[] => findings.map((finding) => `${finding.line} ${finding.rule}`).sort();

/** Every .py fixture of `folder`: its findings are exactly the ones its markers announce. */
export async function expectFileFixtures(folder: string): Promise<Map<string, FileFinding[]>> {
  const directory = join(CHECK_FIXTURES, folder);
  const files = readdirSync(directory).filter((name) => name.endsWith('.py'));
  expect(files.length, `fixtures in ${directory}`).toBeGreaterThan(0);
  const all = new Map<string, FileFinding[]>();
  for (const name of files) {
    const text = readFileSync(join(directory, name), 'utf8');
    const findings = await fileFindings(text);
    expect(placed(findings), `${folder}/${name}: ${JSON.stringify(findings, null, 1)}`).toEqual(expectedFindings(text));
    all.set(name, findings);
  }
  return all;
}

/** A versions directory fixture: all findings (history and file rules) are the ones its files' markers announce. */
export async function expectDirectoryFixture(folder: string): Promise<Finding[]> {
  const directory = join(CHECK_FIXTURES, folder);
  expect(statSync(directory).isDirectory()).toBe(true);
  const { findings } = await runCheck(directory);
  const expected = readdirSync(directory)
    .filter((name) => name.endsWith('.py'))
    .flatMap((name) => expectedFindings(readFileSync(join(directory, name), 'utf8')).map((entry) => `${name}:${entry}`));
  expect(findings.map((finding) => `${finding.file}:${finding.line} ${finding.rule}`).sort(), JSON.stringify(findings, null, 1)).toEqual(expected.sort());
  return [...findings];
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { checkFileText, loadParsers } from '../../src/check/check-file.js';
import type { FileFinding, Finding } from '../../src/check/finding.js';
import { runCheck } from '../../src/check/run-check.js';

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

/** The rules a fixture answers for: the rule of its folder, and every rule one of its markers names. */
function answeredRules(rule: string, expected: readonly string[]): Set<string> {
  return new Set([rule, ...expected.map((entry) => entry.slice(entry.indexOf(' ') + 1))]);
}

/**
 * A .py fixture of `rule`'s folder: its findings of that rule, and of every other rule its markers
 * name, are exactly the ones its markers announce (other rules' findings are another fixture's business).
 */
export async function expectFileFixture(rule: string, path: string): Promise<FileFinding[]> {
  const text = readFileSync(path, 'utf8');
  const expected = expectedFindings(text);
  const rules = answeredRules(rule, expected);
  const findings = (await fileFindings(text)).filter((finding) => rules.has(finding.rule));
  expect(placed(findings), `${path}: ${JSON.stringify(findings, null, 1)}`).toEqual(expected);
  return findings;
}

/**
 * The markers of every .py file of a versions-directory fixture, and the lines of its
 * expected-findings.txt (`file:line rule`), for files that cannot hold a marker (a broken link).
 */
function directoryMarkers(directory: string): string[] {
  const markers = readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.py') && statSync(join(directory, name), { throwIfNoEntry: false })?.isFile())
    .flatMap((name) => expectedFindings(readFileSync(join(directory, name), 'latin1')).map((entry) => `${name}:${entry}`));
  const listed = join(directory, 'expected-findings.txt');
  return [...markers, ...(existsSync(listed) ? readFileSync(listed, 'utf8').split('\n').filter(Boolean) : [])];
}

/** A versions-directory fixture of `rule`: its findings of that rule (and of rules its markers name) are the ones its files' markers announce. */
export async function expectDirectoryFixture(rule: string, directory: string, options: { recursive?: boolean } = {}): Promise<Finding[]> {
  expect(statSync(directory).isDirectory()).toBe(true);
  const expected = directoryMarkers(directory);
  const rules = answeredRules(
    rule,
    expected.map((entry) => entry.slice(entry.indexOf(':') + 1)),
  );
  const { findings } = await runCheck({ directories: [directory], ...options });
  const relevant = findings.filter((finding) => rules.has(finding.rule));
  expect(relevant.map((finding) => `${finding.file}:${finding.line} ${finding.rule}`).sort(), JSON.stringify(relevant, null, 1)).toEqual(expected.sort());
  return relevant;
}

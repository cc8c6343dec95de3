import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readVersionsDirectory } from '../../src/history/read-versions.js';
import { SPEC_MARKER } from '../../src/render/migration-file.js';

let directory: string;
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function versions(files: Record<string, string>): string {
  directory = mkdtempSync(join(tmpdir(), 'cm-read-versions-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return directory;
}

const spec = (table: string): string => JSON.stringify({ version: 1, message: 'm', operations: [{ op: 'create_table', table, columns: [{ name: 'id', type: 'bigint' }] }] });
const identifiers = (revision: string, down: string | null): string => `revision = "${revision}"\ndown_revision = ${down === null ? 'None' : `"${down}"`}\n`;

// Only a file's first 4 KB are decoded when they hold what is needed: these are the files where they do not.
describe('readVersionsDirectory', () => {
  it('reads a spec line that goes on past the first 4 KB whole', () => {
    const long = spec('t'.repeat(60) + 'x'.repeat(5000));
    const { revisions } = readVersionsDirectory(versions({ '001_a.py': `"""a"""\n${identifiers('001_a', null)}\n${SPEC_MARKER}\n# ${long}\n\n\ndef upgrade():\n    pass\n` }));
    expect(revisions[0]!.spec).toBe(long);
  });

  it('finds identifiers that come after a long docstring, and after the spec line', () => {
    const docstring = `"""${'é'.repeat(3000)}\nrevision = "fake"\n"""\n`;
    const { revisions, unreadable } = readVersionsDirectory(
      versions({
        '001_a.py': `${docstring}${identifiers('001_a', null)}`,
        '002_b.py': `${SPEC_MARKER}\n# ${spec('b')}\n${identifiers('002_b', '001_a')}`,
      }),
    );
    expect(unreadable).toEqual([]);
    expect(revisions.map((revision) => [revision.revision, revision.downRevisions, revision.revisionLine])).toEqual([
      ['001_a', [], 4],
      ['002_b', ['001_a'], 3],
    ]);
    expect(revisions[1]!.spec).toBe(spec('b'));
  });
});

describe('files Python would read differently, or not at all', () => {
  const good = '001_a.py';
  const goodText = identifiers('001_a', null);

  function problemsOf(setup: (directory: string) => void): { file: string; message: string }[] {
    directory = mkdtempSync(join(tmpdir(), 'cm-read-versions-'));
    writeFileSync(join(directory, good), goodText);
    setup(directory);
    const { revisions, unreadable } = readVersionsDirectory(directory);
    expect(revisions.map((revision) => revision.file)).toEqual([good]);
    return unreadable.map(({ file, message }) => ({ file, message }));
  }

  it.each([
    ['bytes that are not UTF-8', Buffer.concat([Buffer.from('revision = "002_caf'), Buffer.from([0xe9]), Buffer.from('"\ndown_revision = "001_a"\n')]), 'is not valid UTF-8 (and declares no other encoding): byte 0xE9 on line 1, so Alembic cannot load it'],
    ['a coding line naming an encoding Python does not have', Buffer.from('# -*- coding: klingon -*-\nrevision = "002_b"\ndown_revision = "001_a"\n'), 'declares the encoding klingon'],
    ['a revision id that would end the docstring of the next file', Buffer.from('revision = \'002_e"""\\nimport os; os.system("touch PWNED")\\n"""\'\ndown_revision = "001_a"\n'), 'holds a quote or a backslash'],
    ['a revision id with a right-to-left override', Buffer.from('revision = "002_\\u202eevil"\ndown_revision = "001_a"\n'), 'holds a control or invisible character'],
  ])('%s', (_name, bytes, words) => {
    const problems = problemsOf((dir) => writeFileSync(join(dir, '002_b.py'), bytes));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe('002_b.py');
    expect(problems[0]!.message).toContain(words);
  });

  it('reads a latin-1 file with a coding line exactly as Python does, its revision id included', () => {
    directory = mkdtempSync(join(tmpdir(), 'cm-read-versions-'));
    writeFileSync(join(directory, good), goodText);
    const latin = Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nrevision = "002_caf'), Buffer.from([0xe9]), Buffer.from('"\ndown_revision = "001_a"\n')]);
    writeFileSync(join(directory, '002_b.py'), latin);
    const { revisions, unreadable } = readVersionsDirectory(directory);
    expect(unreadable).toEqual([]);
    expect(revisions.map((revision) => revision.revision)).toEqual(['001_a', '002_caf\u00e9']);
  });

  it('refuses bytes that are not valid in the encoding a coding line declares', () => {
    const problems = problemsOf((dir) => writeFileSync(join(dir, '002_b.py'), Buffer.concat([Buffer.from('# coding: ascii\nrevision = "002_caf'), Buffer.from([0xe9]), Buffer.from('"\n')])));
    expect(problems).toEqual([{ file: '002_b.py', message: 'is not valid ascii, the encoding it declares, so Alembic cannot load it' }]);
  });

  it.each([
    ['a directory named like a migration', (dir: string) => mkdirSync(join(dir, '002_b.py')), 'is a directory'],
    ['a dangling symbolic link', (dir: string) => symlinkSync(join(dir, 'nowhere.py'), join(dir, '002_b.py')), 'does not exist'],
    ['a symbolic link loop', (dir: string) => symlinkSync(join(dir, '002_b.py'), join(dir, '002_b.py')), 'ELOOP'],
    ['a FIFO nobody writes to (opening it must not wait)', (dir: string) => execFileSync('mkfifo', [join(dir, '002_b.py')]), 'FIFO'],
  ])('%s is refused, named, and nothing hangs', (_name, setup, words) => {
    const problems = problemsOf(setup);
    expect(problems).toEqual([{ file: '002_b.py', message: expect.stringContaining(words) }]);
  });
});

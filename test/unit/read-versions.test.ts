import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

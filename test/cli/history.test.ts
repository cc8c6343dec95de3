import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createAlembicProject, type AlembicProject } from '../support/alembic-project.js';
import { BIN, runCli } from '../support/cli.js';
import { directoryState } from '../support/directory-state.js';
import { pythonJson } from '../support/python-run.js';

const python = inject('python');
const SPEC = 'message: add bio to users\noperations:\n  - {op: add_column, table: users, column: {name: bio, type: text}}\n';

/** A migration file the way `alembic revision` writes one (hash id, annotated variables). */
function alembicStyleFile(revision: string, downRevision: string | readonly string[] | null): string {
  const down = downRevision === null ? 'None' : typeof downRevision === 'string' ? `'${downRevision}'` : `(${downRevision.map((id) => `'${id}'`).join(', ')},)`;
  return `"""hand made\n\nRevision ID: ${revision}\nRevises:\nCreate Date: 2024-01-01 00:00:00\n\n"""\nfrom typing import Sequence, Union\n\nfrom alembic import op\n\nrevision: str = '${revision}'\ndown_revision: Union[str, Sequence[str], None] = ${down}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n`;
}

function projectWith(files: Record<string, string>): AlembicProject {
  const project = createAlembicProject();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(project.versions, name), text);
  writeFileSync(join(project.root, 'spec.yaml'), SPEC);
  return project;
}

function generate(project: AlembicProject) {
  const result = runCli(['generate', '--spec', 'spec.yaml', '--json'], { cwd: project.root });
  return { ...result, report: result.code === 0 ? (JSON.parse(result.stdout) as { revision: string; down_revision: string | null; number: number }) : undefined };
}

/** What real Alembic says of the directory: its heads and the chain from base to head. */
function alembicHeads(project: AlembicProject): string[] {
  const script = `
import json, sys
from alembic.config import Config
from alembic.script import ScriptDirectory
config = Config(json.load(sys.stdin))
print(json.dumps(sorted(ScriptDirectory.from_config(config).get_heads())))
`;
  return pythonJson<string[]>(python, script, project.config);
}

describe('numbering and the chain', () => {
  it('starts an empty directory at 001 with down_revision None', () => {
    const project = projectWith({});
    expect(generate(project).report).toMatchObject({ path: 'alembic/versions/001_add_bio_to_users.py', revision: '001_add_bio_to_users', down_revision: null, number: 1, warnings: [] });
    expect(readFileSync(join(project.versions, '001_add_bio_to_users.py'), 'utf8')).toContain('Revises:\nCreate Date: 2025-11-22 12:00:00.000000\n');
  });

  it('continues a hash-named history at 001, after its head', () => {
    const project = projectWith({
      'a1b2c3d4e5f6_first.py': alembicStyleFile('a1b2c3d4e5f6', null),
      '123456789012_all_digit_hash.py': alembicStyleFile('123456789012', 'a1b2c3d4e5f6'),
    });
    expect(generate(project).report).toMatchObject({ revision: '001_add_bio_to_users', down_revision: '123456789012', number: 1 });
    expect(alembicHeads(project)).toEqual(['001_add_bio_to_users']);
  });

  it('follows 999 with 1000', () => {
    const project = projectWith({ '999_last_of_three_digits.py': alembicStyleFile('999_last_of_three_digits', null) });
    expect(generate(project).report).toMatchObject({ revision: '1000_add_bio_to_users', number: 1000, down_revision: '999_last_of_three_digits' });
  });

  it('chains to a merge revision that is the single head', () => {
    const project = projectWith({
      '001_base.py': alembicStyleFile('001_base', null),
      '002_left.py': alembicStyleFile('002_left', '001_base'),
      '003_right.py': alembicStyleFile('003_right', '001_base'),
      '004_merge.py': alembicStyleFile('004_merge', ['002_left', '003_right']),
    });
    expect(generate(project).report).toMatchObject({ revision: '005_add_bio_to_users', down_revision: '004_merge' });
    expect(alembicHeads(project)).toEqual(['005_add_bio_to_users']);
  });

  it.each([
    ['two heads', { '001_base.py': alembicStyleFile('001_base', null), '002_a.py': alembicStyleFile('002_a', '001_base'), '002_b.py': alembicStyleFile('002_b', '001_base') }, 'the history has 2 heads, so a new migration would have no single parent:\n  002_a (002_a.py)\n  002_b (002_b.py)'],
    ['a down_revision naming no revision', { '001_a.py': alembicStyleFile('001_a', 'gone') }, '001_a.py:13: down_revision "gone" names no revision in this directory'],
    ['one revision id in two files', { '001_a.py': alembicStyleFile('001_a', null), '001_b.py': alembicStyleFile('001_a', null) }, '001_b.py:12: revision "001_a" is also the revision of 001_a.py'],
    ['a file without a revision', { '001_a.py': 'from alembic import op\n' }, '001_a.py:1: has no module-level revision = "..." assignment'],
    ['a cycle', { '001_a.py': alembicStyleFile('001_a', '002_b'), '002_b.py': alembicStyleFile('002_b', '001_a') }, 'form a cycle'],
  ])('refuses %s: exit 1, each problem named, nothing written', (_name, files, message) => {
    const project = projectWith(files);
    const before = directoryState(project.root);
    const result = generate(project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(directoryState(project.root)).toEqual(before);
  });

  it('gives six parallel runs six numbers and one linear chain that Alembic accepts', async () => {
    const project = projectWith({});
    // Six different columns: the schema the history describes refuses adding one column twice.
    for (let run = 1; run <= 6; run += 1) writeFileSync(join(project.root, `spec${run}.yaml`), SPEC.replaceAll('bio', `bio${run}`));
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, [BIN, 'generate', '--spec', `spec${index + 1}.yaml`, '--json'], { cwd: project.root });
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
        }),
      ),
    );
    const numbers = runs.map((out) => (JSON.parse(out) as { number: number }).number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    expect(project.files()).toHaveLength(6);
    const files = project.files();
    expect(alembicHeads(project)).toEqual([files[5]!.replace('.py', '')]);
    const links = files.map((name) => /down_revision = (.*)/.exec(readFileSync(join(project.versions, name), 'utf8'))![1]);
    expect(links).toEqual(['None', ...files.slice(0, 5).map((name) => `"${name.replace('.py', '')}"`)]);
    expect(directoryState(project.versions)).not.toHaveProperty(['.create-migration.lock']);
  });

  it('takes over a lock left behind by a process that no longer runs', () => {
    const project = projectWith({});
    writeFileSync(join(project.versions, '.create-migration.lock'), `999999\n${hostname()}\n`);
    expect(generate(project).code).toBe(0);
  });
});


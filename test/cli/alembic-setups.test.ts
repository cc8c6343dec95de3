import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { directoryState } from '../support/directory-state.js';

const python = inject('python');
const alembic = join(dirname(python.python), 'alembic');
const SPEC = 'message: add bio to users\noperations:\n  - {op: add_column, table: users, column: {name: bio, type: text}}\n';

/** A project made by the real `alembic init -t TEMPLATE alembic`, with a spec file beside it. */
function alembicInit(template: 'generic' | 'async' | 'pyproject'): string {
  const root = mkdtempSync(join(tmpdir(), `cm-setup-${template}-`));
  execFileSync(alembic, ['init', '-t', template, 'alembic'], { cwd: root, stdio: 'ignore' });
  writeFileSync(join(root, 'spec.yaml'), SPEC);
  return root;
}

/** A migration as `alembic revision` lays it out, with optional branch labels. */
function migration(revision: string, down: string | readonly string[] | null, labels: readonly string[] = []): string {
  const downValue = down === null ? 'None' : typeof down === 'string' ? `"${down}"` : `(${down.map((id) => `"${id}"`).join(', ')})`;
  const labelValue = labels.length === 0 ? 'None' : `(${labels.map((label) => `"${label}"`).join(', ')},)`;
  return `"""${revision}"""\n\nrevision = "${revision}"\ndown_revision = ${downValue}\nbranch_labels = ${labelValue}\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`;
}

/** Alembic's own view of the project: `alembic heads`, one line per head. */
function alembicHeads(root: string): string[] {
  return execFileSync(alembic, ['heads'], { cwd: root, encoding: 'utf8' }).trim().split('\n').sort();
}

describe('projects made by alembic init: every command finds the versions directory by itself', () => {
  it.each(['generic', 'async', 'pyproject'] as const)('alembic init -t %s', (template) => {
    const root = alembicInit(template);
    const made = runCli(['generate', '--spec', 'spec.yaml'], { cwd: root });
    expect(made, made.stderr).toMatchObject({ code: 0, stdout: 'alembic/versions/001_add_bio_to_users.py\n' });
    const oneLine = runCli(['add-column', 'users', 'nickname:text'], { cwd: root });
    expect(oneLine, oneLine.stderr).toMatchObject({ code: 0, stdout: 'alembic/versions/002_add_nickname_to_users.py\n' });
    const check = runCli(['check', '--no-cache'], { cwd: root });
    expect(check.stdout, check.stderr).toMatch(/^2 files checked/m);
    expect(check.code).toBe(0);
    expect(runCli(['renumber'], { cwd: root }).stdout).toBe('Nothing to renumber: no branch has several heads, and no chain repeats a number.\n');
    expect(alembicHeads(root)).toEqual(['002_add_nickname_to_users (head)']);
  });
});

describe('labelled branches', () => {
  function expandContract(): string {
    const root = alembicInit('generic');
    const versions = join(root, 'alembic', 'versions');
    writeFileSync(join(versions, '001_initial.py'), migration('001_initial', null));
    writeFileSync(join(versions, '002_expand_start.py'), migration('002_expand_start', '001_initial', ['expand']));
    writeFileSync(join(versions, '003_contract_start.py'), migration('003_contract_start', '001_initial', ['contract']));
    return root;
  }

  it('refuses to guess which labelled branch a migration extends, listing them', () => {
    const root = expandContract();
    const before = directoryState(root);
    const result = runCli(['generate', '--spec', 'spec.yaml'], { cwd: root });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: the history has 2 labelled branches, so a new migration needs to know which one it extends:\n' +
        '  expand@head (002_expand_start.py)\n  contract@head (003_contract_start.py)\npass --head LABEL@head (as alembic revision --head does)\n',
    });
    expect(directoryState(root)).toEqual(before);
  });

  it('adds to the branch --head names (LABEL@head or the label), as Alembic sees it', () => {
    const root = expandContract();
    const expand = runCli(['generate', '--spec', 'spec.yaml', '--head', 'expand@head', '--json'], { cwd: root });
    expect(JSON.parse(expand.stdout)).toMatchObject({ revision: '004_add_bio_to_users', down_revision: '002_expand_start', number: 4 });
    const contract = runCli(['add-column', 'users', 'nickname:text', '--head', 'contract', '--json'], { cwd: root });
    expect(JSON.parse(contract.stdout)).toMatchObject({ revision: '005_add_nickname_to_users', down_revision: '003_contract_start' });
    expect(alembicHeads(root)).toEqual(['004_add_bio_to_users (expand) (head)', '005_add_nickname_to_users (contract) (head)']);
    // A label that does not exist, or a revision that is not a head: usage errors naming the heads.
    const unknown = runCli(['generate', '--spec', 'spec.yaml', '--head', 'nope@head'], { cwd: root });
    expect([unknown.code, unknown.stderr]).toEqual([2, 'error: --head nope@head: no branch is labelled "nope"; the heads are:\n  expand@head (004_add_bio_to_users.py)\n  contract@head (005_add_nickname_to_users.py)\n']);
    const notHead = runCli(['generate', '--spec', 'spec.yaml', '--head', '001_initial'], { cwd: root });
    expect(notHead.stderr).toContain('error: --head 001_initial: revision 001_initial (001_initial.py) is not a head, so a new migration after it would fork the history');
  });

  it('writes into the version location of the head it follows, as alembic revision does', () => {
    const root = alembicInit('generic');
    const ini = join(root, 'alembic.ini');
    writeFileSync(ini, readFileSync(ini, 'utf8').replace('path_separator = os', 'path_separator = space\nversion_locations = %(here)s/alembic/versions %(here)s/billing/versions'));
    mkdirSync(join(root, 'billing', 'versions'), { recursive: true });
    writeFileSync(join(root, 'alembic', 'versions', '001_initial.py'), migration('001_initial', null, ['core']));
    writeFileSync(join(root, 'billing', 'versions', '002_billing.py'), migration('002_billing', null, ['billing']));
    const result = runCli(['generate', '--spec', 'spec.yaml', '--head', 'billing@head'], { cwd: root });
    expect(result, result.stderr).toMatchObject({ code: 0, stdout: 'billing/versions/003_add_bio_to_users.py\n' });
    expect(alembicHeads(root)).toEqual(['001_initial (core) (head)', '003_add_bio_to_users (billing) (head)']);
  });
});

describe('numbered file names', () => {
  it('continue after numbered files whose revision ids are hashes; a date prefix is not a number', () => {
    const root = alembicInit('generic');
    const versions = join(root, 'alembic', 'versions');
    writeFileSync(join(versions, '2024_01_15_1030-0a1b2c3d4e5f_first.py'), migration('0a1b2c3d4e5f', null));
    writeFileSync(join(versions, '001_103676e0a497_add_x.py'), migration('103676e0a497', '0a1b2c3d4e5f'));
    writeFileSync(join(versions, '109_9f8e7d6c5b4a_add_y.py'), migration('9f8e7d6c5b4a', '103676e0a497'));
    const made = runCli(['generate', '--spec', 'spec.yaml', '--json'], { cwd: root });
    expect(JSON.parse(made.stdout)).toMatchObject({ revision: '110_add_bio_to_users', down_revision: '9f8e7d6c5b4a', number: 110 });
    expect(alembicHeads(root)).toEqual(['110_add_bio_to_users (head)']);
  });

  it('check reports two files with the same number', () => {
    const root = alembicInit('generic');
    const versions = join(root, 'alembic', 'versions');
    writeFileSync(join(versions, '001_103676e0a497_add_x.py'), migration('103676e0a497', null));
    writeFileSync(join(versions, '001_5e6f7a8b9c0d_add_y.py'), migration('5e6f7a8b9c0d', '103676e0a497'));
    const check = runCli(['check', '--no-cache', '--format', 'json'], { cwd: root });
    const rules = (JSON.parse(check.stdout) as { findings: { rule: string; file: string }[] }).findings.map((finding) => [finding.rule, finding.file]);
    expect(rules).toContainEqual(['duplicate-number', 'alembic/versions/001_5e6f7a8b9c0d_add_y.py']);
    expect(readdirSync(versions).sort()).toEqual(['001_103676e0a497_add_x.py', '001_5e6f7a8b9c0d_add_y.py']);
  });
});

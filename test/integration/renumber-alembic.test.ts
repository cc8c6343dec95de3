import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { unchangedSinceWritten } from '../../src/render/stamp.js';
import { toolVersion } from '../../src/tool-version.js';
import { runDriver } from '../support/alembic-driver.js';
import { runCli } from '../support/cli.js';
import { createDatabase } from '../support/databases.js';
import { forkedProject, versionsContent } from '../support/forked-history.js';
import { lintPython } from '../support/python-lint.js';

const adminUrl = inject('adminUrl');
const python = inject('python');

/** Alembic's own command line (its commands print to the real standard output, which the driver cannot capture). */
function alembic(config: string, url: string, args: string[]): string {
  const env = { ...process.env, DATABASE_URL: url.replace('postgresql://', 'postgresql+psycopg2://') };
  const result = spawnSync(python.python, ['-m', 'alembic', '-c', config, ...args], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`alembic ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

const heads = (config: string, url: string): string => alembic(config, url, ['heads']);

describe('renumber on a history forked by a real merge', () => {
  it('joins the branches so that Alembic sees one head and upgrades a fresh database to it', async () => {
    const project = forkedProject();
    const database = await createDatabase(adminUrl);
    try {
      expect(heads(project.config, database.url)).toBe('003_add_fields (head)\n004_index_tags (head)\n');
      expect(runCli(['check', '--no-cache'], { cwd: project.root }).code).toBe(1);

      const before = versionsContent(project);
      const planned = runCli(['renumber'], { cwd: project.root });
      expect(planned.stderr).toBe('');
      expect(planned.code).toBe(0);
      expect(planned.stdout).toBe(
        [
          '2 branches grow from 002_create_assets; the ones added later move after the one added first:',
          '  keep: 003_create_tags.py, 004_index_tags.py; first file committed 2026-01-02 00:00:00 UTC',
          '  move: 003_add_fields.py; first file committed 2026-01-03 00:00:00 UTC',
          'Changes:',
          '  003_add_fields.py -> 005_add_fields.py',
          '      revision: 003_add_fields -> 005_add_fields',
          '      down_revision: 002_create_assets -> 004_index_tags',
          'Nothing was changed: run again with --write to apply this plan.',
          '',
        ].join('\n'),
      );
      expect(versionsContent(project)).toEqual(before);

      const written = runCli(['renumber', '--write'], { cwd: project.root });
      expect(written.code).toBe(0);
      expect(written.stdout).toContain('Changed 1 file(s).\n');
      expect(project.files()).toEqual(['001_create_users.py', '002_create_assets.py', '003_create_tags.py', '004_index_tags.py', '005_add_fields.py']);
      const moved = readFileSync(join(project.versions, '005_add_fields.py'), 'utf8');
      // The stamp is renewed: the file is still what create-migration wrote, renumbered.
      expect(unchangedSinceWritten(moved)).toBe(toolVersion());
      const withoutStamp = (text: string): string => text.replace(/^# create-migration .* wrote this file.*\n/m, '');
      expect(withoutStamp(moved)).toBe(
        withoutStamp(before['003_add_fields.py']!)
          .replace('Revision ID: 003_add_fields', 'Revision ID: 005_add_fields')
          .replace('Revises: 002_create_assets', 'Revises: 004_index_tags')
          .replace('revision = "003_add_fields"', 'revision = "005_add_fields"')
          .replace('down_revision = "002_create_assets"', 'down_revision = "004_index_tags"'),
      );
      expect(lintPython(python, [join(project.versions, '005_add_fields.py')])).toEqual([]);

      expect(heads(project.config, database.url)).toBe('005_add_fields (head)\n');
      const upgraded = runDriver(python, { config: project.config, url: database.url, steps: [{ alembic: ['upgrade', 'head'] }, { snapshot: 'head' }] });
      expect(upgraded[1]!.snapshot!.columns).toContainEqual(expect.objectContaining({ table: 'migration.users', name: 'nickname' }));
      expect(runCli(['check', '--no-cache'], { cwd: project.root })).toEqual({ code: 0, stdout: '5 files checked (5 unedited since create-migration wrote them): 0 errors, 0 warnings\n', stderr: '' });
      // Parsed, the files show no error; warnings only of the locks the specs left at their blocking defaults.
      const parsed = runCli(['check', '--no-cache', '--no-stamps'], { cwd: project.root });
      expect(parsed.code).toBe(0);
      expect(parsed.stdout).toMatch(/^(.*\[(require-concurrent-index-creation|require-concurrent-index-deletion|require-lock-timeout)\]\n {4}fix: .*\n)*5 files checked: 0 errors, \d+ warnings?\n$/);
      expect(runCli(['renumber'], { cwd: project.root }).stdout).toBe('Nothing to renumber: no branch has several heads, and no chain repeats a number.\n');
    } finally {
      await database.drop();
    }
  });

  it('refuses to move a branch a database has applied, and moves the other one with --keep', async () => {
    const project = forkedProject();
    const database = await createDatabase(adminUrl);
    try {
      runDriver(python, { config: project.config, url: database.url, steps: [{ alembic: ['upgrade', '003_add_fields'] }] });
      const before = versionsContent(project);

      const refused = runCli(['renumber', '--write', '--database-url', database.url], { cwd: project.root });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('error: refusing to move 003_add_fields (003_add_fields.py): the database\'s alembic_version shows it is already applied there');
      expect(refused.stderr).toContain('--keep 003_add_fields');
      expect(versionsContent(project)).toEqual(before);

      const kept = runCli(['renumber', '--write', '--database-url', database.url, '--keep', '003_add_fields'], { cwd: project.root });
      expect(kept.stderr).toBe('');
      expect(kept.code).toBe(0);
      expect(project.files()).toEqual(['001_create_users.py', '002_create_assets.py', '003_add_fields.py', '004_create_tags.py', '005_index_tags.py']);
      expect(readFileSync(join(project.versions, '005_index_tags.py'), 'utf8')).toContain('down_revision = "004_create_tags"');

      // The database that had the kept branch applied now upgrades straight through the moved one.
      runDriver(python, { config: project.config, url: database.url, steps: [{ alembic: ['upgrade', 'head'] }] });
      expect(alembic(project.config, database.url, ['current'])).toBe('005_index_tags (head)\n');
    } finally {
      await database.drop();
    }
  });
});

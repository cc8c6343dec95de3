import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MIN_SEGMENT } from '../../src/verify/segments.js';
import { createAlembicProject, type AlembicProject } from '../support/alembic-project.js';
import { runCli } from '../support/cli.js';
import { withClient } from '../support/databases.js';

// verify --jobs: segments of a history proved at once give the report a proof one migration after
// the other gives, or are proved again that way.

const adminUrl = inject('adminUrl');
const python = inject('python');
const COUNT = 2 * MIN_SEGMENT + 4;
const ROLE = `cm_segments_${randomBytes(4).toString('hex')}`;

type Bodies = { upgrade: string; downgrade: string };

/** A history of COUNT hand-written migrations, each making a table of its own; `special` replaces some. */
function history(special: Record<number, Bodies> = {}): AlembicProject {
  const project = createAlembicProject();
  for (let index = 1; index <= COUNT; index += 1) {
    const id = `r${String(index).padStart(2, '0')}`;
    const parent = index === 1 ? 'None' : `"r${String(index - 1).padStart(2, '0')}"`;
    const bodies = special[index] ?? { upgrade: `op.execute("CREATE TABLE IF NOT EXISTS t_${id} (id integer)")`, downgrade: `op.execute("DROP TABLE IF EXISTS t_${id}")` };
    writeFileSync(
      join(project.versions, `${id}.py`),
      `"""${id}"""\n\nfrom alembic import op\n\nrevision = "${id}"\ndown_revision = ${parent}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    ${bodies.upgrade}\n\n\ndef downgrade():\n    ${bodies.downgrade}\n`,
    );
  }
  return project;
}

interface Report {
  segments: number;
  migrations: { revision: string; status: string; problems: { step: string; message: string }[] }[];
}

function verify(project: AlembicProject, jobs: number): { report: Report; stderr: string } {
  const result = runCli(['verify', '--alembic', python.python, '--database-url', adminUrl, '--jobs', String(jobs), '--json'], { cwd: project.root, env: { DATABASE_URL: '' } });
  expect([0, 1], result.stderr).toContain(result.code);
  return { report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

const outcome = (report: Report): unknown => report.migrations.map((migration) => [migration.revision, migration.status, migration.problems.map((problem) => `${problem.step}: ${problem.message}`)]);
const AGAIN = 'proving it again one migration after the other';

afterAll(async () => {
  await withClient(adminUrl, (client) => client.query(`DROP ROLE IF EXISTS ${ROLE}`));
});

describe('verify --jobs', () => {
  it('refuses a --jobs that is not a whole number from 1 to 64, naming it', () => {
    const project = history();
    for (const value of ['0', '2.5', 'many', '65']) {
      const result = runCli(['verify', '--alembic', python.python, '--database-url', adminUrl, '--jobs', value], { cwd: project.root });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--jobs "${value}" must be a whole number from 1 to 64`);
      expect(result.stdout).toBe('');
    }
  });

  it('proves a passing history in two segments at once, with the report of one migration after the other', () => {
    const project = history();
    const inOrder = verify(project, 1);
    const atOnce = verify(project, 2);
    expect(inOrder.report.segments).toBe(1);
    expect(atOnce.report.segments).toBe(2);
    expect(atOnce.stderr).not.toContain(AGAIN);
    expect(outcome(atOnce.report)).toEqual(outcome(inOrder.report));
    expect(outcome(atOnce.report)).toHaveLength(COUNT);
  });

  it('proves again in order a history a migration of the second segment fails, and reports what that finds', () => {
    const failing = COUNT - 2;
    const project = history({ [failing]: { upgrade: 'op.execute("CREATE TABLE IF NOT EXISTS t_broken (id integer)")', downgrade: 'pass' } });
    const inOrder = verify(project, 1);
    const atOnce = verify(project, 2);
    expect(atOnce.stderr).toContain(`the history did not pass proved in 2 segments at once; ${AGAIN}`);
    expect(atOnce.report.segments).toBe(1);
    expect(outcome(atOnce.report)).toEqual(outcome(inOrder.report));
    const failed = atOnce.report.migrations.filter((migration) => migration.status !== 'ok');
    expect(failed.map((migration) => [migration.revision, migration.problems.map((problem) => problem.step)])).toEqual([[`r${failing}`, ['downgrade']]]);
  });

  it('proves again in order a history that leaves a role behind: segments on one server could see each other make it', () => {
    const project = history({
      3: {
        upgrade: `op.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN CREATE ROLE ${ROLE}; END IF; END $$")`,
        downgrade: `op.execute("DROP ROLE IF EXISTS ${ROLE}")`,
      },
    });
    const atOnce = verify(project, 2);
    expect(atOnce.stderr).toContain(AGAIN);
    expect(atOnce.report.segments).toBe(1);
    expect(atOnce.report.migrations.every((migration) => migration.status === 'ok')).toBe(true);
  });
});

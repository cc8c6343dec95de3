import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAlembicProject, type AlembicProject } from './alembic-project.js';
import { runCli } from './cli.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/versions');
const SPECS = resolve(import.meta.dirname, '../fixtures/renumber');

export function git(cwd: string, args: string[], date?: string): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com' };
  const dated = date ? { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : env;
  const result = spawnSync('git', args, { cwd, env: dated, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function generate(project: AlembicProject, spec: string): void {
  const result = runCli(['generate', '--spec', join(SPECS, spec)], { cwd: project.root });
  if (result.code !== 0) throw new Error(`generate ${spec} failed: ${result.stderr}`);
}

/**
 * The situation renumber exists for, made the way it happens: an Alembic project in git with
 * 001 and 002; a feature branch adds 003_add_fields (committed Jan 3); main meanwhile adds
 * 003_create_tags (Jan 2) and 004_index_tags (Jan 4); then main merges the feature branch.
 */
export function forkedProject(): AlembicProject {
  const project = createAlembicProject();
  mkdirSync(project.versions, { recursive: true });
  cpSync(EXAMPLES, project.versions, { recursive: true });
  git(project.root, ['init', '-q', '-b', 'main']);
  git(project.root, ['add', '-A']);
  git(project.root, ['commit', '-q', '-m', 'base'], '2026-01-01T00:00:00Z');
  git(project.root, ['checkout', '-q', '-b', 'feature']);
  generate(project, 'feature-add-fields.yaml');
  git(project.root, ['add', '-A']);
  git(project.root, ['commit', '-q', '-m', 'feature: add fields'], '2026-01-03T00:00:00Z');
  git(project.root, ['checkout', '-q', 'main']);
  generate(project, 'main-create-tags.yaml');
  git(project.root, ['add', '-A']);
  git(project.root, ['commit', '-q', '-m', 'create tags'], '2026-01-02T00:00:00Z');
  generate(project, 'main-index-tags.yaml');
  git(project.root, ['add', '-A']);
  git(project.root, ['commit', '-q', '-m', 'index tags'], '2026-01-04T00:00:00Z');
  git(project.root, ['merge', '-q', '--no-edit', 'feature'], '2026-01-05T00:00:00Z');
  return project;
}

/** Every file of the versions directory with its text, to prove a run changed nothing. */
export function versionsContent(project: AlembicProject): Record<string, string> {
  return Object.fromEntries(readdirSync(project.versions).sort().map((name) => [name, readFileSync(join(project.versions, name), 'utf8')]));
}

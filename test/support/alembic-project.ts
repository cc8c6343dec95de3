import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/alembic-project');

export interface AlembicProject {
  readonly root: string;
  readonly config: string;
  readonly versions: string;
  files(): string[];
}

/** A fresh Alembic project (alembic.ini, env.py reading DATABASE_URL, empty versions/) in a temp directory. */
export function createAlembicProject(): AlembicProject {
  const root = mkdtempSync(join(tmpdir(), 'create-migration-project-'));
  cpSync(FIXTURE, root, { recursive: true });
  const versions = join(root, 'alembic', 'versions');
  // git keeps no empty directories, so the fixture cannot carry versions/ itself.
  mkdirSync(versions, { recursive: true });
  return {
    root,
    config: join(root, 'alembic.ini'),
    versions,
    files: () => readdirSync(versions).filter((name) => name.endsWith('.py')).sort(),
  };
}

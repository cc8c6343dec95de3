import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { readAlembicConfig } from '../../src/project/alembic-config.js';
import { findVersionLocations } from '../../src/project/versions-directory.js';
import { ensureVenv, type PythonEnv } from '../support/python-env.js';

interface Case {
  readonly name: string;
  readonly ini?: string;
  readonly toml?: string;
  /** Directories the case's paths name, made before reading (Alembic checks script_location exists). */
  readonly dirs?: readonly string[];
  /** Settings Debian's Alembic 1.8 does not know (path_separator and pyproject.toml from 1.16, recursive_version_locations from 1.10). */
  readonly modern?: boolean;
  /** The directory of alembic.ini, where Alembic runs (default: the root). */
  readonly at?: string;
  /** Empty files to make (a package's __init__.py). */
  readonly files?: readonly string[];
  /** Directories put on Python's sys.path for Alembic, standing for the package installed from them (pip install -e .). */
  readonly installedFrom?: readonly string[];
  /** The ini section read, as alembic -n SECTION. */
  readonly section?: string;
  /** Alembic refuses it (and so must we). */
  readonly refused?: true;
}

/** A package tree: the __init__.py of `path` and of each directory above it. */
function packageFiles(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, index) => `${parts.slice(0, index + 1).join('/')}/__init__.py`);
}

/** A tenant-per-section file in the shape of a multi-tenant project: no script_location in [alembic]. */
const SECTIONS_INI = '[alembic]\nfile_template = %%(rev)s\n\n[core]\nscript_location = ops:database/revisions/core\n\n[tenant]\nscript_location = ops:database/revisions/tenant\nrecursive_version_locations = true\n\n[loggers]\nkeys = root\n';

/** SECTIONS_INI in src/ops, the package ops installed from src, both sections' versions directories made. */
const SECTIONS_PROJECT = {
  at: 'src/ops',
  ini: SECTIONS_INI,
  files: packageFiles('src/ops/database/revisions').slice(1),
  dirs: ['src/ops/database/revisions/core/versions', 'src/ops/database/revisions/tenant/versions'],
  installedFrom: ['src'],
};

const CASES: readonly Case[] = [
  { name: 'alembic init: %(here)s/alembic, path_separator = os', ini: '[alembic]\nscript_location = %(here)s/alembic\nprepend_sys_path = .\npath_separator = os\n', dirs: ['alembic'], modern: true },
  { name: 'a relative script_location, read from the working directory', ini: '[alembic]\n# a comment\nscript_location = db\n', dirs: ['db'] },
  { name: 'a colon as the delimiter, keys in any case', ini: '[alembic]\nScript_Location: db\n', dirs: ['db'] },
  { name: 'version_locations split on os (:)', ini: '[alembic]\nscript_location = db\nversion_locations = %(here)s/a:%(here)s/b\npath_separator = os\n', dirs: ['db', 'a', 'b'], modern: true },
  { name: 'version_locations without a separator: legacy split on commas and spaces', ini: '[alembic]\nscript_location = db\nversion_locations = one, two  three\n', dirs: ['db'] },
  { name: 'version_path_separator = ; (before path_separator existed)', ini: '[alembic]\nscript_location = db\nversion_locations = a;b\nversion_path_separator = ;\n', dirs: ['db'] },
  { name: 'version_path_separator = space', ini: '[alembic]\nscript_location = db\nversion_locations = a  b\nversion_path_separator = space\n', dirs: ['db'] },
  {
    name: 'path_separator = newline, one location per continuation line, comments and blank lines inside',
    ini: '[alembic]\nscript_location = db\npath_separator = newline\nversion_locations =\n    %(here)s/a\n# between\n\n    %(here)s/b\n\n[loggers]\nkeys = root\n',
    dirs: ['db'],
    modern: true,
  },
  { name: '[DEFAULT] keys interpolated into [alembic]', ini: '[DEFAULT]\nbase = %(here)s/deep\n[alembic]\nscript_location = %(base)s/db\n', dirs: ['deep/db'] },
  { name: '%% for a percent sign', ini: '[alembic]\nscript_location = %(here)s/100%%\n', dirs: ['100%'] },
  { name: 'recursive_version_locations = true', ini: '[alembic]\nscript_location = db\nrecursive_version_locations = true\n', dirs: ['db'], modern: true },
  { name: 'alembic init -t pyproject: script_location only in [tool.alembic]', ini: '[alembic]\nsqlalchemy.url = driver://u:p@h/d\n', toml: '[tool.alembic]\nscript_location = "%(here)s/alembic"\nprepend_sys_path = ["."]\n', dirs: ['alembic'], modern: true },
  {
    name: '[tool.alembic] version_locations (an array) and recursive_version_locations (a boolean)',
    toml: '[project]\nname = "x"\n\n[tool.alembic]\nscript_location = "db"\nversion_locations = ["%(here)s/a", "b"]\nrecursive_version_locations = true\n',
    dirs: ['db'],
    modern: true,
  },
  { name: 'alembic.ini wins over [tool.alembic] key by key', ini: '[alembic]\nscript_location = from_ini\n', toml: '[tool.alembic]\nscript_location = "from_toml"\nversion_locations = ["v_toml"]\n', dirs: ['from_ini', 'from_toml'], modern: true },
  { name: 'a key set twice is refused (configparser is strict)', ini: '[alembic]\nscript_location = a\nscript_location = b\n', dirs: ['a', 'b'], refused: true },
  { name: 'no script_location anywhere', ini: '[alembic]\nsqlalchemy.url = x\n', refused: true },
  { name: 'a lone % is refused', ini: '[alembic]\nscript_location = 100%\n', dirs: ['100%'], refused: true },
  { name: 'an unknown path_separator is refused', ini: '[alembic]\nscript_location = db\nversion_locations = a b\npath_separator = comma\n', dirs: ['db'], modern: true, refused: true },
  {
    name: 'a package resource, alembic.ini inside the package tree (src/shop/server/database), the package installed from src',
    at: 'src/shop/server/database',
    ini: '[alembic]\nscript_location = shop:server:database:_migrations\nprepend_sys_path = .\n',
    files: packageFiles('src/shop/server/database').slice(1),
    dirs: ['src/shop/server/database/_migrations/versions'],
    installedFrom: ['src'],
  },
  {
    name: 'a dotted package resource under the project root src/ (myapp.db:migrations)',
    ini: '[alembic]\nscript_location = myapp.db:migrations\n',
    files: ['pyproject.toml', ...packageFiles('src/myapp/db').slice(1)],
    dirs: ['src/myapp/db/migrations/versions'],
    installedFrom: ['src'],
  },
  {
    name: 'a package resource at the project root',
    ini: '[alembic]\nscript_location = myapp:migrations\n',
    files: packageFiles('myapp'),
    dirs: ['myapp/migrations/versions'],
    installedFrom: ['.'],
  },
  {
    name: 'a regular package (src/myapp/__init__.py) wins over a plain directory of the same name earlier on the path',
    ini: '[alembic]\nscript_location = myapp:migrations\n',
    files: packageFiles('src/myapp').slice(1),
    dirs: ['myapp/migrations/versions', 'src/myapp/migrations/versions'],
    installedFrom: ['.', 'src'],
  },
  { name: 'a package installed elsewhere is refused (Alembic cannot import it either)', ini: '[alembic]\nscript_location = elsewhere:migrations\n', refused: true },
  { name: 'named sections: [alembic] without script_location', ...SECTIONS_PROJECT, refused: true },
  { name: 'named sections: -n core', ...SECTIONS_PROJECT, section: 'core' },
  { name: 'named sections: -n tenant reads its own recursive_version_locations', ...SECTIONS_PROJECT, section: 'tenant', modern: true },
  { name: 'named sections: a section with version_locations and %(here)s', ini: '[alembic]\nscript_location = a\n[blue]\nscript_location = b\nversion_locations = %(here)s/v1 %(here)s/v2\n', dirs: ['a', 'b', 'v1', 'v2'], section: 'blue' },
  { name: 'named sections: -n naming a section the file does not have', ini: SECTIONS_INI, section: 'other', refused: true },
];

const ORACLE = `
import json, os, sys, warnings
warnings.simplefilter("ignore")
from alembic.config import Config
from alembic.script import ScriptDirectory
answers = []
path, modules = list(sys.path), set(sys.modules)
for case in json.load(sys.stdin):
    os.chdir(case["cwd"])
    sys.path[:] = case["sys_path"] + path
    for name in set(sys.modules) - modules:
        del sys.modules[name]
    try:
        try:
            config = Config(case["ini"], ini_section=case["section"], toml_file=case["toml"])
        except TypeError:  # before Alembic 1.16: no pyproject.toml
            config = Config(case["ini"], ini_section=case["section"])
        script = ScriptDirectory.from_config(config)
        answers.append({"versions": [os.path.abspath(str(p)) for p in script._version_locations],
                        "recursive": bool(getattr(script, "recursive_version_locations", False))})
    except Exception as error:
        answers.append({"error": type(error).__name__})
print(json.dumps(answers))
`;

type Answer = { versions: string[]; recursive: boolean } | { error: string };

function materialise(testCase: Case): string {
  const root = mkdtempSync(join(tmpdir(), 'cm-alembic-config-'));
  const at = join(root, testCase.at ?? '');
  for (const dir of [...(testCase.dirs ?? []), testCase.at ?? '']) mkdirSync(join(root, dir), { recursive: true });
  for (const file of testCase.files ?? []) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
  }
  if (testCase.ini !== undefined) writeFileSync(join(at, 'alembic.ini'), testCase.ini);
  if (testCase.toml !== undefined) writeFileSync(join(at, 'pyproject.toml'), testCase.toml);
  return root;
}

function ours(testCase: Case, root: string): Answer {
  try {
    const versions = readAlembicConfig(join(root, testCase.at ?? ''), {}, testCase.section)?.versions();
    if (!versions) return { error: 'no locations' };
    return { versions: [...versions.directories], recursive: versions.recursive };
  } catch (error) {
    if (error instanceof UsageError) return { error: 'refused' };
    throw error;
  }
}

function alembic(python: PythonEnv, cases: readonly Case[], roots: readonly string[]): Answer[] {
  const input = cases.map((testCase, index) => {
    const at = join(roots[index]!, testCase.at ?? '');
    const sysPath = (testCase.installedFrom ?? []).map((entry) => join(roots[index]!, entry));
    return { cwd: at, ini: join(at, 'alembic.ini'), toml: join(at, 'pyproject.toml'), section: testCase.section ?? 'alembic', sys_path: sysPath };
  });
  const run = spawnSync(python.python, ['-c', ORACLE], { input: JSON.stringify(input), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Answer[];
}

/** Alembic's answer and ours agree: the same directories, or both refuse. */
function expectAgreement(cases: readonly Case[], python: PythonEnv): void {
  const roots = cases.map(materialise);
  const theirs = alembic(python, cases, roots);
  cases.forEach((testCase, index) => {
    const expected = theirs[index]!;
    expect('error' in expected, `${testCase.name}: Alembic ${python.label} ${'error' in expected ? `refuses it (${expected.error})` : 'reads it'}`).toBe(testCase.refused === true);
    const actual = ours(testCase, roots[index]!);
    if ('error' in expected) expect('error' in actual, `${testCase.name}: Alembic refuses (${expected.error}), we read ${JSON.stringify(actual)}`).toBe(true);
    else expect(actual, `${testCase.name} (${python.label})`).toEqual(expected);
  });
}

describe('Alembic configuration, read as Alembic reads it (Alembic itself is the oracle)', () => {
  let debian: PythonEnv;
  beforeAll(() => {
    debian = ensureVenv('debian-alembic', [], { basePython: '/usr/bin/python3', systemSitePackages: true });
  });

  it('agrees with the current Alembic on every case', () => {
    expectAgreement(CASES, inject('python'));
  });

  it("agrees with Debian's Alembic 1.8 on the cases it knows", () => {
    expect(debian.label).toMatch(/^alembic 1\.8\./);
    expectAgreement(CASES.filter((testCase) => !testCase.modern), debian);
  });
});

describe('findVersionLocations', () => {
  it('reads $ALEMBIC_CONFIG instead of alembic.ini, as Alembic does', () => {
    const root = materialise({ name: '', ini: '[alembic]\nscript_location = wrong\n', dirs: ['wrong/versions', 'right/versions'] });
    writeFileSync(join(root, 'other.ini'), '[alembic]\nscript_location = %(here)s/right\n');
    expect(findVersionLocations(root, undefined, { env: { ALEMBIC_CONFIG: 'other.ini' } }).directories).toEqual([join(root, 'right', 'versions')]);
    expect(findVersionLocations(root, undefined, {}).directories).toEqual([join(root, 'wrong', 'versions')]);
  });

  it('skips version locations that do not exist, as Alembic does, but needs one', () => {
    const root = materialise({ name: '', ini: '[alembic]\nscript_location = db\nversion_locations = %(here)s/a %(here)s/b\n', dirs: ['b'] });
    expect(findVersionLocations(root, undefined).directories).toEqual([join(root, 'b')]);
    const none = materialise({ name: '', ini: '[alembic]\nscript_location = db\nversion_locations = %(here)s/a %(here)s/b\n' });
    expect(() => findVersionLocations(none, undefined)).toThrow(`versions directory ${join(none, 'a')} (alembic.ini [alembic] version_locations) does not exist`);
  });

  it('names the key that would fix a missing setting, and --dir', () => {
    const empty = materialise({ name: '' });
    expect(() => findVersionLocations(empty, undefined)).toThrow(
      `no alembic.ini (nor pyproject.toml with [tool.alembic]) in ${empty}, so the versions directory is unknown; run in the directory Alembic runs in, set versions_dir in [tool.create-migration] of pyproject.toml, or pass --dir path/to/versions`,
    );
    const noLocation = materialise({ name: '', ini: '[alembic]\nsqlalchemy.url = x\n', toml: '[tool.alembic]\nsqlalchemy_url = "x"\n' });
    expect(() => findVersionLocations(noLocation, undefined)).toThrow(
      "alembic.ini has no script_location in its [alembic] section and pyproject.toml has no script_location in [tool.alembic], so the versions directory is unknown; add script_location = %(here)s/alembic to alembic.ini's [alembic] section (as alembic init writes it), set versions_dir in [tool.create-migration] of pyproject.toml, or pass --dir path/to/versions",
    );
    const missing = materialise({ name: '', ini: '[alembic]\nscript_location = %(here)s/alembic\n' });
    expect(() => findVersionLocations(missing, undefined)).toThrow(`versions directory ${join(missing, 'alembic', 'versions')} (alembic.ini [alembic] script_location) does not exist; create it, correct alembic.ini [alembic] script_location, or set versions_dir`);
    const file = materialise({ name: '' });
    writeFileSync(join(file, 'versions'), '');
    expect(() => findVersionLocations(file, 'versions')).toThrow(`versions directory ${join(file, 'versions')} is not a directory; pass --dir with the directory that holds the migrations`);
  });

  it('says which sections set script_location when [alembic] does not, and refuses a section the file lacks', () => {
    const root = materialise({ name: '', ini: SECTIONS_INI, files: packageFiles('ops/database/revisions'), dirs: ['ops/database/revisions/core/versions'] });
    expect(() => findVersionLocations(root, undefined)).toThrow(
      'alembic.ini has no script_location in its [alembic] section, but its sections [core] and [tenant] do (one Alembic setup each, run as alembic -n NAME): pass --name core or --name tenant',
    );
    expect(findVersionLocations(root, undefined, { section: 'core' })).toEqual({ directories: [join(root, 'ops', 'database', 'revisions', 'core', 'versions')], recursive: false, source: 'alembic.ini [core] script_location' });
    expect(() => findVersionLocations(root, undefined, { section: 'tenant' })).toThrow(
      `versions directory ${join(root, 'ops', 'database', 'revisions', 'tenant', 'versions')} (alembic.ini [tenant] script_location) does not exist`,
    );
    expect(() => findVersionLocations(root, undefined, { section: 'Core' })).toThrow(
      "alembic.ini has no [Core] section, so Alembic's -n Core would fail too; its sections that set script_location: [core] and [tenant]",
    );
  });

  it('finds a package location (myapp:migrations) under prepend_sys_path, and says what to do when it cannot', () => {
    const root = materialise({ name: '', ini: '[alembic]\nscript_location = myapp.db:migrations\nprepend_sys_path = src\n', dirs: ['src/myapp/db/migrations/versions'] });
    expect(findVersionLocations(root, undefined).directories).toEqual([join(root, 'src', 'myapp', 'db', 'migrations', 'versions')]);
    const installed = materialise({ name: '', ini: '[alembic]\nscript_location = elsewhere:migrations\n' });
    expect(() => findVersionLocations(installed, undefined)).toThrow(/alembic.ini \[alembic\] script_location is "elsewhere:migrations", a location inside the Python package elsewhere, which is not in the project .*pass --dir path\/to\/versions/);
  });
});

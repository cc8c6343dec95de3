import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import nodePlop from 'node-plop';
import { afterEach, describe, expect, it } from 'vitest';
import { GENERATOR_LIST } from '../../generators/index.js';
import { createAlembicProject, type AlembicProject } from '../support/alembic-project.js';
import { runCli } from '../support/cli.js';
import { Terminal } from '../support/terminal.js';

const REPO = resolve(import.meta.dirname, '../..');
const PLOP_BIN = join(REPO, 'node_modules/plop/bin/plop.js');
const COMMANDS = GENERATOR_LIST.map((generator) => generator.command.name);

/** An Alembic project whose plopfile loads create-migration as an installed package. */
function hostProject(): AlembicProject {
  const project = createAlembicProject();
  mkdirSync(join(project.root, 'node_modules'));
  symlinkSync(REPO, join(project.root, 'node_modules/create-alembic-migration'), 'dir');
  writeFileSync(join(project.root, 'plopfile.js'), "export default async function (plop) {\n  await plop.load('create-alembic-migration');\n}\n");
  return project;
}

let terminal: Terminal | undefined;
afterEach(() => {
  terminal?.close();
  terminal = undefined;
});

describe('plop', () => {
  it('`npx plop` in this repository lists one generator per operation', async () => {
    const term = (terminal = Terminal.start([process.execPath, PLOP_BIN], { cwd: REPO }));
    const first = await term.waitFor('plop to list the generators', (text) => text.includes(`${COMMANDS[0]} - `));
    expect(first).toContain('[PLOP] Please choose a generator.');
    // plop shows a page of the list at a time: walk down it, reading every entry as it appears.
    const seen = new Set<string>();
    for (let step = 0; step <= COMMANDS.length; step += 1) {
      const screen = term.screen();
      for (const match of screen.matchAll(/^\W*([a-z-]+) - (.*?)\s*$/gm)) seen.add(`${match[1]} - ${match[2]}`);
      term.keys('Down');
      await term.waitFor('the list to move', (text) => text !== screen, 5_000).catch(() => undefined);
    }
    expect([...seen].map((entry) => entry.split(' - ')[0]).sort()).toEqual([...COMMANDS].sort());
    expect([...seen]).toContain('add-column - Add a column — ADD COLUMN to an existing table; a default fills rows');
    term.keys('C-c');
    await term.exit();
  });

  it("another project's plopfile loads them with plop.load('create-alembic-migration'), and their action writes the file", async () => {
    const project = hostProject();
    const plop = await nodePlop(join(project.root, 'plopfile.js'));
    expect(plop.getGeneratorList().map((generator) => generator.name)).toEqual(COMMANDS);

    const before = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1763812800';
    try {
      const answers = {
        message: 'add preferences to users',
        operations: [{ op: 'add_column', table: 'users', column: { name: 'preferences', type: 'jsonb', nullable: false, server_default: "'{}'::jsonb" } }],
      };
      const { changes, failures } = await plop.getGenerator('add-column').runActions(answers);
      expect(failures).toEqual([]);
      expect(changes).toEqual([{ type: 'function', path: 'alembic/versions/001_add_preferences_to_users.py' }]);
    } finally {
      if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = before;
    }
    // The same operation through the one-line command: the same file.
    const oneLine = runCli(['add-column', 'users', 'preferences:jsonb', '--not-null', '--default', "'{}'::jsonb", '--dry-run'], { cwd: createAlembicProject().root });
    expect(readFileSync(join(project.versions, '001_add_preferences_to_users.py'), 'utf8')).toBe(oneLine.stdout);
  });

  it("refuses through a loaded generator's action what the spec refuses: a default its column cannot hold", async () => {
    const project = hostProject();
    const plop = await nodePlop(join(project.root, 'plopfile.js'));
    const answers = {
      message: 'add role to accounts',
      operations: [
        { op: 'create_enum', name: 'account_role', values: 'ADMIN, USER' },
        { op: 'add_column', table: 'accounts', column: { name: 'role', type: 'account_role', server_default: 'ADMIN' } },
      ],
    };
    const { changes, failures } = await plop.getGenerator('add-column').runActions(answers);
    expect(changes).toEqual([]);
    expect(failures.map((failure) => failure.error)).toEqual([`operations[1].column.server_default: refers to a column "admin", which a DEFAULT cannot; did you mean the label 'ADMIN'?`]);
    expect(project.files()).toEqual([]);
  });

  it("takes the commands' --name and --dir from plop.load's config, and names a key it does not know", async () => {
    const project = hostProject();
    // A second setup in alembic.ini, as `alembic -n tenant` reads it.
    writeFileSync(project.config, `${readFileSync(project.config, 'utf8')}\n[tenant]\nscript_location = %(here)s/tenant\n`);
    mkdirSync(join(project.root, 'tenant', 'versions'), { recursive: true });
    writeFileSync(join(project.root, 'plopfile.js'), "export default async function (plop) {\n  await plop.load('create-alembic-migration', { name: 'tenant' });\n}\n");
    const plop = await nodePlop(join(project.root, 'plopfile.js'));
    const answers = { message: 'create mood', operations: [{ op: 'create_enum', name: 'mood', values: 'happy, sad' }] };
    const { changes, failures } = await plop.getGenerator('create-enum').runActions(answers);
    expect(failures).toEqual([]);
    expect(changes).toEqual([{ type: 'function', path: 'tenant/versions/001_create_mood.py' }]);
    expect(project.files()).toEqual([]);

    // Another project: Node keeps the first plopfile.js it imported from a path.
    const mistaken = hostProject();
    writeFileSync(join(mistaken.root, 'plopfile.js'), "export default async function (plop) {\n  await plop.load('create-alembic-migration', { section: 'tenant' });\n}\n");
    await expect(nodePlop(join(mistaken.root, 'plopfile.js'))).rejects.toThrow('create-alembic-migration: plop.load config has "section"; it takes "name" and "dir" (the --name and --dir of the commands)');
  });

  it('runs a loaded generator from the plop command line in that project', async () => {
    const project = hostProject();
    const term = (terminal = Terminal.start([process.execPath, PLOP_BIN, 'create-enum'], { cwd: project.root }));
    await term.answer('Enum type name', 'mood');
    await term.answer('Values', 'happy, sad');
    await term.answer('Add another operation', '');
    await term.answer('Message', '');
    await term.answer('Write alembic/versions/001_create_enum_mood.py?', '');
    const { code, screen } = await term.exit();
    expect(code).toBe(0);
    expect(screen).toContain('alembic/versions/001_create_enum_mood.py');
    expect(project.files()).toEqual(['001_create_enum_mood.py']);
    expect(readFileSync(join(project.versions, '001_create_enum_mood.py'), 'utf8')).toContain("CREATE TYPE public.mood AS ENUM ('happy', 'sad')");
  });
});

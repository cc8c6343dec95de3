import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { directoryState } from '../support/directory-state.js';
import { Terminal } from '../support/terminal.js';

const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

/** A directory with no alembic.ini and no configuration: only what the arguments say is known. */
function emptyDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'cm-help-'));
}

function help(args: readonly string[]): string {
  const result = runCli(args, { cwd: emptyDirectory() });
  expect(result.code, `${args.join(' ')} exits 0`).toBe(0);
  return result.stdout;
}

/** The command names the main help lists. */
function listedCommands(): string[] {
  const list = help(['--help']).split('\nCommands:\n')[1]!.split('\n\n')[0]!;
  return list.split('\n').map((line) => line.trim().split(/\s+/)[0]!);
}

let terminal: Terminal | undefined;
afterEach(() => {
  terminal?.close();
  terminal = undefined;
});

describe('help texts', () => {
  it.each(['generate', 'check', 'renumber', 'verify', 'init'])("%s --help: the usage line names every option the list below it explains", (command) => {
    const text = help([command, '--help']);
    const usage = text.split('\n\n')[0]!;
    const options = text.split('\nOptions:\n')[1]!.split('\n\n')[0]!;
    const listed = [...options.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((match) => match[1]!).filter((option) => option !== '--help');
    expect(listed.length).toBeGreaterThan(0);
    for (const option of listed) expect(usage, `${command}'s usage line names ${option}`).toContain(option);
  });

  it("the main help shows each one-line command's required arguments, the foreign key's target included, and none of their options", () => {
    const text = help(['--help']);
    expect(text).toMatch(/^ {2}add-foreign-key +add a foreign key: TABLE COLUMN\[,COLUMN\.\.\.\] \[SCHEMA\.\]TABLE\.COLUMN\[,COLUMN\.\.\.\]$/m);
    expect(text).toMatch(/^ {2}drop-table +drop a table: TABLE \[COLUMN\.\.\.\]$/m);
    const list = text.split('\nCommands:\n')[1]!.split('\n\n')[0]!;
    expect(list).not.toContain('[--');
  });

  it('no help text holds an empty [] (the column grammar once printed references=[SCHEMA.]TABLE.COLUMN[])', () => {
    const commands = listedCommands();
    expect(commands).toContain('add-column');
    for (const command of commands) expect(help([command, '--help']), command).not.toContain('[]');
    expect(help(['add-column', '--help'])).toContain('references=[SCHEMA.]TABLE.COLUMN,');
  });

  it.each(['check', 'renumber'])('%s --help names where the directory comes from: the configuration, then alembic.ini', (command) => {
    const dirLine = help([command, '--help']).split('\n').findIndex((line) => /^\s+-d, --dir/.test(line));
    const text = help([command, '--help']).split('\n').slice(dirLine, dirLine + 2).join(' ');
    expect(text).toMatch(/versions_dir from the configuration .*else from \.\/alembic\.ini/);
  });

  it.each([['--version'], ['-v'], ['-V'], ['version']])('%s prints the version', (flag) => {
    const result = runCli([flag], { cwd: emptyDirectory() });
    expect(result).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

describe('mistakes get the nearest name, in a few lines, and exit 2', () => {
  it.each([
    [['generat'], 'unknown command "generat"; did you mean "generate"?'],
    [['add-colum', 'users', 'x:int'], 'unknown command "add-colum"; did you mean "add-column"?'],
    [['vesion'], 'unknown command "vesion"; did you mean "version"?'],
    [['help', 'chek'], 'unknown command "chek"; did you mean "check"?'],
    [['check', '--dri', 'x'], "Unknown option '--dri'; did you mean '--dir'?"],
    [['generate', '--spec', 'x.yaml', '--dryrun'], "Unknown option '--dryrun'; did you mean '--dry-run'?"],
    [['add-column', 'users', 'x:int', '--not-nul'], "Unknown option '--not-nul'; did you mean '--not-null'?"],
    [['--dri', 'x'], "Unknown option '--dri'; did you mean '--dir'?"],
  ])('%j', (args, message) => {
    const root = emptyDirectory();
    const result = runCli(args, { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(`error: ${message}`);
    expect(result.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(3);
    expect(readdirSync(root)).toEqual([]);
  });

  it('an unknown command far from every name gets the list of commands instead of a guess', () => {
    const result = runCli(['frobnicate'], { cwd: emptyDirectory() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: unknown command "frobnicate"\ncommands: generate, autogenerate, check, renumber, verify, init, and one per operation (create-table, add-column, add-check, ...)\nsee: create-migration --help\n',
    );
  });
});

describe('errors come in the order a user fixes them: what was typed, then what the directory lacks', () => {
  it('generate: a spec file that does not exist is reported, not the missing alembic.ini', () => {
    const root = emptyDirectory();
    const result = runCli(['generate', '--spec', 'missing.yaml'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: spec file ${join(root, 'missing.yaml')} does not exist\n`);
  });

  it('a one-line command: the missing argument is reported, not the missing alembic.ini', () => {
    const result = runCli(['add-column', 'users'], { cwd: emptyDirectory() });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('error: missing COLUMN (no terminal to ask for it)');
  });
});

describe('the bare command takes --dir, the versions directory, as every command does', () => {
  it('without a terminal it still exits 2 without waiting, --dir or not', () => {
    const root = emptyDirectory();
    mkdirSync(join(root, 'versions'));
    const result = runCli(['--dir', 'versions'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('create-migration asks its questions in a terminal');
  });

  it('in a terminal, with no alembic.ini, writes into the --dir versions directory', async () => {
    const root = emptyDirectory();
    mkdirSync(join(root, 'db', 'versions'), { recursive: true });
    const before = directoryState(root);
    const term = (terminal = Terminal.run(['--dir', 'db/versions'], { cwd: root }));
    await term.choose('What do you want to do?', []);
    // The first operation of the menu is create_table.
    await term.answer('Table name', 'tags');
    await term.answer('Column name', 'id');
    await term.choose('Type', []);
    await term.answer('Part of the primary key?', '');
    await term.answer('References', '');
    await term.answer('Default, an SQL expression', '');
    await term.answer('Comment', '');
    await term.answer('Next column name (empty when done)', '');
    await term.answer('Table comment', '');
    await term.answer('Add another operation to this migration?', '');
    await term.answer('Message', '');
    await term.answer('Write db/versions/001_create_tags.py?', '');
    const { code } = await term.exit();
    expect(code).toBe(0);
    expect(readdirSync(join(root, 'db', 'versions'))).toEqual(['001_create_tags.py']);
    expect(Object.keys(directoryState(root)).filter((path) => !(path in before))).toEqual(['db/versions/001_create_tags.py']);
  });
});

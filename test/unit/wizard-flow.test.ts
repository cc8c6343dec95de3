import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATORS } from '../../generators/index.js';
import { writeComposed, writeMigration } from '../../src/generate/write-migration.js';
import type { OperationName } from '../../src/operations/registry.js';
import { BUILT_IN_DEFAULTS } from '../../src/spec-file/read-spec.js';
import type { Answers } from '../../src/wizard/answers.js';
import { migrationFlow, type WizardProject } from '../../src/wizard/flow.js';
import { wizardProject } from '../../src/wizard/project.js';
import type { Prompt, Question } from '../../src/wizard/questions.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/versions');

/** Answers a question asked several times, one after another (the step after each preview). */
class InTurn {
  private next = 0;
  constructor(private readonly values: readonly unknown[]) {}
  take(name: string): unknown {
    expect(this.next, `${name} asked more often than answered`).toBeLessThan(this.values.length);
    return this.values[this.next++];
  }
}

const inTurn = (...values: unknown[]): InTurn => new InTurn(values);

/** A question as the person saw it: its message, choices and default worked out from the answers so far. */
interface Seen {
  readonly question: Question;
  readonly message: string;
  readonly choices?: readonly string[];
  readonly default?: unknown;
  readonly answers: Answers;
}

/**
 * inquirer's prompt as a person would answer: `given` by question name (each answer of an
 * InTurn in turn), else the question's default; every question asked is recorded in `seen`.
 */
function scripted(given: Readonly<Record<string, unknown>>, seen: Seen[] = []): Prompt {
  return async (questions: readonly Question[], before: Answers = {}) => {
    const answers: Answers = structuredClone(before);
    const at = (name: string) => name.split('.').reduce<unknown>((value, key) => (value as Answers | undefined)?.[key], answers);
    const set = (name: string, value: unknown) => {
      const keys = name.split('.');
      const parent = keys.slice(0, -1).reduce<Answers>((object, key) => (object[key] ??= {}) as Answers, answers);
      parent[keys.at(-1)!] = value;
    };
    for (const question of questions) {
      if (question.when?.(answers) === false || (at(question.name) !== undefined && question.askAnswered !== true && !(question.name in given))) continue;
      const dynamic = <T>(value: T | ((answers: Answers) => T)): T => (typeof value === 'function' ? (value as (answers: Answers) => T)(answers) : value);
      const fallback = 'default' in question ? dynamic(question.default) : undefined;
      const choices = 'choices' in question ? dynamic(question.choices).map((choice) => choice.value) : undefined;
      seen.push({ question, message: dynamic(question.message), ...(choices && { choices }), default: fallback, answers: structuredClone(answers) });
      const wanted = given[question.name];
      const value = wanted instanceof InTurn ? wanted.take(question.name) : question.name in given ? wanted : (('prefill' in question ? question.prefill : undefined) ?? fallback ?? '');
      const typed = question.type === 'input' || (question.type === 'choice-or-text' && !choices!.includes(String(value)));
      if (typed && 'validate' in question && question.validate) expect(question.validate(String(value), answers), `${question.name}: ${String(value)}`).toBe(true);
      set(question.name, value);
    }
    return answers;
  };
}

/** `directory` as the one versions directory, as --dir names it. */
const versionsIn = (directory: string) => ({ directories: [directory], recursive: false, source: '--dir' });
/** A project with an empty history. */
async function emptyProject(printed: string[] = []): Promise<WizardProject> {
  const directory = join(mkdtempSync(join(tmpdir(), 'cm-wizard-')), 'versions');
  mkdirSync(directory);
  return wizardProject({ cwd: directory, versions: versionsIn(directory), defaults: BUILT_IN_DEFAULTS }, { SOURCE_DATE_EPOCH: '1763812800' }, (text) => printed.push(text));
}

const seenAs = (seen: readonly Seen[], name: string): Seen[] => seen.filter((entry) => entry.question.name === name);

describe('the wizard reads the history once', () => {
  it('previews after the history read when it started, and writes the preview only while the directory is as it was', async () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'cm-wizard-')), 'versions');
    cpSync(EXAMPLES, directory, { recursive: true });
    const printed: string[] = [];
    const project = await wizardProject({ cwd: directory, versions: versionsIn(directory), defaults: BUILT_IN_DEFAULTS }, { SOURCE_DATE_EPOCH: '1763812800' }, (text) => printed.push(text));
    // A file written after the start is not read again: the preview follows the history as it was.
    writeFileSync(join(directory, '003_meanwhile.py'), 'revision = "003_meanwhile"\ndown_revision = "002_create_assets"\n');
    const answers = await migrationFlow(scripted({ table: 'users', 'column.name': 'nickname', 'column.type': 'text', more: false, next: 'write' }), project, GENERATORS, 'add_column');
    expect(answers.confirmed).toBe(true);
    expect(answers.preview?.fileName).toBe('003_add_nickname_to_users.py');
    expect(printed.join('')).toContain(answers.preview!.content);
    await expect(writeComposed(versionsIn(directory), answers.preview!, project.files)).rejects.toThrow('003_meanwhile.py added');
  });

  it('writes the file exactly as previewed', async () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'cm-wizard-')), 'versions');
    cpSync(EXAMPLES, directory, { recursive: true });
    const project = await wizardProject({ cwd: directory, versions: versionsIn(directory), defaults: BUILT_IN_DEFAULTS }, {}, () => undefined);
    const answers = await migrationFlow(scripted({ name: 'mood', values: 'HAPPY, SAD', more: false, next: 'write' }), project, GENERATORS, 'create_enum');
    await writeComposed(versionsIn(directory), answers.preview!, project.files);
    expect(readFileSync(answers.preview!.path, 'utf8')).toBe(answers.preview!.content);
  });
});

describe('what this migration made is offered to its later questions', () => {
  it('its tables and enums; a column named like an enum takes it; a table with a key is not asked for another; a foreign key is not offered gen_random_uuid()', async () => {
    const seen: Seen[] = [];
    const prompt = scripted(
      {
        name: inTurn('account_role', 'id', 'role', ''),
        values: 'ADMIN, USER',
        more: inTurn(true, true, false),
        op: inTurn('create_table', 'add_column'),
        table: inTurn('accounts', 'accounts'),
        server_default: inTurn('gen_random_uuid()', "'USER'"),
        'column.name': 'owner_id',
        'column.references': 'accounts.id',
        next: 'quit',
      },
      seen,
    );
    const answers = await migrationFlow(prompt, await emptyProject(), GENERATORS, 'create_enum');
    expect(answers.confirmed).toBe(false);

    const [idType, roleType] = seenAs(seen, 'type');
    expect(idType!.default).toBe('uuid');
    expect(roleType!.default).toBe('account_role');
    expect(roleType!.choices?.[0]).toBe('account_role');
    const [idDefault, roleDefault] = seenAs(seen, 'server_default');
    expect(idDefault!.message).toBe('Default, an SQL expression such as gen_random_uuid() (empty for none)');
    expect(roleDefault!.message).toBe("Default, an SQL expression such as 'ADMIN' (a label, quoted) (empty for none)");
    // Checked where it is typed, with the spec's own words.
    const validate = (roleDefault!.question as { validate: (input: string, answers: Answers) => true | string }).validate;
    expect(validate("'GUEST'", roleDefault!.answers)).toBe("'GUEST' is not a label of account_role; its labels are 'ADMIN', 'USER'");
    expect(validate('ADMIN', roleDefault!.answers)).toBe('refers to a column "admin", which a DEFAULT cannot; did you mean the label \'ADMIN\'?');

    expect(seenAs(seen, 'table').at(-1)!.choices).toEqual(['accounts']);
    expect(seenAs(seen, 'column.primary_key')).toEqual([]);
    expect(seenAs(seen, 'column.server_default')[0]!.message).toBe('Default, an SQL expression (empty for none)');
    expect(answers.operations.map((operation) => operation.op)).toEqual(['create_enum', 'create_table', 'add_column']);
  });
});

describe('at the preview, the answers can be changed before anything is written', () => {
  it("changes an operation's answers (each shown to keep or edit), adds and removes one; the suggested message follows", async () => {
    const seen: Seen[] = [];
    const printed: string[] = [];
    const prompt = scripted(
      {
        name: inTurn('mood', 'size'),
        values: inTurn('HAPPY, SAD', 'S, M'),
        more: inTurn(true, false),
        op: inTurn('add_column', 'create_enum'),
        table: 'people',
        'column.name': 'mood',
        'column.server_default': inTurn("'HAPPY'", "'SAD'"),
        next: inTurn('change', 'add', 'remove', 'write'),
        which: inTurn('1', '2'),
      },
      seen,
    );
    const answers = await migrationFlow(prompt, await emptyProject(printed), GENERATORS, 'create_enum');

    expect(answers.confirmed).toBe(true);
    const edited = seenAs(seen, 'column.server_default')[1]!;
    expect(edited.question).toMatchObject({ type: 'input', prefill: "'HAPPY'" });
    expect(seenAs(seen, 'column.type')[1]!.default).toBe('mood');
    expect(seenAs(seen, 'next').map((entry) => entry.message)).toEqual(Array(4).fill('Write 001_add_mood_to_people.py?'));
    expect(answers.message).toBe('add mood to people');
    expect(answers.operations.map((operation) => operation.op)).toEqual(['create_enum', 'add_column']);
    expect(answers.preview!.content).toContain("ADD COLUMN IF NOT EXISTS mood public.mood DEFAULT 'SAD'");
    expect(answers.preview!.content).not.toContain('size');
    // Every change was shown again before the choice.
    expect(printed.filter((text) => text.includes('----- 001_add_mood_to_people.py -----'))).toHaveLength(4);
  });

  it('shows what the spec reader refuses, and offers no write until it is changed', async () => {
    const seen: Seen[] = [];
    const printed: string[] = [];
    const prompt = scripted(
      { name: 'mood', values: 'HAPPY, SAD', more: inTurn(true, false), op: 'add_column', table: 'people', 'column.name': 'mood', next: inTurn('remove', 'quit'), which: '0' },
      seen,
    );
    const answers = await migrationFlow(prompt, await emptyProject(printed), GENERATORS, 'create_enum');

    expect(answers.confirmed).toBe(false);
    expect(printed.join('')).toContain('The migration cannot be written as it is:\n  1. add mood to people, column.type: unknown type "mood"');
    const [before, after] = seenAs(seen, 'next');
    expect(before!.choices).toContain('write');
    expect(after!.message).toBe('Change it, or write nothing?');
    expect(after!.choices).toEqual(['change', 'add', 'message', 'quit']);
  });
});

describe("what the history's specs know is offered by name", () => {
  it('its enums and their labels, indexes, a table\'s constraints and columns; a label the enum has is refused where typed', async () => {
    const project = await emptyProject();
    const { settings } = project;
    const spec = {
      message: 'people',
      operations: [
        { op: 'create_enum', name: 'mood', values: ['HAPPY', 'SAD'] },
        { op: 'create_table', table: 'people', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'mood', type: 'mood' }] },
        { op: 'create_index', table: 'people', columns: ['mood'] },
      ],
    };
    await writeMigration(spec, { settings, dryRun: false, date: '2025-11-22 12:00:00.000000' });
    const known = await wizardProject(settings, {}, () => undefined);
    const asked = async (op: OperationName, given: Record<string, unknown>): Promise<Seen[]> => {
      const seen: Seen[] = [];
      await migrationFlow(scripted({ more: false, next: 'quit', ...given }, seen), known, GENERATORS, op);
      return seen;
    };

    const enumValue = await asked('add_enum_value', { enum: 'mood', value: 'CALM', place: 'after', label: 'HAPPY' });
    expect(seenAs(enumValue, 'enum')[0]!.choices).toEqual(['mood']);
    expect(seenAs(enumValue, 'label')[0]).toMatchObject({ message: 'The label it goes after', choices: ['HAPPY', 'SAD'] });
    const value = seenAs(enumValue, 'value')[0]!;
    expect((value.question as { validate: (input: string, answers: Answers) => true | string }).validate('SAD', value.answers)).toBe(
      `"SAD" is already a label of public.mood (according to the known schema)`,
    );
    expect(seenAs(await asked('drop_index', { name: 'ix_people_mood' }), 'name')[0]!.choices).toEqual(['ix_people_mood']);
    expect(seenAs(await asked('drop_constraint', { table: 'people', name: 'pk_people' }), 'name')[0]!.choices).toEqual(['pk_people']);
    expect(seenAs(await asked('create_index', { table: 'people', columns: 'id, mood' }), 'columns')[0]!.message).toBe('Columns, comma-separated (people: id, mood)');
  });
});

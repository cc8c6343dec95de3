import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATORS } from '../../generators/index.js';
import { writeComposed } from '../../src/generate/write-migration.js';
import { BUILT_IN_DEFAULTS } from '../../src/spec-file/read-spec.js';
import type { Answers } from '../../src/wizard/answers.js';
import { migrationFlow } from '../../src/wizard/flow.js';
import { wizardProject } from '../../src/wizard/project.js';
import type { Prompt, Question } from '../../src/wizard/questions.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/versions');

/** inquirer's prompt as a person would answer: `given` by question name, else the question's default. */
function scripted(given: Readonly<Record<string, unknown>>): Prompt {
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
      const fallback = typeof question.default === 'function' ? question.default(answers) : question.default;
      const value = question.name in given ? given[question.name] : (fallback ?? '');
      if (question.type === 'input' && question.validate) expect(question.validate(String(value), answers), question.name).toBe(true);
      set(question.name, value);
    }
    return answers;
  };
}

/** `directory` as the one versions directory, as --dir names it. */
const versionsIn = (directory: string) => ({ directories: [directory], recursive: false, source: '--dir' });

describe('the wizard reads the history once', () => {
  it('previews after the history read when it started, and writes the preview only while the directory is as it was', async () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'cm-wizard-')), 'versions');
    cpSync(EXAMPLES, directory, { recursive: true });
    const printed: string[] = [];
    const project = await wizardProject({ cwd: directory, versions: versionsIn(directory), defaults: BUILT_IN_DEFAULTS }, { SOURCE_DATE_EPOCH: '1763812800' }, (text) => printed.push(text));
    // A file written after the start is not read again: the preview follows the history as it was.
    writeFileSync(join(directory, '003_meanwhile.py'), 'revision = "003_meanwhile"\ndown_revision = "002_create_assets"\n');
    const answers = await migrationFlow(scripted({ table: 'users', 'column.name': 'nickname', 'column.type': 'text', more: false, confirmed: true }), project, GENERATORS, 'add_column');
    expect(answers.confirmed).toBe(true);
    expect(answers.preview?.fileName).toBe('003_add_nickname_to_users.py');
    expect(printed.join('')).toContain(answers.preview!.content);
    await expect(writeComposed(versionsIn(directory), answers.preview!, project.files)).rejects.toThrow('003_meanwhile.py added');
  });

  it('writes the file exactly as previewed', async () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'cm-wizard-')), 'versions');
    cpSync(EXAMPLES, directory, { recursive: true });
    const project = await wizardProject({ cwd: directory, versions: versionsIn(directory), defaults: BUILT_IN_DEFAULTS }, {}, () => undefined);
    const answers = await migrationFlow(scripted({ name: 'mood', values: 'HAPPY, SAD', more: false, confirmed: true }), project, GENERATORS, 'create_enum');
    await writeComposed(versionsIn(directory), answers.preview!, project.files);
    expect(readFileSync(answers.preview!.path, 'utf8')).toBe(answers.preview!.content);
  });
});

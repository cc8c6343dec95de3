import type { Interface as ReadlineInterface } from 'node:readline';
import type inquirer from 'inquirer';
import InputPrompt from 'inquirer/lib/prompts/input.js';
import ListPrompt from 'inquirer/lib/prompts/list.js';
import type { Answers } from './answers.js';
import type { ChoiceOrTextQuestion, Prompt, Question } from './questions.js';

// The wizard's questions on inquirer (the one plop runs, or the bin's own): two prompt types of
// its own, registered on that inquirer, and the declared questions handed over in its terms.

const OTHER = '\u0000other';
const CHOICE_OR_TEXT = 'create-migration-choice-or-text';
const PREFILLED_INPUT = 'create-migration-prefilled-input';
const CYAN = (text: string): string => `\u001b[36m${text}\u001b[39m`;
const RED = (text: string): string => `\u001b[31m${text}\u001b[39m`;
const SHOW_CURSOR = '\u001b[?25h';

/** readline's line and cursor, which inquirer's own prompts set to edit the text. */
type EditableLine = { line: string; cursor: number };

type Validate = (input: string, answers: Answers) => true | string | Promise<true | string>;
type Filter = (input: string, answers: Answers) => string | Promise<string>;

/** Starts with `text` typed in, to edit; the rest of it is inquirer's input prompt. */
class PrefilledInputPrompt extends InputPrompt {
  override _run(done: (value: unknown) => void): void {
    super._run(done);
    const prefill = (this.opt as { prefill?: string }).prefill;
    if (prefill !== undefined && prefill !== '') {
      this.rl.write(prefill);
      this.render();
    }
  }
}

/**
 * inquirer's list, whose last entry turns it into a text input in place: the answered line
 * shows what was typed (`? Table flows`), never the entry that led there.
 */
class ChoiceOrTextPrompt extends ListPrompt {
  private typing = false;
  private typed = '';
  private readonly start: string | undefined;

  constructor(question: ConstructorParameters<typeof ListPrompt>[0], rl: ReadlineInterface, answers: Answers) {
    const choices = (question.choices as readonly { value: unknown }[] | undefined) ?? [];
    const given = typeof question.default === 'string' && question.default !== '' ? question.default : undefined;
    // A default among the choices is preselected; any other (an earlier typed answer) is typed in.
    const typedIn = given !== undefined && !choices.some((choice) => choice.value === given);
    super({ ...question, ...(typedIn && { default: undefined }) }, rl, answers);
    this.start = typedIn ? given : undefined;
  }

  override _run(done: (value: unknown) => void): void {
    if (this.start === undefined) {
      super._run(done);
      return;
    }
    this.done = done;
    this.startTyping(this.start);
  }

  protected override onSubmit(value: unknown): void {
    if (value === OTHER) this.startTyping('');
    else super.onSubmit(value);
  }

  private startTyping(prefill: string): void {
    this.typing = true;
    const line = this.rl as unknown as EditableLine;
    const input = (this.rl as unknown as { input: NodeJS.EventEmitter }).input;
    line.line = '';
    line.cursor = 0;
    if (prefill !== '') this.rl.write(prefill);
    const { validate, filter } = this.opt as unknown as { validate?: Validate; filter?: Filter };
    const onKeypress = (_text: string, key: { name?: string } | undefined): void => {
      if (key?.name !== 'enter' && key?.name !== 'return') this.render();
    };
    const onLine = async (text: string): Promise<void> => {
      const value = filter ? await filter(text, this.answers) : text;
      const verdict = validate ? await validate(value, this.answers) : true;
      if (verdict !== true) {
        // readline cleared the line on Enter: put it back to correct.
        line.line += text;
        line.cursor += text.length;
        this.renderTyping(verdict);
        return;
      }
      input.off('keypress', onKeypress);
      this.rl.off('line', onLine);
      this.typed = value;
      this.status = 'answered';
      this.render();
      this.screen.done();
      this.done(value);
    };
    input.on('keypress', onKeypress);
    this.rl.on('line', onLine);
    this.render();
  }

  private renderTyping(error?: string): void {
    const answered = this.status === 'answered';
    const message = `${this.getQuestion()}${answered ? CYAN(this.typed) : (this.rl as unknown as EditableLine).line}${SHOW_CURSOR}`;
    this.screen.render(message, error === undefined ? '' : `${RED('>>')} ${error}`);
  }

  protected override render(): void {
    if (this.typing) this.renderTyping();
    else super.render();
  }
}

/** inquirer's prompt function and its registry of prompt types: the module's default export. */
export type InquirerModule = Pick<typeof inquirer, 'prompt' | 'registerPrompt'>;

/** A declared question in inquirer's terms. */
function forInquirer(question: Question): Record<string, unknown> {
  if (question.type === 'choice-or-text') {
    const { choices, other, ...rest } = question as ChoiceOrTextQuestion;
    const listed = (answers: Answers) => [...(typeof choices === 'function' ? choices(answers) : choices), { name: other, value: OTHER, short: other }];
    return { ...rest, type: CHOICE_OR_TEXT, choices: listed };
  }
  if (question.type === 'input' && question.prefill !== undefined) return { ...question, type: PREFILLED_INPUT };
  return { ...question };
}

/** The wizard's Prompt on an inquirer: its own prompt types registered there first. */
export function inquirerPrompt(module: InquirerModule): Prompt {
  module.registerPrompt(CHOICE_OR_TEXT, ChoiceOrTextPrompt as unknown as inquirer.prompts.PromptConstructor);
  module.registerPrompt(PREFILLED_INPUT, PrefilledInputPrompt as unknown as inquirer.prompts.PromptConstructor);
  return (questions, answers) => module.prompt(questions.map(forInquirer) as never, answers) as Promise<Answers>;
}

import type { Answers } from './answers.js';

// The prompts of a generator, declared as data in the shape inquirer (and so plop) reads them.
// Only the fields this tool uses are typed, so the declarations do not depend on inquirer.

type Dynamic<T> = T | ((answers: Answers) => T);

interface QuestionBase {
  /** Where the answer goes; a dotted name (`column.type`) nests it. */
  readonly name: string;
  readonly message: Dynamic<string>;
  readonly when?: (answers: Answers) => boolean;
  /** Ask even when the answer is given already (the free-entry follow-up of a list). */
  readonly askAnswered?: boolean;
}

export interface InputQuestion extends QuestionBase {
  readonly type: 'input';
  readonly default?: Dynamic<string | undefined>;
  /** Text already typed in when the question appears, to edit (an earlier answer being changed). */
  readonly prefill?: string;
  /** true, or the reason the answer is refused; inquirer shows it and asks again. */
  readonly validate?: (input: string, answers: Answers) => true | string;
  readonly filter?: (input: string) => string;
}

export interface ConfirmQuestion extends QuestionBase {
  readonly type: 'confirm';
  readonly default?: Dynamic<boolean>;
}

export interface Choice {
  readonly name: string;
  readonly value: string;
  /** Shown as the answer once chosen, when the name is longer. */
  readonly short?: string;
}

export interface ListQuestion extends QuestionBase {
  readonly type: 'list';
  readonly choices: Dynamic<readonly Choice[]>;
  readonly default?: Dynamic<string | undefined>;
  readonly pageSize?: number;
}

/**
 * A list of choices whose last entry, `other` ("another table..."), turns the question into a
 * text input in place, so the answer shown is what was typed. A default that is not among the
 * choices starts it typed in, to edit.
 */
export interface ChoiceOrTextQuestion extends QuestionBase {
  readonly type: 'choice-or-text';
  readonly choices: Dynamic<readonly Choice[]>;
  readonly default?: Dynamic<string | undefined>;
  readonly other: string;
  /** Checks typed text (a choice is valid as it is). */
  readonly validate?: (input: string, answers: Answers) => true | string;
  readonly filter?: (input: string) => string;
  readonly pageSize?: number;
}

export type Question = InputQuestion | ConfirmQuestion | ListQuestion | ChoiceOrTextQuestion;

/**
 * A list of items asked one after another (the columns of a table). Its first question ends
 * the list when it is left empty, once at least one item was given.
 */
export interface RepeatStep {
  readonly type: 'repeat';
  readonly name: string;
  /** The first question's message while it shows an earlier item to change: left empty, the item is removed. */
  readonly editMessage: string;
  /** Asked only when this holds for the answers so far. */
  readonly when?: (answers: Answers) => boolean;
  readonly item: (items: readonly Answers[]) => readonly Question[];
}

export type Step = Question | RepeatStep;

/** inquirer's `prompt(questions, answers)`: questions whose answer is given are skipped. */
export type Prompt = (questions: readonly Question[], answers?: Answers) => Promise<Answers>;

/** An input whose answer is trimmed, so " users " names the table users. */
export function input(question: Omit<InputQuestion, 'type' | 'filter'>): InputQuestion {
  return { type: 'input', filter: (value) => value.trim(), ...question };
}

/** A free-text answer that may be left empty. */
export function optional(validate: (input: string, answers: Answers) => true | string): (input: string, answers: Answers) => true | string {
  return (value, answers) => (value.trim() === '' ? true : validate(value, answers));
}

/** The questions, each asked only when `condition` holds too (besides its own `when`). */
export function askedWhen<Q extends Question>(questions: readonly Q[], condition: (answers: Answers) => boolean): Q[] {
  return questions.map((question) => ({ ...question, when: (answers: Answers) => condition(answers) && (question.when?.(answers) ?? true) }));
}

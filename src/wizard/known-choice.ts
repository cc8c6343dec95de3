import type { Answers } from './answers.js';
import { input, type Question } from './questions.js';

/**
 * A name to pick from what the known schema holds (tables, or a table's columns), or to type
 * in ("another ..."): one question, which becomes a text input in place when nothing is known.
 * An answer already given (a one-line command's argument) is never asked again.
 */
export function knownChoice(options: {
  readonly name: string;
  readonly message: string;
  readonly known: (answers: Answers) => readonly string[];
  readonly another: string;
  readonly validate: (input: string, answers: Answers) => true | string;
  readonly when?: (answers: Answers) => boolean;
}): Question[] {
  const applies = (answers: Answers): boolean => options.when?.(answers) ?? true;
  return [
    {
      type: 'choice-or-text',
      name: options.name,
      message: options.message,
      when: (answers) => applies(answers) && options.known(answers).length > 0,
      choices: (answers) => options.known(answers).map((name) => ({ name, value: name })),
      other: options.another,
      validate: options.validate,
      filter: (value) => value.trim(),
      pageSize: 16,
    },
    input({
      name: options.name,
      message: options.message,
      when: (answers) => applies(answers) && options.known(answers).length === 0,
      validate: options.validate,
    }),
  ];
}

/** The table an operation changes: one the known schema holds (or this migration made), or another typed in. */
export function tableChoice(known: () => readonly string[], message: string, validate: (input: string) => true | string, when?: (answers: Answers) => boolean): Question[] {
  return knownChoice({ name: 'table', message, known, another: 'another table...', validate, ...(when && { when }) });
}

import { answerAt, type Answers } from './answers.js';
import { optional, type Prompt, type Question, type RepeatStep, type Step } from './questions.js';

/**
 * The question showing an earlier answer to change: its text typed in to edit, its choice or
 * yes/no preselected. An answer that was the question's own suggestion (a derived name) stays a
 * suggestion, so it follows the answers it was derived from when they change.
 */
function withEarlier(question: Question, earlier: Answers): Question {
  const previous = answerAt(earlier, question.name);
  if (previous === undefined) return question;
  if (question.type === 'confirm') return typeof previous === 'boolean' ? { ...question, default: previous } : question;
  if (question.type !== 'input') return { ...question, default: String(previous) };
  const suggested = typeof question.default === 'function' ? question.default(earlier) : question.default;
  if (suggested !== undefined && suggested === previous) return question;
  return { ...question, prefill: String(previous), default: undefined };
}

async function askRepeat(prompt: Prompt, step: RepeatStep, earlierItems: readonly Answers[]): Promise<Answers[]> {
  const items: Answers[] = [];
  for (let index = 0; ; index += 1) {
    const earlier = earlierItems[index];
    const questions = step.item(items).map((question) => (earlier ? withEarlier(question, earlier) : question));
    const [head, ...rest] = questions;
    // An earlier item is kept or, left empty, removed; after them, an empty first answer ends the list.
    const shown: Question = earlier && head!.type === 'input' ? { ...head!, message: step.editMessage, validate: head!.validate && optional(head!.validate) } : head!;
    const first = await prompt([shown]);
    const value = first[head!.name];
    const empty = value === undefined || value === '';
    if (empty && earlier) continue;
    if (empty && items.length > 0) return items;
    items.push(await prompt(rest, first));
  }
}

/**
 * Asks a generator's steps in order, skipping every question whose answer is `given` (from a
 * one-line command's arguments), and returns all answers. With `earlier` (the answers of an
 * operation being changed), each question shows its earlier answer to keep or edit.
 */
export async function ask(prompt: Prompt, steps: readonly Step[], given: Answers = {}, earlier?: Answers): Promise<Answers> {
  let answers: Answers = structuredClone(given);
  let run: Question[] = [];
  const flush = async (): Promise<void> => {
    if (run.length > 0) answers = await prompt(run, answers);
    run = [];
  };
  for (const step of steps) {
    if (step.type !== 'repeat') {
      run.push(earlier ? withEarlier(step, earlier) : step);
      continue;
    }
    await flush();
    const existing = answers[step.name];
    if ((Array.isArray(existing) && existing.length > 0) || step.when?.(answers) === false) continue;
    const earlierItems = Array.isArray(earlier?.[step.name]) ? (earlier[step.name] as Answers[]) : [];
    answers = { ...answers, [step.name]: await askRepeat(prompt, step, earlierItems) };
  }
  await flush();
  return answers;
}

import type { Answers } from './answers.js';
import type { Prompt, Question, Step } from './questions.js';

async function askRepeat(prompt: Prompt, item: (items: readonly Answers[]) => readonly Question[]): Promise<Answers[]> {
  const items: Answers[] = [];
  for (;;) {
    const [head, ...rest] = item(items);
    const first = await prompt([head!]);
    const value = first[head!.name];
    if (items.length > 0 && (value === undefined || value === '')) return items;
    items.push(await prompt(rest, first));
  }
}

/**
 * Asks a generator's steps in order, skipping every question whose answer is `given` (from a
 * one-line command's arguments), and returns all answers.
 */
export async function ask(prompt: Prompt, steps: readonly Step[], given: Answers = {}): Promise<Answers> {
  let answers: Answers = structuredClone(given);
  let run: Question[] = [];
  const flush = async (): Promise<void> => {
    if (run.length > 0) answers = await prompt(run, answers);
    run = [];
  };
  for (const step of steps) {
    if (step.type !== 'repeat') {
      run.push(step);
      continue;
    }
    await flush();
    const existing = answers[step.name];
    if ((Array.isArray(existing) && existing.length > 0) || step.when?.(answers) === false) continue;
    answers = { ...answers, [step.name]: await askRepeat(prompt, step.item) };
  }
  await flush();
  return answers;
}

import { GENERATORS } from './generators/index.js';

/** The part of plop's API this file uses; plop itself arrives with the interactive wizard. */
interface PlopApi {
  setGenerator(name: string, config: { description: string; prompts: unknown[]; actions: unknown[] }): void;
}

/** One plop generator per operation; prompts and actions are added by the wizard work. */
export default function plopfile(plop: PlopApi): void {
  for (const generator of GENERATORS) {
    plop.setGenerator(generator.op, { description: generator.description, prompts: [], actions: [] });
  }
}

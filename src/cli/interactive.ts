import type { CliIo } from './io.js';

/** CI services set CI (to true, 1, or their name); "false" and "0" say it is not one. */
function inCi(env: CliIo['env']): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/** Whether a person can answer prompts: a terminal on both sides, and not a CI job. */
export function isInteractive(io: CliIo): boolean {
  return io.stdinIsTTY && io.stdoutIsTTY && !inCi(io.env);
}

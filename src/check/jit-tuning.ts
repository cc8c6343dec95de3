import { setFlagsFromString } from 'node:v8';

/**
 * Below this many files to parse, check runs without V8's optimizing compiler (TurboFan); above,
 * with a smaller inlining budget.
 */
const FILES_WORTH_OPTIMIZING = 3000;

/**
 * Tunes V8's compiler for a check that parses `files` files. V8 tunes it for programs that run
 * for minutes: on a history of hand-written migrations (bench/check-speed.mjs), compiling hot code
 * with TurboFan took a third of check's CPU time, and the code it made saved less than that below
 * a few thousand files. Measured CPU time: without TurboFan, 25% less for 100 and 1,000 files,
 * 30% more for 10,000; with a ninth of its inlining budget (100 of 920 bytes), 16% less for 5,000 and 7% less for
 * 10,000. The flags hold for the rest of the process (and its worker threads): only the
 * command line's process calls this (CliIo.tuneJit), never a process that runs check among other
 * work, such as the tests.
 */
export function tuneJitFor(files: number): void {
  setFlagsFromString(files < FILES_WORTH_OPTIMIZING ? '--no-opt' : '--max-inlined-bytecode-size-cumulative=100');
}

import { setFlagsFromString } from 'node:v8';
import { main } from './main.js';
import { processIo } from './process-io.js';

// The PostgreSQL parser's WASM runs a few statements per run: compiled by the baseline compiler
// only, it is ready sooner, and the process does not wait at exit for the optimizing compiler's
// background work it would never use (0.1 s of every generate). Set before any module compiles.
setFlagsFromString('--liftoff-only');

process.exitCode = await main(process.argv.slice(2), processIo());

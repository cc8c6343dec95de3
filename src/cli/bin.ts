import { setFlagsFromString } from 'node:v8';
import { main } from './main.js';
import { processIo } from './process-io.js';

// The WASM parsers (PostgreSQL's, tree-sitter's) run briefly in most runs: compiled by the
// baseline compiler only, they are ready sooner, and the process does not wait at exit for the
// optimizing compiler's background work (0.1 s of every generate, 0.2 s of a check parsing 20
// files; on 1,000 files the optimized code gains no more than that). Set before anything compiles.
setFlagsFromString('--liftoff-only');

process.exitCode = await main(process.argv.slice(2), processIo());

#!/usr/bin/env node
import { existsSync } from 'node:fs';

// The package always has dist/; a checkout has it once `npm run build` (or `npm test`) made it.
const cli = new URL('../dist/cli.js', import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write('error: create-migration is not built (no dist/cli.js): in a checkout, run `npm run build` first\n');
  process.exitCode = 2;
}

// Bundles the CLI into ESM: start-up reads one module instead of hundreds, and what only some
// commands need (the YAML parser, prompts) is split into chunks loaded on first use. Packages that
// load a WASM file relative to their own module stay external, and so does pg: the commands that
// use them import them on first use, so generate's start-up never parses them.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/bin.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['libpg-query', '@libpg-query/parser', 'web-tree-sitter', 'pg'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

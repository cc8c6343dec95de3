// Bundles the CLI and the plopfile into ESM in dist/: start-up reads a few modules instead of
// hundreds, and what only some commands need (the YAML parser, the prompts) is split into chunks
// loaded on first use. Both entries share one copy of the common code, so
// `plop.load('create-migration')` writes exactly what the CLI writes. Packages that load a WASM
// file relative to their own module stay external, and so do pg, node-plop, inquirer and smol-toml:
// the commands that use them import them on first use, so generate's start-up never parses them.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: clear the old ones so dist/ holds only what this build made.
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/bin.ts', plopfile: 'plopfile.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['libpg-query', '@libpg-query/parser', 'web-tree-sitter', 'pg', 'node-plop', 'inquirer', 'smol-toml'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// Bundles the CLI and the plopfile into ESM in dist/: start-up reads a few modules instead of
// hundreds, and what only some commands need (the YAML parser, the prompts) is split into chunks
// loaded on first use. Both entries share one copy of the common code, so
// `plop.load('create-migration')` writes exactly what the CLI writes.
// External: libpg-query loads its WASM file relative to its own module; node-plop and inquirer
// are imported only when a prompt will be shown, so `generate --spec` never reads them.
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
  external: ['libpg-query', 'node-plop', 'inquirer'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

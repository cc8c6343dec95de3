// Bundles the CLI and the plopfile into dist/: start-up reads a few modules instead of hundreds.
// Code splitting gives both entries one copy of the shared code (so `plop.load('create-migration')`
// writes exactly what the CLI writes) and keeps the wizard in a chunk that only `import()` loads.
// External: libpg-query loads its WASM file relative to its own module; node-plop and inquirer
// are only imported when a prompt will be shown, so `generate --spec` never reads them.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: clear the old ones so dist/ holds only what this build made.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli/bin.ts', plopfile: 'plopfile.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['libpg-query', 'node-plop', 'inquirer'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

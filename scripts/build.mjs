// Bundles the CLI into one ESM file: start-up reads one module instead of hundreds.
// Packages that load a WASM file relative to their own module stay external, and so does pg:
// check and renumber import them on first use, so generate's start-up never parses them.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli.js',
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

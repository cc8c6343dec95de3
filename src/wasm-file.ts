import { join } from 'node:path';
import { packageRoot } from './package-root.js';
import WASM_FILES from './wasm-files.json' with { type: 'json' };

/**
 * The parsers' packages (PostgreSQL's, tree-sitter's) are dev dependencies: only the files listed
 * in wasm-files.json (Emscripten's JavaScript glue and the WASM it loads from beside itself) run,
 * and the build copies them into dist/wasm/PACKAGE/ under the same paths, so an install carries a
 * few megabytes of WASM instead of the 25 MB of packages around them.
 */
export type WasmPackage = keyof typeof WASM_FILES;

/** Defined as true by scripts/build.mjs: the bundle loads the copies in dist/wasm/. */
declare const CREATE_MIGRATION_BUNDLE: boolean | undefined;

/** Where `file` of `wasmPackage` is: in dist/wasm/ when running the bundle, in node_modules when running the sources. */
export function wasmFile(wasmPackage: WasmPackage, file: string): string {
  if (!WASM_FILES[wasmPackage].includes(file)) throw new Error(`create-migration: ${wasmPackage}/${file} is not listed in src/wasm-files.json, so the build does not copy it`);
  const bundled = typeof CREATE_MIGRATION_BUNDLE !== 'undefined' && CREATE_MIGRATION_BUNDLE;
  return join(packageRoot(), bundled ? join('dist', 'wasm') : 'node_modules', wasmPackage, file);
}

import { createRequire } from 'node:module';
import { wasmFile } from '../wasm-file.js';

/**
 * PostgreSQL's parser as libpg_query's WASM builds export it, called directly: `generate` loads
 * the libpg-query build (the raw parser only, 1.1 MB), `check` the @libpg-query/parser build (with
 * the PL/pgSQL compiler, 2 MB). Both export the same raw parse function, so one wrapper serves both.
 */

/** A parser's JSON output, or its error message (with the byte offset it points at, for the raw parser's). */
export type ParserOutput = { readonly json: string } | { readonly error: string; readonly position?: number };

/** PostgreSQL's raw parser. */
export interface PgQueryWasm {
  parse(sql: string): ParserOutput;
}

/** PostgreSQL's raw parser and PL/pgSQL compiler. */
export interface PlPgSqlWasm extends PgQueryWasm {
  parsePlPgSql(createFunction: string): ParserOutput;
}

interface Exports {
  _malloc(size: number): number;
  _free(pointer: number): void;
  _wasm_parse_query_raw(query: number): number;
  _wasm_free_parse_result(result: number): void;
  /** Only in the PL/pgSQL build. */
  _wasm_parse_plpgsql(query: number): number;
  _wasm_free_string(result: number): void;
  getValue(pointer: number, type: 'i32'): number;
  lengthBytesUTF8(text: string): number;
  stringToUTF8(text: string, pointer: number, size: number): void;
  UTF8ToString(pointer: number): string;
  /** Replaced when the memory grows: read it after every allocation. */
  HEAPU8: Uint8Array;
}

/** The messages @libpg-query/parser's own wrapper gives, so findings read the same. */
const PLPGSQL_ERROR = /^(syntax error|deparse error|ERROR)/;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Emscripten's own string functions loop over every character in JavaScript; TextEncoder and
// TextDecoder do the same work natively. They agree on every well-formed string, and
// Emscripten itself decodes with a TextDecoder beyond 16 bytes.

function withString<T>(module: Exports, text: string, use: (pointer: number) => T): T {
  // No lone surrogates (Node 20 has isWellFormed; the project's TypeScript lib predates it).
  const wellFormed = (text as unknown as { isWellFormed(): boolean }).isWellFormed();
  const size = (wellFormed ? Buffer.byteLength(text, 'utf8') : module.lengthBytesUTF8(text)) + 1;
  const pointer = module._malloc(size);
  try {
    if (wellFormed) {
      const written = encoder.encodeInto(text, module.HEAPU8.subarray(pointer, pointer + size - 1)).written;
      module.HEAPU8[pointer + written] = 0;
    } else {
      module.stringToUTF8(text, pointer, size);
    }
    return use(pointer);
  } finally {
    module._free(pointer);
  }
}

function readString(module: Exports, pointer: number): string {
  if (!pointer) return '';
  const end = module.HEAPU8.indexOf(0, pointer);
  return end - pointer > 16 ? decoder.decode(module.HEAPU8.subarray(pointer, end)) : module.UTF8ToString(pointer);
}

function parseWith(module: Exports, sql: string): ParserOutput {
  if (sql === '') return { error: 'Query cannot be empty' };
  return withString(module, sql, (query) => {
    const result = module._wasm_parse_query_raw(query);
    if (!result) return { error: 'Failed to parse query: memory allocation failed' };
    try {
      // struct { char *parse_tree; char *stderr_buffer; PgQueryError *error; }
      const tree = module.getValue(result, 'i32');
      const error = module.getValue(result + 8, 'i32');
      if (error) {
        // struct { char *message; char *funcname; char *filename; int lineno; int cursorpos; ... }
        const message = module.getValue(error, 'i32');
        const cursor = module.getValue(error + 16, 'i32');
        return { error: message ? module.UTF8ToString(message) : 'Unknown error', position: cursor > 0 ? cursor - 1 : 0 };
      }
      return tree ? { json: readString(module, tree) } : { error: 'No parse tree generated' };
    } finally {
      module._wasm_free_parse_result(result);
    }
  });
}

function parsePlPgSqlWith(module: Exports, text: string): ParserOutput {
  return withString(module, text, (query) => {
    const result = module._wasm_parse_plpgsql(query);
    try {
      const output = readString(module, result);
      return PLPGSQL_ERROR.test(output) ? { error: output } : { json: output };
    } finally {
      if (result) module._wasm_free_string(result);
    }
  });
}

/** Starts a build's Emscripten module; it finds its .wasm beside its glue. */
function instantiate(wasmPackage: 'libpg-query' | '@libpg-query/parser'): Promise<Exports> {
  // require, not import(): the glue is CommonJS, and import() would first scan it for export names.
  const factory = createRequire(import.meta.url)(wasmFile(wasmPackage, 'wasm/libpg-query.js')) as () => Promise<Exports>;
  return factory();
}

/** The raw parser build (libpg-query), as `generate` needs it. */
export async function loadPgQueryWasm(): Promise<PgQueryWasm> {
  const module = await instantiate('libpg-query');
  return { parse: (sql) => parseWith(module, sql) };
}

/**
 * The PL/pgSQL-capable build (@libpg-query/parser) without its package's index, which also loads a
 * 5 MB protobuf module (for deparsing, which check never does) that took longer to compile than the parser.
 */
export async function loadPlPgSqlWasm(): Promise<PlPgSqlWasm> {
  const module = await instantiate('@libpg-query/parser');
  return { parse: (sql) => parseWith(module, sql), parsePlPgSql: (text) => parsePlPgSqlWith(module, text) };
}

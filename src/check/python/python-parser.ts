import { createRequire } from 'node:module';
import type { Parser, Tree } from 'web-tree-sitter';
import { wasmFile } from '../../wasm-file.js';
import { bindWasmCursor } from './cursor-steps.js';

/**
 * tree-sitter's Python grammar, compiled to WASM. Loaded on first use only: `generate` never
 * pays for it, and a `check` whose every file is cached does not either.
 */
export interface PythonParser {
  parse(text: string): Tree;
}

let loading: Promise<PythonParser> | undefined;

export function loadPythonParser(): Promise<PythonParser> {
  loading ??= (async () => {
    // Its CommonJS build, which finds its .wasm beside itself wherever the build copied it.
    const { Parser, Language } = createRequire(import.meta.url)(wasmFile('web-tree-sitter', 'tree-sitter.cjs')) as typeof import('web-tree-sitter');
    // Emscripten attaches the WASM exports to the module object it is given: keep them for copyTree.
    const binding: Record<string, unknown> = {};
    await Parser.init(binding as Parameters<typeof Parser.init>[0]);
    bindWasmCursor(binding);
    const grammar = wasmFile('tree-sitter-python', 'tree-sitter-python.wasm');
    const parser: Parser = new Parser();
    parser.setLanguage(await Language.load(grammar));
    return {
      parse(text: string): Tree {
        const tree = parser.parse(text);
        if (!tree) throw new Error('tree-sitter returned no tree');
        return tree;
      },
    };
  })();
  return loading;
}

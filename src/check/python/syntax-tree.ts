import { fastSyntaxTree } from './fast-python-tree.js';
import type { PythonParser } from './python-parser.js';
import { copyTree, type SyntaxTree } from './syntax-node.js';

/** tree-sitter's tree of `text`, copied (see syntax-node.ts). */
export function treeSitterSyntaxTree(text: string, treeSitter: PythonParser): SyntaxTree {
  const tree = treeSitter.parse(text);
  try {
    return copyTree(tree, text);
  } finally {
    tree.delete();
  }
}

/** The syntax tree of a migration: check's own reader's when it reads the file (the same tree), else tree-sitter's. */
export function syntaxTree(text: string, treeSitter: PythonParser): SyntaxTree {
  return fastSyntaxTree(text) ?? treeSitterSyntaxTree(text, treeSitter);
}

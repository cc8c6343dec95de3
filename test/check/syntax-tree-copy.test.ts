import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directSteps } from '../../src/check/python/cursor-steps.js';
import { loadPythonParser } from '../../src/check/python/python-parser.js';
import { copyTree, type SyntaxNode, type SyntaxTree } from '../../src/check/python/syntax-node.js';
import { CHECK_FIXTURES } from '../support/check-fixtures.js';

const FIXTURES = readdirSync(CHECK_FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'history' && entry.name !== 'generated')
  .flatMap((entry) => readdirSync(join(CHECK_FIXTURES, entry.name)).map((file) => join(CHECK_FIXTURES, entry.name, file)));

const shape = (node: SyntaxNode): unknown => [node.type, node.field, node.startIndex, node.endIndex, node.line, node.namedChildren.map(shape)];
const shapeOf = (tree: SyntaxTree): unknown => [shape(tree.root), tree.syntaxError];

async function copied(source: string, via: 'direct' | 'public'): Promise<SyntaxTree> {
  const tree = (await loadPythonParser()).parse(source);
  try {
    return copyTree(tree, source, via);
  } finally {
    tree.delete();
  }
}

describe('copyTree', () => {
  it('reaches the WASM cursor functions directly once the grammar is loaded', async () => {
    const tree = (await loadPythonParser()).parse('x = 1\n');
    const cursor = tree.walk();
    try {
      expect(directSteps(tree)).toBeDefined();
    } finally {
      cursor.delete();
      tree.delete();
    }
  });

  it.each(FIXTURES.map((path) => [path.slice(CHECK_FIXTURES.length + 1), path]))('copies %s the same through direct calls as through the public cursor', async (_name, path) => {
    const source = readFileSync(path, 'utf8');
    const [direct, viaPublic] = [await copied(source, 'direct'), await copied(source, 'public')];
    expect(shapeOf(direct)).toEqual(shapeOf(viaPublic));
  });

  it('keeps the interpolations of f-strings and skips the insides of other strings', async () => {
    const { root } = await copied('a = f"x{op.get_bind()}y"\nb = "plain\\n"\n', 'direct');
    expect(root.descendantsOfType('call')).toHaveLength(1);
    expect(root.descendantsOfType('string_content')).toHaveLength(2);
  });

  it('reads a tree with errors node by node, and notes where the first error is', async () => {
    const tree = await copied('x = 1\ny = """abc\n', 'direct');
    expect(tree.syntaxError).toEqual({ line: 2, near: '"""' });
  });
});

import type { Tree } from 'web-tree-sitter';

/**
 * A named node of a tree-sitter tree, copied into plain JavaScript in one cursor walk. Reading
 * web-tree-sitter's own Node objects crosses into WASM and allocates on every property access,
 * which made that the largest cost of `check`; this copy keeps only what the rules read.
 */
export class SyntaxNode {
  readonly namedChildren: SyntaxNode[] = [];

  constructor(
    readonly type: string,
    /** The field this node fills in its parent (`condition`, `body`, ...), if any. */
    readonly field: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
    /** 0-based. */
    readonly row: number,
    private readonly source: string,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get line(): number {
    return this.row + 1;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldName(field: string): SyntaxNode | null {
    return this.namedChildren.find((child) => child.field === field) ?? null;
  }

  childrenForFieldName(field: string): SyntaxNode[] {
    return this.namedChildren.filter((child) => child.field === field);
  }

  descendantsOfType(type: string): SyntaxNode[] {
    const found: SyntaxNode[] = [];
    const visit = (node: SyntaxNode): void => {
      for (const child of node.namedChildren) {
        if (child.type === type) found.push(child);
        visit(child);
      }
    };
    visit(this);
    return found;
  }
}

export interface SyntaxTree {
  readonly root: SyntaxNode;
  /** The first place tree-sitter could not parse (an ERROR node or a missing token), if any. */
  readonly syntaxError?: { readonly line: number; readonly near: string };
}

/** Copies the named nodes of `tree` (comments left out), noting the first syntax error. */
export function copyTree(tree: Tree, source: string): SyntaxTree {
  const cursor = tree.walk();
  const root = new SyntaxNode(cursor.nodeType, null, cursor.startIndex, cursor.endIndex, cursor.startPosition.row, source);
  let syntaxError: SyntaxTree['syntaxError'];
  const parents: SyntaxNode[] = [root];
  try {
    if (!cursor.gotoFirstChild()) return { root };
    for (;;) {
      const type = cursor.nodeType;
      let node: SyntaxNode | undefined;
      if (syntaxError === undefined && (type === 'ERROR' || cursor.nodeIsMissing)) {
        const near = cursor.nodeIsMissing ? `missing ${type}` : source.slice(cursor.startIndex, cursor.endIndex).split('\n')[0]!.trim().slice(0, 40);
        syntaxError = { line: cursor.startPosition.row + 1, near };
      }
      if (cursor.nodeIsNamed && type !== 'comment') {
        node = new SyntaxNode(type, cursor.currentFieldName, cursor.startIndex, cursor.endIndex, cursor.startPosition.row, source);
        parents.at(-1)!.namedChildren.push(node);
      }
      if (node && cursor.gotoFirstChild()) {
        parents.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { root, ...(syntaxError && { syntaxError }) };
        parents.pop();
        if (parents.length === 0) return { root, ...(syntaxError && { syntaxError }) };
      }
    }
  } finally {
    cursor.delete();
  }
}

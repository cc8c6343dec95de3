import type { Language, Tree } from 'web-tree-sitter';
import { newlineOffsets, newlinesBefore } from '../../sql/newlines.js';
import { directSteps, publicSteps } from './cursor-steps.js';

/**
 * A named node of a tree-sitter tree, copied into plain JavaScript in one cursor walk (or built
 * the same by check's own reader, fast-python-tree.ts). Reading web-tree-sitter's own Node
 * objects crosses into WASM and allocates on every property access, which made that the largest
 * cost of `check`; this copy keeps only what the rules read.
 */
export class SyntaxNode {
  constructor(
    readonly type: string,
    /** The field this node fills in its parent (`condition`, `body`, ...), if any; set by whoever places it there. */
    public field: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
    /** 0-based. */
    readonly row: number,
    private readonly source: string,
    readonly namedChildren: SyntaxNode[] = [],
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

  // The readers' most frequent calls loop by index: no iterator (nor callback) to make, which
  // costs in code V8 has not optimized, as most of a short check's code is (see jit-tuning.ts).

  childForFieldName(field: string): SyntaxNode | null {
    const children = this.namedChildren;
    for (let index = 0; index < children.length; index += 1) if (children[index]!.field === field) return children[index]!;
    return null;
  }

  childrenForFieldName(field: string): SyntaxNode[] {
    const found: SyntaxNode[] = [];
    const children = this.namedChildren;
    for (let index = 0; index < children.length; index += 1) if (children[index]!.field === field) found.push(children[index]!);
    return found;
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
  /**
   * Built by check's own reader (fast-python-tree.ts), which builds no tree for what Python 3
   * refuses: such a tree holds none of the forms strict-syntax.ts looks for.
   */
  readonly python3?: true;
}

interface LanguageTables {
  readonly types: readonly string[];
  readonly named: readonly boolean[];
  readonly fields: readonly (string | null)[];
}

const tables = new WeakMap<Language, LanguageTables>();

/** Node type names, their named-ness and field names by id, read once per grammar. */
function tablesOf(language: Language): LanguageTables {
  let found = tables.get(language);
  if (!found) {
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id += 1) {
      types.push(language.nodeTypeForId(id) || 'ERROR');
      named.push(language.nodeTypeIsNamed(id));
    }
    const fields: (string | null)[] = [null];
    for (let id = 1; id <= language.fieldCount; id += 1) fields.push(language.fieldNameForId(id));
    found = { types, named, fields };
    tables.set(language, found);
  }
  return found;
}

/** The 0-based row of each offset, from the offsets of the source's newlines. */
function rowFinder(source: string): (offset: number) => number {
  const newlines = newlineOffsets(source);
  return (offset) => newlinesBefore(newlines, offset);
}

/** A string that may hold interpolations: its prefix has an f (or t, Python 3.14's template strings). */
function mayInterpolate(source: string, start: number): boolean {
  for (let at = start; at < source.length; at += 1) {
    const character = source[at]!;
    if (character === '"' || character === "'") return false;
    if (character === 'f' || character === 'F' || character === 't' || character === 'T') return true;
  }
  return false;
}

/**
 * The copied tree, with its syntax error. tree-sitter can report an error it shows no node for
 * (a missing newline is a hidden token): then it is where two statements share a line with no
 * `;` between them, else at line 1.
 */
function finished(root: SyntaxNode, syntaxError: SyntaxTree['syntaxError'], hasError: boolean, source: string, rowOf: (offset: number) => number): SyntaxTree {
  if (syntaxError || !hasError) return { root, ...(syntaxError && { syntaxError }) };
  const joined = (node: SyntaxNode): SyntaxTree['syntaxError'] => {
    const statements = node.namedChildren;
    for (let index = 1; index < statements.length; index += 1) {
      const [before, after] = [statements[index - 1]!, statements[index]!];
      if (rowOf(before.endIndex) === after.row && !source.slice(before.endIndex, after.startIndex).includes(';')) {
        return { line: after.line, near: source.slice(after.startIndex, after.endIndex).split('\n')[0]!.trim().slice(0, 40) };
      }
    }
    for (const child of statements) {
      const found = child.type === 'block' || child.namedChildren.some((inner) => inner.type === 'block') ? joined(child.type === 'block' ? child : child.namedChildren.find((inner) => inner.type === 'block')!) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  return { root, syntaxError: joined(root) ?? { line: 1, near: source.split('\n')[0]!.trim().slice(0, 40) } };
}

/**
 * Copies the named nodes of `tree` (comments left out), noting the first syntax error. A tree
 * without errors skips what no rule reads: the parts of a string other than its interpolations.
 * `via` chooses the public cursor over the direct WASM calls (tests compare the two).
 */
export function copyTree(tree: Tree, source: string, via: 'direct' | 'public' = 'direct'): SyntaxTree {
  const exhaustive = tree.rootNode.hasError;
  const { types, named, fields } = tablesOf(tree.language);
  const rowOf = rowFinder(source);
  const cursor = tree.walk();
  try {
    const steps = (via === 'direct' && directSteps(tree)) || publicSteps(cursor);
    const root = new SyntaxNode(types[steps.typeId()] ?? 'ERROR', null, steps.startIndex(), steps.endIndex(), rowOf(steps.startIndex()), source);
    let syntaxError: SyntaxTree['syntaxError'];
    const parents: SyntaxNode[] = [root];
    if (!steps.gotoFirstChild()) return { root };
    for (;;) {
      const typeId = steps.typeId();
      const type = types[typeId] ?? 'ERROR';
      let node: SyntaxNode | undefined;
      let descend = true;
      if (exhaustive) {
        const missing = steps.isMissing();
        if (syntaxError === undefined && (type === 'ERROR' || missing)) {
          const near = missing ? `missing ${type}` : source.slice(steps.startIndex(), steps.endIndex()).split('\n')[0]!.trim().slice(0, 40);
          syntaxError = { line: rowOf(steps.startIndex()) + 1, near };
        }
      }
      if ((exhaustive ? steps.isNamed() : named[typeId]) && type !== 'comment') {
        const start = steps.startIndex();
        node = new SyntaxNode(type, fields[steps.fieldId()] ?? null, start, steps.endIndex(), rowOf(start), source);
        parents.at(-1)!.namedChildren.push(node);
        descend = exhaustive || type !== 'string' || mayInterpolate(source, start);
      }
      if (node && descend && steps.gotoFirstChild()) {
        parents.push(node);
        continue;
      }
      while (!steps.gotoNextSibling()) {
        if (!steps.gotoParent()) return finished(root, syntaxError, exhaustive, source, rowOf);
        parents.pop();
        if (parents.length === 0) return finished(root, syntaxError, exhaustive, source, rowOf);
      }
    }
  } finally {
    cursor.delete();
  }
}

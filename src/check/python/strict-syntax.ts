import type { SyntaxNode as Node } from './syntax-node.js';

// tree-sitter's Python grammar also accepts Python 2 and a few forms no Python accepts (a block
// without a statement). Alembic runs on Python 3, which refuses all of them when it loads the
// file: these are syntax errors as much as the ones tree-sitter reports.

export interface StrictSyntaxError {
  readonly line: number;
  readonly near: string;
}

/** Node types that exist only for Python 2 code. */
const PYTHON2_STATEMENTS: Readonly<Record<string, string>> = {
  print_statement: 'a Python 2 print statement (Python 3: print(...))',
  exec_statement: 'a Python 2 exec statement (Python 3: exec(...))',
};

const VALID_STRING_PREFIX = /^(?:[rRuUbBfFtT]|[rR][bBfFtT]|[bBfFtT][rR])?$/;

function problemOf(node: Node): string | undefined {
  const python2 = PYTHON2_STATEMENTS[node.type];
  if (python2 !== undefined) return python2;
  switch (node.type) {
    case 'block':
      return node.namedChildCount === 0 ? 'a block without a statement (Python needs at least `pass`)' : undefined;
    case 'except_clause':
      return node.childrenForFieldName('value').length > 1 ? 'Python 2 `except X, e` (Python 3: `except X as e`)' : undefined;
    case 'raise_statement':
      return node.namedChild(0)?.type === 'expression_list' ? 'Python 2 `raise E, value` (Python 3: `raise E(value)`)' : undefined;
    case 'integer':
      return /^0\d+$|[lL]$/.test(node.text) ? `the Python 2 number ${node.text}` : undefined;
    case 'string': {
      const quoteAt = node.text.search(/['"]/);
      if (quoteAt < 0) return 'a Python 2 backtick expression';
      return VALID_STRING_PREFIX.test(node.text.slice(0, quoteAt)) ? undefined : `the string prefix ${node.text.slice(0, quoteAt)}`;
    }
    case 'comparison_operator': {
      const [left, right] = node.namedChildren;
      return left && right && node.text.slice(left.endIndex - node.startIndex, right.startIndex - node.startIndex).includes('<>') ? 'the Python 2 operator <>' : undefined;
    }
    case 'lambda_parameters':
      return node.namedChildren.some((child) => child.type === 'tuple_pattern') ? 'a Python 2 lambda with a tuple parameter' : undefined;
    default:
      return undefined;
  }
}

/** What Python 3 refuses in a tree tree-sitter parsed without error, in source order. */
export function strictSyntaxErrors(root: Node): StrictSyntaxError[] {
  const found: StrictSyntaxError[] = [];
  const visit = (node: Node): void => {
    const problem = problemOf(node);
    if (problem !== undefined) found.push({ line: node.line, near: problem });
    for (const child of node.namedChildren) visit(child);
  };
  visit(root);
  return found;
}

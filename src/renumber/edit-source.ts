import type { PythonParser } from '../check/python/python-parser.js';
import { staticString } from '../check/python/string-literal.js';
import { copyTree, type SyntaxNode } from '../check/python/syntax-node.js';

/** What to change in one migration's text. */
export interface SourceEdit {
  /** Old revision id → new one: applied to `revision`, `down_revision`, `depends_on` and the docstring. */
  readonly renamed: ReadonlyMap<string, string>;
  /** The file's new down_revision, when it is relinked to a new parent. */
  readonly newDownRevision?: string;
}

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A string literal with the same quotes as `original`, holding `value` (revision ids need no escaping). */
function literalLike(original: SyntaxNode, value: string): string {
  const quote = /['"]/.exec(original.text)?.[0] ?? '"';
  return `${quote}${value}${quote}`;
}

function moduleAssignments(root: SyntaxNode): Map<string, SyntaxNode> {
  const found = new Map<string, SyntaxNode>();
  for (const statement of root.namedChildren) {
    const assignment = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right) found.set(left.text, right);
  }
  return found;
}

function renameStrings(node: SyntaxNode, renamed: ReadonlyMap<string, string>, out: Replacement[]): void {
  const strings = node.type === 'string' ? [node] : node.descendantsOfType('string');
  for (const string of strings) {
    const value = staticString(string)?.value;
    const to = value !== undefined ? renamed.get(value) : undefined;
    if (to !== undefined) out.push({ start: string.startIndex, end: string.endIndex, text: literalLike(string, to) });
  }
}

/** `Revision ID:` and `Revises:` lines of the module docstring, as Alembic writes them. */
function docstringEdits(root: SyntaxNode, edit: SourceEdit, source: string, out: Replacement[]): void {
  const first = root.namedChild(0);
  const docstring = first?.type === 'expression_statement' && first.namedChildCount === 1 ? first.namedChild(0) : null;
  if (docstring?.type !== 'string') return;
  const text = source.slice(docstring.startIndex, docstring.endIndex);
  const pattern = /^([ \t]*(Revision ID|Revises):[ \t]*)(.*?)[ \t]*$/gm;
  for (const match of text.matchAll(pattern)) {
    const [, head, label, value] = match as unknown as [string, string, string, string];
    const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
    let next: string[];
    if (label === 'Revises' && edit.newDownRevision !== undefined) next = [edit.newDownRevision];
    else next = ids.map((id) => edit.renamed.get(id) ?? id);
    if (next.join(', ') === ids.join(', ')) continue;
    const start = docstring.startIndex + match.index + head.length;
    const space = value === '' && !/[ \t]$/.test(head) ? ' ' : '';
    out.push({ start, end: start + value.length, text: space + next.join(', ') });
  }
}

/** `source` with the edit applied: only the literals and docstring lines that name a changed revision. */
export function editSource(source: string, edit: SourceEdit, parser: PythonParser): string {
  const tree = parser.parse(source);
  let root: SyntaxNode;
  try {
    root = copyTree(tree, source).root;
  } finally {
    tree.delete();
  }
  const replacements: Replacement[] = [];
  const assignments = moduleAssignments(root);
  const revision = assignments.get('revision');
  if (revision) renameStrings(revision, edit.renamed, replacements);
  const downRevision = assignments.get('down_revision');
  if (downRevision && edit.newDownRevision !== undefined && (downRevision.type === 'string' || downRevision.type === 'none')) {
    const text = downRevision.type === 'string' ? literalLike(downRevision, edit.newDownRevision) : JSON.stringify(edit.newDownRevision);
    replacements.push({ start: downRevision.startIndex, end: downRevision.endIndex, text });
  } else if (downRevision) {
    renameStrings(downRevision, edit.renamed, replacements);
  }
  const dependsOn = assignments.get('depends_on');
  if (dependsOn) renameStrings(dependsOn, edit.renamed, replacements);
  docstringEdits(root, edit, source, replacements);
  let result = source;
  for (const replacement of replacements.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, replacement.start) + replacement.text + result.slice(replacement.end);
  }
  return result;
}

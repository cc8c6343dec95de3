import type { SyntaxNode as Node } from './syntax-node.js';

/** `op.execute`, `sa.Enum`, `op.get_context().autocommit_block`; undefined for anything else. */
export function dottedName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute');
    return object === undefined || !attribute ? undefined : `${object}.${attribute.text}`;
  }
  if (node.type === 'call') {
    const callee = dottedName(node.childForFieldName('function'));
    return callee === undefined ? undefined : `${callee}()`;
  }
  return undefined;
}

export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

export const calleeOf = (call: Node): string | undefined => dottedName(call.childForFieldName('function'));

/** A call's positional arguments (not `*args`) and keyword arguments (not `**kwargs`). */
export function callArguments(call: Node): { positional: Node[]; keywords: Map<string, Node> } {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index]!;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text;
      const value = argument.childForFieldName('value');
      if (name !== undefined && value) keywords.set(name, value);
    } else if (argument.type !== 'list_splat' && argument.type !== 'dictionary_splat') {
      positional.push(argument);
    }
  }
  return { positional, keywords };
}

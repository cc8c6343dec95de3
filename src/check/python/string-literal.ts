import { SIMPLE_ESCAPES } from '../../history/python-string-literal.js';
import { newlineOffsets, newlinesBefore } from '../../sql/newlines.js';
import { callArguments } from './call-names.js';
import type { SyntaxNode as Node } from './syntax-node.js';

/** The value of a Python string known without running the code, and the source line of each part. */
export interface StaticString {
  readonly value: string;
  /** The 1-based source line that holds the character at `offset` of `value`. */
  lineOf(offset: number): number;
  /**
   * The parts filled in at run time (f-string fields, `.format()` and `%` arguments) that no
   * constant gives: each stands in `value` as INTERPOLATED, so the rest can still be read.
   */
  readonly interpolated?: readonly string[];
}

/** The value of an expression (a name bound to a constant string) when the code gives it without running. */
export type Resolve = (expression: Node) => StaticString | undefined;

/** What an interpolated part is read as: an identifier, which PostgreSQL accepts where most names and values go. */
export const INTERPOLATED = 'cm_interpolated';

interface Decoded {
  readonly value: string;
  /** Offsets in `value` where a new source line begins. */
  readonly lineBreaks: number[];
}

/** Python's escape sequences, as the compiler reads them in a non-raw literal. */
function decode(body: string, raw: boolean): Decoded {
  // Most literals hold no escape: their value is their body, and only newlines need noting.
  if (raw || !body.includes('\\')) return { value: body, lineBreaks: newlineOffsets(body).map((at) => at + 1) };
  let value = '';
  const lineBreaks: number[] = [];
  for (let i = 0; i < body.length; i += 1) {
    const character = body[i]!;
    if (character === '\n') {
      value += '\n';
      lineBreaks.push(value.length);
      continue;
    }
    if (character !== '\\' || i + 1 >= body.length) {
      value += character;
      continue;
    }
    const next = body[i + 1]!;
    if (next === '\n') {
      lineBreaks.push(value.length);
      i += 1;
    } else if (SIMPLE_ESCAPES[next] !== undefined) {
      value += SIMPLE_ESCAPES[next];
      i += 1;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      value += String.fromCodePoint(parseInt(digits, 8));
      i += digits.length;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const digits = body.slice(i + 2, i + 2 + width);
      const code = /^[0-9a-fA-F]+$/.test(digits) && digits.length === width ? parseInt(digits, 16) : NaN;
      if (code <= 0x10ffff) {
        value += String.fromCodePoint(code);
        i += 1 + width;
      } else {
        value += character;
      }
    } else {
      // An unknown escape (and \N{...}) keeps its backslash, as Python does for unknown ones.
      value += character;
    }
  }
  return { value, lineBreaks };
}

function lineFinder(startLine: number, lineBreaks: readonly number[]): (offset: number) => number {
  // The breaks at or before `offset` are the ones before `offset + 1`.
  return (offset) => startLine + newlinesBefore(lineBreaks, offset + 1);
}

/** `{{` and `}}` in the literal parts of an f-string are single braces. */
const undoubleBraces = (decoded: Decoded): Decoded => {
  if (!/\{\{|\}\}/.test(decoded.value)) return decoded;
  let value = '';
  const lineBreaks: number[] = [];
  const breaks = new Set(decoded.lineBreaks);
  for (let i = 0; i < decoded.value.length; i += 1) {
    if (breaks.has(i)) lineBreaks.push(value.length);
    const pair = decoded.value.slice(i, i + 2);
    value += decoded.value[i]!;
    if (pair === '{{' || pair === '}}') i += 1;
  }
  if (breaks.has(decoded.value.length)) lineBreaks.push(value.length);
  return { value, lineBreaks };
};

/** One `string` node; an f-string's fields are filled from constants where `resolve` knows them, else stand in. */
function stringNodeValue(node: Node, resolve: Resolve | undefined): StaticString | undefined {
  const text = node.text;
  const quoteAt = text.search(/['"]/);
  if (quoteAt < 0) return undefined;
  const prefix = text.slice(0, quoteAt).toLowerCase();
  const quote = text.startsWith('"""', quoteAt) || text.startsWith("'''", quoteAt) ? text.slice(quoteAt, quoteAt + 3) : text[quoteAt]!;
  const bodyStart = quoteAt + quote.length;
  const bodyEnd = text.length - quote.length;
  const raw = prefix.includes('r');
  const fields = node.namedChildren.filter((child) => child.type === 'interpolation');
  if (!prefix.includes('f') && !prefix.includes('t')) {
    const { value, lineBreaks } = decode(text.slice(bodyStart, bodyEnd), raw);
    return { value, lineOf: lineFinder(node.line, lineBreaks) };
  }
  let value = '';
  const lineBreaks: number[] = [];
  const interpolated: string[] = [];
  const append = (decoded: Decoded): void => {
    lineBreaks.push(...decoded.lineBreaks.map((at) => at + value.length));
    value += decoded.value;
  };
  let from = bodyStart;
  for (const field of fields) {
    append(undoubleBraces(decode(text.slice(from, field.startIndex - node.startIndex), raw)));
    const expression = field.childForFieldName('expression');
    const known = expression ? staticString(expression, resolve)?.value : undefined;
    if (known === undefined) interpolated.push(expression?.text ?? field.text);
    append({ value: known ?? INTERPOLATED, lineBreaks: [] });
    // A field written over several lines moves what follows down as many lines.
    for (const _ of newlineOffsets(field.text)) lineBreaks.push(value.length);
    from = field.endIndex - node.startIndex;
  }
  append(undoubleBraces(decode(text.slice(from, bodyEnd), raw)));
  return { value, lineOf: lineFinder(node.line, lineBreaks), ...(interpolated.length > 0 && { interpolated }) };
}

/** Implicitly concatenated literals, read as one. */
function concatenated(parts: readonly StaticString[]): StaticString {
  const starts: number[] = [];
  let value = '';
  for (const part of parts) {
    starts.push(value.length);
    value += part.value;
  }
  const interpolated = parts.flatMap((part) => part.interpolated ?? []);
  return {
    value,
    lineOf(offset) {
      let index = 0;
      for (let at = 0; at < starts.length; at += 1) if (starts[at]! <= offset) index = at;
      return parts[index]!.lineOf(offset - starts[index]!);
    },
    ...(interpolated.length > 0 && { interpolated }),
  };
}

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** `base` with each replacement made (sorted, not overlapping), lines still found through the original text. */
function replaced(base: StaticString, replacements: readonly Replacement[], interpolated: readonly string[]): StaticString {
  let value = '';
  let from = 0;
  const moved: { newStart: number; newEnd: number; oldStart: number }[] = [];
  for (const { start, end, text } of replacements) {
    value += base.value.slice(from, start);
    moved.push({ newStart: value.length, newEnd: value.length + text.length, oldStart: start });
    value += text;
    from = end;
  }
  value += base.value.slice(from);
  const oldOffset = (offset: number): number => {
    let shift = 0;
    for (let index = 0; index < moved.length; index += 1) {
      const entry = moved[index]!;
      if (offset < entry.newStart) break;
      if (offset < entry.newEnd) return entry.oldStart;
      shift = entry.newEnd - replacements[index]!.end;
    }
    return offset - shift;
  };
  const all = [...(base.interpolated ?? []), ...interpolated];
  return { value, lineOf: (offset) => base.lineOf(oldOffset(offset)), ...(all.length > 0 && { interpolated: all }) };
}

/** `"... {} {name} ...".format(a, name=b)`: each field filled from a known argument, else stood in. */
function formatted(template: StaticString, call: Node, resolve: Resolve | undefined): StaticString {
  const { positional, keywords } = callArguments(call);
  const replacements: Replacement[] = [];
  const interpolated: string[] = [];
  let next = 0;
  for (const match of template.value.matchAll(/\{\{|\}\}|\{([^{}]*)\}/g)) {
    if (match[1] === undefined) {
      replacements.push({ start: match.index, end: match.index + 2, text: match[0][0]! });
      continue;
    }
    const key = match[1].split(/[!:]/)[0]!;
    const argument = key === '' ? positional[next++] : /^\d+$/.test(key) ? positional[Number(key)] : keywords.get(key.split(/[.[]/)[0]!);
    const known = argument ? staticString(argument, resolve)?.value : undefined;
    if (known === undefined) interpolated.push(argument?.text ?? match[0]);
    replacements.push({ start: match.index, end: match.index + match[0].length, text: known ?? INTERPOLATED });
  }
  return replaced(template, replacements, interpolated);
}

/** `"... %s %(name)s ..." % args`: each conversion filled from a known argument, else stood in. */
function percentFormatted(template: StaticString, right: Node, resolve: Resolve | undefined): StaticString {
  const items = right.type === 'tuple' || right.type === 'parenthesized_expression' ? right.namedChildren : [right];
  const replacements: Replacement[] = [];
  const interpolated: string[] = [];
  let next = 0;
  for (const match of template.value.matchAll(/%%|%(\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdirfgexXocaEFG]/g)) {
    if (match[0] === '%%') {
      replacements.push({ start: match.index, end: match.index + 2, text: '%' });
      continue;
    }
    const argument = match[1] === undefined ? items[next++] : undefined;
    const known = argument ? staticString(argument, resolve)?.value : undefined;
    if (known === undefined) interpolated.push(argument?.text ?? match[0]);
    replacements.push({ start: match.index, end: match.index + match[0].length, text: known ?? INTERPOLATED });
  }
  return replaced(template, replacements, interpolated);
}

/**
 * A string literal, implicitly concatenated literals, either in parentheses, or one built by an
 * f-string, `.format()` or `%` from it: what constants give is read exactly (`resolve` names them),
 * the rest stands in as INTERPOLATED and is listed in `interpolated`.
 */
export function staticString(node: Node | null | undefined, resolve?: Resolve): StaticString | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
      return resolve?.(node);
    case 'string':
      return stringNodeValue(node, resolve);
    case 'parenthesized_expression':
      return node.namedChildCount === 1 ? staticString(node.namedChild(0), resolve) : undefined;
    case 'concatenated_string': {
      const parts = node.namedChildren.map((child) => (child.type === 'string' ? stringNodeValue(child, resolve) : undefined));
      return parts.every((part) => part !== undefined) ? concatenated(parts as StaticString[]) : undefined;
    }
    case 'call': {
      const callee = node.childForFieldName('function');
      if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'format') return undefined;
      const template = staticString(callee.childForFieldName('object'), resolve);
      return template && formatted(template, node, resolve);
    }
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const template = left && right && node.text.slice(left.endIndex - node.startIndex, right.startIndex - node.startIndex).trim() === '%' ? staticString(left, resolve) : undefined;
      return template && right ? percentFormatted(template, right, resolve) : undefined;
    }
    default:
      return undefined;
  }
}

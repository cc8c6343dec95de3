import { newlineOffsets, newlinesBefore } from '../newlines.js';
import type { SyntaxNode as Node } from './syntax-node.js';

/** The value of a Python string known without running the code, and the source line of each part. */
export interface StaticString {
  readonly value: string;
  /** The 1-based source line that holds the character at `offset` of `value`. */
  lineOf(offset: number): number;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

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
    if (character !== '\\' || raw || i + 1 >= body.length) {
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
      if (/^[0-9a-fA-F]+$/.test(digits) && digits.length === width) {
        value += String.fromCodePoint(parseInt(digits, 16));
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

/** One `string` node: undefined for f-strings with interpolations, whose value is only known at run time. */
function stringNodeValue(node: Node): StaticString | undefined {
  if (node.namedChildren.some((child) => child.type === 'interpolation')) return undefined;
  const text = node.text;
  const quoteAt = text.search(/['"]/);
  const prefix = text.slice(0, quoteAt).toLowerCase();
  const quote = text.startsWith('"""', quoteAt) || text.startsWith("'''", quoteAt) ? text.slice(quoteAt, quoteAt + 3) : text[quoteAt]!;
  const body = text.slice(quoteAt + quote.length, text.length - quote.length);
  const { value, lineBreaks } = decode(body, prefix.includes('r'));
  return { value, lineOf: lineFinder(node.line, lineBreaks) };
}

/** A string literal, implicitly concatenated literals, or either in parentheses. */
export function staticString(node: Node | null | undefined): StaticString | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return stringNodeValue(node);
  if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return staticString(node.namedChild(0));
  if (node.type !== 'concatenated_string') return undefined;
  const parts: { start: number; part: StaticString }[] = [];
  let value = '';
  for (const child of node.namedChildren) {
    const part = child.type === 'string' ? stringNodeValue(child) : undefined;
    if (!part) return undefined;
    parts.push({ start: value.length, part });
    value += part.value;
  }
  return {
    value,
    lineOf(offset) {
      let owner = parts[0]!;
      for (const entry of parts) if (entry.start <= offset) owner = entry;
      return owner.part.lineOf(offset - owner.start);
    },
  };
}

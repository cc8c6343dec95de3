import { childPath, DocumentError, MAX_DEPTH, numberProblem, stringProblem } from './document-error.js';

/**
 * JSON as RFC 8259 defines it, read so that what a spec says is what it means: a key given twice
 * in one object is refused (JSON.parse silently keeps the last), a number that would not read
 * back as written (`1.50`, `1e400`) is refused, and a syntax error names the field it is in. A
 * byte order mark at the start is skipped.
 */

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonReader {
  private pos: number;
  /** Where each line starts, found once: line numbers for messages without rescanning. */
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.lineStarts.push(at + 1);
  }

  private lineOf(pos: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= pos) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  private where(): string {
    const line = this.lineOf(this.pos);
    return `(line ${line}, column ${this.pos - this.lineStarts[line - 1]! + 1})`;
  }

  private fail(path: string, expected: string): never {
    const found = this.pos >= this.text.length ? 'the end of the text' : JSON.stringify(this.text[this.pos]);
    throw new DocumentError(path, `is not valid JSON ${this.where()}: expected ${expected}, found ${found}`);
  }

  private space(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos += 1;
  }

  private expect(character: string, path: string, expected: string): void {
    this.space();
    if (this.text[this.pos] !== character) this.fail(path, expected);
    this.pos += 1;
  }

  document(): unknown {
    const value = this.value('', 0);
    this.space();
    if (this.pos < this.text.length) this.fail('', 'nothing after the document');
    return value;
  }

  private value(path: string, depth: number): unknown {
    this.space();
    const character = this.text[this.pos];
    if (character === '{' || character === '[') {
      if (depth >= MAX_DEPTH) throw new DocumentError(path, `is nested more than ${MAX_DEPTH} levels deep`);
      return character === '{' ? this.object(path, depth + 1) : this.array(path, depth + 1);
    }
    if (character === '"') return this.string(path);
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.pos;
    const number = NUMBER.exec(this.text);
    if (!number) this.fail(path, 'a value (a string, number, object, array, true, false or null)');
    this.pos = NUMBER.lastIndex;
    const value = Number(number[0]);
    const problem = numberProblem(value, number[0]);
    if (problem !== undefined) throw new DocumentError(path, problem);
    return value;
  }

  private object(path: string, depth: number): Record<string, unknown> {
    this.pos += 1;
    const result: Record<string, unknown> = {};
    const lines = new Map<string, number>();
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return result;
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') this.fail(path, 'a field name in double quotes');
      const keyLine = this.lineOf(this.pos);
      const key = this.string(path);
      const field = childPath(path, key);
      const first = lines.get(key);
      if (first !== undefined) throw new DocumentError(field, `is given twice in one object (${first === keyLine ? `both on line ${first}` : `lines ${first} and ${keyLine}`}); JSON readers keep only the last, so say it once`);
      lines.set(key, keyLine);
      this.expect(':', field, '":" after the field name');
      // Defined, not assigned: a field named __proto__ is data, never the object's prototype.
      Object.defineProperty(result, key, { value: this.value(field, depth), enumerable: true, writable: true, configurable: true });
      this.space();
      if (this.text[this.pos] === ',') {
        this.pos += 1;
        continue;
      }
      this.expect('}', field, '"," or "}" after the field');
      return result;
    }
  }

  private array(path: string, depth: number): unknown[] {
    this.pos += 1;
    const result: unknown[] = [];
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return result;
    }
    for (;;) {
      const item = childPath(path, result.length);
      result.push(this.value(item, depth));
      this.space();
      if (this.text[this.pos] === ',') {
        this.pos += 1;
        continue;
      }
      this.expect(']', item, '"," or "]" after the item');
      return result;
    }
  }

  private string(path: string): string {
    this.pos += 1;
    let value = '';
    for (;;) {
      const close = this.text.indexOf('"', this.pos);
      const backslash = this.text.indexOf('\\', this.pos);
      const end = close === -1 ? this.text.length : close;
      const plainEnd = backslash !== -1 && backslash < end ? backslash : end;
      const plain = this.text.slice(this.pos, plainEnd);
      // eslint-disable-next-line no-control-regex
      const control = /[\u0000-\u001f]/.exec(plain);
      if (control) {
        this.pos += control.index;
        this.fail(path, 'no raw control character inside a string (write \\n, \\t or \\u00XX)');
      }
      value += plain;
      this.pos = plainEnd;
      if (this.pos >= this.text.length) this.fail(path, 'the closing " of the string');
      if (this.text[this.pos] === '"') {
        this.pos += 1;
        const problem = stringProblem(value);
        if (problem !== undefined) throw new DocumentError(path, problem);
        return value;
      }
      const escape = this.text[this.pos + 1]!;
      if (escape === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail(path, 'four hex digits after \\u');
        value += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else if (ESCAPES[escape] !== undefined) {
        value += ESCAPES[escape];
        this.pos += 2;
      } else {
        this.pos += 1;
        this.fail(path, 'an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
      }
    }
  }
}

export function parseJson(text: string): unknown {
  return new JsonReader(text).document();
}

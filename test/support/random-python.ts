import { random } from './mutated-migrations.js';

// Random Python modules for the fast reader's differential test: every expression form and
// operator mixed at random depth, statements of every kind, and comments, blank lines and
// indentation wherever they may change where tree-sitter ends a node (after a block, on a
// block's last line, between an `if` and its `else`, inside brackets). Not always valid Python:
// the test compares trees, and a form either reader refuses is as useful as one both read.

type Next = () => number;

const NAMES = ['a', 'b', 'op', 'sa', 'batch_op', 'bind', 'x1', '_y', 'type', 'match', 'table'];
const NUMBERS = ['0', '1', '42', '1.5', '.5', '1.', '1e3', '1.5e-3', '0x1F', '0o17', '0b101', '10j', '1_000', '0.0', '1', '2', '3', '4', '5', '6', '7', '8'];
/** Python 2's numbers and prefixes, now and then: tree-sitter reads them, the fast reader does not. */
const PYTHON2 = ['00', '1L', "ur'x'", '`a`', 'a <> b', 'print', 'exec', 'await a'];
const BINARY = ['+', '-', '*', '/', '//', '%', '**', '@', '|', '&', '^', '<<', '>>'];
const COMPARISONS = ['<', '<=', '==', '!=', '>=', '>', 'in', 'not in', 'is', 'is not'];
const STRING_PREFIXES = ['', '', '', '', '', 'r', 'b', 'u', 'f', 'f', 'f', 'rb', 'fr', 'Rb', 'F'];
const STRING_PIECES = ['x', 'SELECT 1', ' ', '\\n', '\\\\', "\\'", '\\"', '\\x41', '\\N{BULLET}', '\\d', '{{', '}}', '{a}', '{a!r}', '{b:>10}', '{a.b[0]}', '{a + 1}', '#', "'", '"', 'x', '{a}'];
/** f-string fields the fast reader leaves to tree-sitter. */
const RARE_PIECES = ['{x=}', '{"q"}', '{a:{b}}', '\\{a}'];

class Generator {
  constructor(private readonly next: Next) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  private chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Space between tokens inside brackets: sometimes a newline, sometimes a comment. */
  private gap(inBrackets: boolean): string {
    if (!inBrackets) return this.chance(0.1) ? '' : ' ';
    const roll = this.next();
    if (roll < 0.08) return '\n        ';
    if (roll < 0.11) return '  # note\n    ';
    return this.chance(0.15) ? '' : ' ';
  }

  private string(): string {
    const prefix = this.pick(STRING_PREFIXES);
    const quote = this.pick(['"', "'", '"""', "'''"]);
    const pieces = Array.from({ length: Math.floor(this.next() * 4) }, () => this.pick(this.chance(0.05) ? RARE_PIECES : STRING_PIECES)).filter((piece) => !(quote.length === 1 && piece === quote) && !(prefix.toLowerCase().includes('b') && piece.startsWith('\\N')));
    if (quote.length === 3 && this.chance(0.3)) pieces.push('\nline two\n');
    return `${prefix}${quote}${pieces.join('')}${quote}`;
  }

  private atom(depth: number, inBrackets: boolean): string {
    const roll = this.next();
    if (roll < 0.005) return this.pick(PYTHON2);
    if (roll < 0.3 || depth <= 0) return this.pick([...NAMES, ...NUMBERS, 'True', 'False', 'None', '...']);
    if (roll < 0.45) return this.chance(0.2) ? `${this.string()}${this.gap(true)}${this.string()}` : this.string();
    const inner = (): string => this.expression(depth - 1, true);
    const items = (count: number): string => Array.from({ length: count }, inner).join(`,${this.gap(true)}`);
    switch (Math.floor(this.next() * 9)) {
      case 0:
        return `(${this.gap(true)}${items(Math.floor(this.next() * 3))}${this.chance(0.3) ? ',' : ''})`;
      case 1:
        return `[${items(Math.floor(this.next() * 3))}${this.chance(0.2) ? ',' : ''}]`;
      case 2:
        return `{${Array.from({ length: Math.floor(this.next() * 3) }, () => (this.chance(0.2) ? `**${inner()}` : `${inner()}: ${inner()}`)).join(', ')}}`;
      case 3:
        return `{${items(1 + Math.floor(this.next() * 2))}}`;
      case 4:
        return `${this.pick(['[', '(', '{'])}${inner()} for ${this.pick(['x', 'k, v', '(a, b)'])} in ${inner()}${this.chance(0.4) ? ` if ${inner()}` : ''}${this.chance(0.2) ? ` for y in ${inner()}` : ''}${this.pick([']', ')', '}'])}`;
      case 5:
        return `[*${inner()}, ${inner()}]`;
      case 6:
        return `lambda${this.pick(['', ' a', ' a, b=1', ' *args, **kw', ' *, c'])}: ${inner()}`;
      default:
        return `(${inner()})`;
    }
  }

  /** A primary expression: an atom with attributes, calls and subscripts after it. */
  private primary(depth: number, inBrackets: boolean): string {
    const atom = this.atom(depth, inBrackets);
    // A number takes no attribute unless parenthesized (`1.real` is tokenized differently).
    let text = /^[\d.]/.test(atom) ? `(${atom})` : atom;
    while (depth > 0 && this.chance(0.35)) {
      const roll = this.next();
      if (roll < 0.4) text += `.${this.pick(NAMES)}`;
      else if (roll < 0.8) text += `(${this.arguments(depth - 1)})`;
      else text += `[${this.pick([this.expression(depth - 1, true), '1:2', '::3', ':', 'a:', 'a, b', '1:2, ::-1'])}]`;
    }
    return text;
  }

  private arguments(depth: number): string {
    const count = Math.floor(this.next() * 4);
    const parts = Array.from({ length: count }, () => {
      const roll = this.next();
      if (roll < 0.15) return `${this.pick(NAMES)}=${this.expression(depth, true)}`;
      if (roll < 0.2) return `*${this.expression(depth, true)}`;
      if (roll < 0.25) return `**${this.expression(depth, true)}`;
      return this.expression(depth, true);
    });
    if (count === 1 && this.chance(0.1)) return `${parts[0]} for x in y`;
    return `${this.gap(true)}${parts.join(`,${this.gap(true)}`)}${count > 0 && this.chance(0.2) ? ',' : ''}`;
  }

  expression(depth: number, inBrackets = false): string {
    const roll = this.next();
    const operand = (): string => (this.chance(0.25) ? `${this.pick(['-', '+', '~', '-', 'not ', 'not '])}${this.primary(depth - 1, inBrackets)}` : this.primary(depth - 1, inBrackets));
    if (depth <= 0 || roll < 0.35) return operand();
    const gap = (): string => this.gap(inBrackets);
    if (roll < 0.6) return `${operand()}${gap()}${this.pick(BINARY)}${gap()}${operand()}${this.chance(0.3) ? ` ${this.pick(BINARY)} ${operand()}` : ''}`;
    if (roll < 0.75) return `${operand()} ${this.pick(COMPARISONS)} ${operand()}${this.chance(0.2) ? ` ${this.pick(COMPARISONS)} ${operand()}` : ''}`;
    if (roll < 0.88) return `${this.expression(depth - 1, inBrackets)} ${this.pick(['and', 'or'])} ${this.expression(depth - 1, inBrackets)}`;
    if (roll < 0.95) return `${operand()} if ${this.expression(depth - 1, inBrackets)} else ${this.expression(depth - 1, inBrackets)}`;
    return `not ${this.expression(depth - 1, inBrackets)}`;
  }

  private comment(indent: string): string {
    return this.chance(0.15) ? `${this.pick(['', indent, `${indent}    `, indent.slice(4)])}# ${this.pick(['note', 'TODO', '"""'])}\n` : '';
  }

  private trailing(): string {
    return this.chance(0.1) ? '  # trailing' : '';
  }

  private simple(): string {
    const e = (): string => this.expression(1 + Math.floor(this.next() * 3));
    switch (Math.floor(this.next() * 16)) {
      case 0:
        return `${this.pick(NAMES)} = ${e()}`;
      case 1:
        return `${this.pick(['a', 'a.b', 'a[0]', 'a, b', 'a = b'])} = ${e()}${this.chance(0.2) ? `, ${e()}` : ''}`;
      case 2:
        return `${this.pick(['a', 'b'])}: ${this.pick(['int', 'str | None', 'Union[str, None]', 'Sequence[str] | None', 'Optional["X"]', 'sa.Column[int]', 'tuple[str, ...]', 'Callable[[int], str]', 'List[int,]'])}${this.chance(0.7) ? ` = ${e()}` : ''}`;
      case 3:
        return `${this.pick(['a', 'a.b', 'a[1]'])} ${this.pick(['+=', '-=', '|=', '**=', '//='])} ${e()}`;
      case 4:
        return this.pick(['pass', 'break', 'continue', 'return', `return ${e()}`, `return ${e()}, ${e()}`, 'raise', `raise ${e()}`, `raise ${e()} from ${e()}`, 'pass', 'return']);
      case 5:
        return this.pick([`del ${e()}`, `del a, b`, 'global a, b', 'nonlocal a', `assert ${e()}`, `assert ${e()}, "message"`]);
      case 6:
        return this.pick(['import a', 'import a.b as c, d', 'from a import b', 'from a.b import (c, d as e,)', 'from . import x', 'from ..a import *', 'from __future__ import annotations', 'from ... import y']);
      case 7:
        return this.chance(0.1) ? this.pick(['print a', 'exec a', 'raise E, v', 'type X = int', 'match = 1', 'type(a)', 'type(a).b = 1', 'match(a).b = 1', 'match (a).b']) : `${this.pick(['print', 'exec', 'type', 'match'])}${this.pick(['(a)', ' = 1', '.x'])}`;
      case 8:
        return `${e()}; ${e()}${this.chance(0.3) ? ';' : ''}`;
      case 9:
        return this.chance(0.3) ? `a, b` : e();
      default:
        return e();
    }
  }

  private block(indent: string, depth: number): string {
    if (this.chance(0.15)) return ` ${this.simple()}${this.trailing()}\n`;
    const inner = `${indent}    `;
    const count = 1 + Math.floor(this.next() * 3);
    let text = `${this.trailing()}\n${this.comment(inner)}`;
    for (let index = 0; index < count; index += 1) text += this.statement(inner, depth - 1) + (this.chance(0.15) ? '\n' : '') + this.comment(inner);
    return text;
  }

  statement(indent: string, depth: number): string {
    const roll = this.next();
    if (depth <= 0 || roll < 0.55) return `${indent}${this.simple()}${this.trailing()}\n`;
    const e = (): string => this.expression(1 + Math.floor(this.next() * 2));
    switch (Math.floor(this.next() * 8)) {
      case 0: {
        let text = `${indent}if ${e()}:${this.block(indent, depth)}`;
        while (this.chance(0.3)) text += `${this.comment(indent)}${indent}elif ${e()}:${this.block(indent, depth)}`;
        if (this.chance(0.4)) text += `${this.comment(indent)}${indent}else:${this.block(indent, depth)}`;
        return text;
      }
      case 1:
        return `${indent}for ${this.pick(['x', 'k, v', 'a.b', 'x', '(a, b)', 'x,'])} in ${e()}${this.chance(0.2) ? `, ${e()}` : ''}:${this.block(indent, depth)}${this.chance(0.2) ? `${indent}else:${this.block(indent, depth)}` : ''}`;
      case 2:
        return `${indent}while ${e()}:${this.block(indent, depth)}`;
      case 3: {
        let text = `${indent}try:${this.block(indent, depth)}`;
        const handlers = Math.floor(this.next() * 3);
        for (let index = 0; index < handlers; index += 1) text += `${indent}except${this.pick(['', ' Exception', ' (A, B) as e', ' E as e', ' Exception', ' A, e', '* E'])}:${this.block(indent, depth)}`;
        if (handlers > 0 && this.chance(0.3)) text += `${indent}else:${this.block(indent, depth)}`;
        if (handlers === 0 || this.chance(0.3)) text += `${indent}finally:${this.block(indent, depth)}`;
        return text;
      }
      case 4:
        return `${indent}with ${this.pick(['op.batch_alter_table("t") as batch_op', 'a as b, c', 'a, b', '(a as b, c)', 'op.get_context().autocommit_block()', 'a as (b, c)'])}:${this.block(indent, depth)}`;
      case 5: {
        const decorators = this.chance(0.3) ? `${indent}@${this.primary(2, false)}${this.trailing()}\n` : '';
        const parameters = this.pick(['', 'a', 'a, b=1', 'a: int, b: str = "x"', '*args, **kw', 'a, *, b', 'a, /, b', '*args: int', 'a=lambda: 1', 'self']);
        return `${decorators}${indent}${this.chance(0.05) ? 'async ' : ''}def ${this.pick(['upgrade', 'downgrade', 'helper'])}(${parameters})${this.pick(['', ' -> None', ' -> "X"', ' -> Dict[str, int]'])}:${this.block(indent, depth)}`;
      }
      case 6:
        return `${indent}class ${this.pick(['K', 'Model'])}${this.pick(['', '()', '(Base)', '(A, metaclass=M)'])}:${this.block(indent, depth)}`;
      default:
        return `${indent}${this.simple()}\n`;
    }
  }

  module(): string {
    let text = this.chance(0.5) ? '"""doc\n\nRevision ID: abc\n"""\n' : '';
    const count = 1 + Math.floor(this.next() * 6);
    for (let index = 0; index < count; index += 1) text += `${this.comment('')}${this.statement('', 3)}${this.chance(0.3) ? '\n\n' : ''}`;
    return this.chance(0.1) ? text.trimEnd() : text;
  }
}

/** `count` random modules, the same for the same seed. */
export function randomPythonModules(seed: number, count: number): string[] {
  const generator = new Generator(random(seed));
  return Array.from({ length: count }, () => generator.module());
}

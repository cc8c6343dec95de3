import type { SpecProblem } from '../errors.js';
import { nearest } from '../nearest.js';

/**
 * One value of a raw spec together with its path, so that every problem is reported against
 * the field it concerns (`operations[2].column.type`). Problems are collected, not thrown, so a
 * user sees all of them at once.
 */
export class SpecNode {
  constructor(
    readonly value: unknown,
    readonly path: string,
    private readonly problems: SpecProblem[],
  ) {}

  static root(value: unknown, problems: SpecProblem[]): SpecNode {
    return new SpecNode(value, '', problems);
  }

  get missing(): boolean {
    return this.value === undefined || this.value === null;
  }

  problem(message: string): undefined {
    this.problems.push({ path: this.path, message });
    return undefined;
  }

  field(key: string): SpecNode {
    const value = isRecord(this.value) ? this.value[key] : undefined;
    return new SpecNode(value, this.path ? `${this.path}.${key}` : key, this.problems);
  }

  /** The list item at `index`, e.g. `operations[2]`. */
  item(index: number): SpecNode {
    const value = Array.isArray(this.value) ? (this.value as unknown[])[index] : undefined;
    return new SpecNode(value, `${this.path}[${index}]`, this.problems);
  }

  /** Checks this is a mapping whose keys are all in `allowed`; unknown keys are problems. */
  object(allowed: readonly string[]): boolean {
    if (!isRecord(this.value)) {
      this.problem(`must be a mapping with the fields ${allowed.join(', ')}`);
      return false;
    }
    for (const key of Object.keys(this.value)) {
      if (!allowed.includes(key)) {
        const guess = nearest(key, allowed);
        const hint = guess.length > 0 ? `; did you mean "${guess[0]}"?` : `; known fields: ${allowed.join(', ')}`;
        this.field(key).problem(`unknown field${hint}`);
      }
    }
    return true;
  }

  string(options: { required?: boolean } = {}): string | undefined {
    if (this.missing) return options.required ? this.problem('is required') : undefined;
    if (typeof this.value === 'number' || typeof this.value === 'boolean') return String(this.value);
    if (typeof this.value !== 'string') return this.problem(`must be a string, not ${describe(this.value)}`);
    return this.value;
  }

  boolean(fallback: boolean): boolean {
    if (this.missing) return fallback;
    if (typeof this.value !== 'boolean') {
      this.problem(`must be true or false, not ${describe(this.value)}`);
      return fallback;
    }
    return this.value;
  }

  list(options: { required?: boolean; nonEmpty?: boolean } = {}): SpecNode[] | undefined {
    if (this.missing) return options.required ? this.problem('is required') : undefined;
    if (!Array.isArray(this.value)) return this.problem(`must be a list, not ${describe(this.value)}`);
    if (options.nonEmpty && this.value.length === 0) return this.problem('must not be empty');
    return this.value.map((item, index) => new SpecNode(item, `${this.path}[${index}]`, this.problems));
  }

  /** A string, or the string `choice` of a closed set (case-insensitive), reported otherwise. */
  choice<T extends string>(choices: readonly T[], fallback: T): T {
    const text = this.string();
    if (text === undefined) return fallback;
    const found = choices.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
    if (found === undefined) {
      this.problem(`must be one of ${choices.join(', ')}, not "${text}"`);
      return fallback;
    }
    return found;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

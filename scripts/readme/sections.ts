import { GENERATOR_LIST } from '../../generators/index.js';
import type { Field } from '../../src/fields/kinds.js';
import type { OperationKind } from '../../src/operations/operation-kind.js';
import { OPERATION_LIST, OPERATIONS } from '../../src/operations/registry.js';
import type { OperationGenerator } from '../../src/wizard/generator.js';

// The README's sections about operations and one-line commands, made from the operations'
// declarations and the generators' commands: `node scripts/update-readme.mjs` writes them between
// their marker comments, and the suite fails while README.md holds anything else there.

/** `<!-- generated: NAME ... -->` and `<!-- end: NAME -->` around each generated section. */
export function markers(name: string): { readonly start: string; readonly end: string } {
  // No repository path here: the packed README must name only files the package has.
  return { start: `<!-- generated: ${name}, written from the declarations by the update-readme script (CONTRIBUTING.md); do not edit -->`, end: `<!-- end: ${name} -->` };
}

function fieldList(fields: Readonly<Record<string, Field>>): string {
  return Object.entries(fields)
    .map(([name, field]) => (field.required ? `**\`${name}\`**` : `\`${name}\``))
    .join(', ');
}

function operationsTable(kinds: readonly OperationKind<{ readonly op: string }>[]): string {
  const rows = kinds.map((kind) => `| \`${kind.op}\` | ${fieldList(kind.fields)} | ${kind.summary} |`);
  return ['| operation | fields (**required**) | what it does |', '|---|---|---|', ...rows].join('\n');
}

function operationSection(kind: OperationKind<{ readonly op: string }>): string {
  const { text, example, notes } = kind.doc;
  const head = text === undefined ? `\`${kind.op}\`` : `\`${kind.op}\` — ${text}`;
  return [head, '```yaml\n' + example + '\n```', ...(notes === undefined ? [] : [notes])].join('\n\n');
}

/** The operations: a table of their fields, then each one's text and example. */
export function operationsSection(kinds: readonly OperationKind<{ readonly op: string }>[] = OPERATION_LIST): string {
  return [operationsTable(kinds), ...kinds.map(operationSection)].join('\n\n');
}

/** The positional arguments of a usage line: its options taken out. */
function argumentsOf(usage: string): string {
  let text = usage.replace(/--[a-z-]+(?: [A-Z_]+)?/g, '');
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(/\[\s*(?:\|\s*)*\]/g, '').replace(/\|\s*\]/g, ']').replace(/\[\s*\|/g, '[');
  }
  return text.replace(/\s+/g, ' ').replace(/\[\s+/g, '[').replace(/\s+\]/g, ']').trim();
}

/** Each option as the usage line spells it, with the default an operation's field derives (`--name NAME` (default `ix_{table}_{columns}`)). */
function optionsOf(generator: OperationGenerator): string {
  const { usage, options } = generator.command;
  const fields: Readonly<Record<string, Field>> = OPERATIONS[generator.op].fields;
  return Object.keys(options)
    .map((name) => {
      const field = fields[name.replaceAll('-', '_')];
      const derived = field?.kind === 'name' && field.derived !== undefined ? ` (default \`${field.derived}\`)` : '';
      return `\`${new RegExp(`--${name}(?: [A-Z_]+)?`).exec(usage)?.[0] ?? `--${name}`}\`${derived}`;
    })
    .join(', ');
}

/** The one-line commands: each one's arguments and its own options, as its usage line has them. */
export function commandsSection(generators: readonly OperationGenerator[] = GENERATOR_LIST): string {
  const rows = generators.map((generator) => {
    const { command } = generator;
    const aliases = (command.aliases ?? []).map((alias) => ` (\`${alias}\`)`).join('');
    return `| \`${command.name}\`${aliases} | \`${argumentsOf(command.usage)}\` | ${optionsOf(generator)} | ${command.note ?? ''} |`;
  });
  return ['| command | arguments | its own options | notes |', '|---|---|---|---|', ...rows].join('\n');
}

export const SECTIONS: Readonly<Record<string, () => string>> = {
  'one-line commands': () => commandsSection(),
  operations: () => operationsSection(),
};

/** `readme` with every generated section written anew; a missing marker is an error naming it. */
export function withSections(readme: string): string {
  let text = readme;
  for (const [name, make] of Object.entries(SECTIONS)) {
    const { start, end } = markers(name);
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from === -1 || to < from) throw new Error(`README.md lacks the markers of the generated section "${name}": ${start} ... ${end}`);
    text = `${text.slice(0, from + start.length)}\n${make()}\n${text.slice(to)}`;
  }
  return text;
}

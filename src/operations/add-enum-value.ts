import { name, optional, text } from '../fields/kinds.js';
import { schemaOf } from '../schema/model.js';
import { removeEnumValue } from '../sql/enum-value-removal.js';
import { byteLength, MAX_IDENTIFIER_BYTES, qualify } from '../sql/identifiers.js';
import { quoteLiteral } from '../sql/literals.js';
import { checkShape, expectEnumLabel } from '../sql/shape-checks.js';
import { expectEnum, warnMixedCase } from './expectations.js';
import type { OperationKind } from './operation-kind.js';

export interface AddEnumValue {
  readonly op: 'add_enum_value';
  readonly enum: string;
  readonly value: string;
  readonly position?: { readonly placement: 'BEFORE' | 'AFTER'; readonly label: string };
}

const fields = {
  enum: name('enum'),
  value: text(),
  after: optional(text()),
  before: optional(text()),
};

export const addEnumValue: OperationKind<AddEnumValue, typeof fields> = {
  op: 'add_enum_value',
  summary: 'add a label to an enum (ADD VALUE IF NOT EXISTS, outside the transaction); the downgrade removes it again',
  fields,
  doc: {
    text: `\`ALTER TYPE ... ADD VALUE IF NOT EXISTS ... AFTER/BEFORE\`, always in an autocommit
block (PostgreSQL before 12 refuses it in a transaction; from 12 on a new label cannot be used until
its transaction commits). The downgrade removes the label again: it refuses, naming the table and
column, while any row holds it, and naming them when a view, function, domain or anything else but
table columns, their indexes, CHECK constraints and defaults uses the type, before it changes anything;
otherwise it rebuilds the type without it (remaining labels in order), moves every column of the type
or an array of it over, and re-creates the indexes (partial, expression), CHECK constraints and
defaults that mention the type around the change, all in one \`DO\` block. That rewrites every table
with such a column under an ACCESS EXCLUSIVE lock: \`generate\` warns of it.`,
    example: `- op: add_enum_value
  enum: user_status
  value: LOCKED
  after: INACTIVE                # or before; neither: at the end`,
  },

  parse(node, context) {
    const name = node.read('enum');
    const value = node.read('value');
    const after = node.read('after');
    const before = node.read('before');
    if (after !== undefined && before !== undefined) node.field('before').problem('give after or before, not both');
    if (value !== undefined && (value === '' || byteLength(value) > MAX_IDENTIFIER_BYTES)) {
      node.field('value').problem(`an enum label must be 1 to ${MAX_IDENTIFIER_BYTES} bytes`);
    }
    if (value !== undefined && (value === after || value === before)) node.field('value').problem('cannot be placed next to itself');
    if (name === undefined || value === undefined) return undefined;
    if (context.enums.has(name)) {
      node.field('enum').problem(`enum "${name}" is created by this spec; list "${value}" in its values instead`);
    } else {
      const labels = expectEnum(context, node.field('enum'), name);
      if (labels?.includes(value)) node.field('value').problem(`"${value}" is already a label of ${context.schema}.${name} (according to ${context.modelSource})`);
      const anchor = after ?? before;
      if (labels && anchor !== undefined && !labels.includes(anchor)) {
        node.field(after !== undefined ? 'after' : 'before').problem(`"${anchor}" is not a label of ${context.schema}.${name}; its labels are ${labels.join(', ')}`);
      }
      if (labels) warnMixedCase(context, node.field('value').path, name, [...labels, value]);
    }
    const label = after ?? before;
    return {
      op: 'add_enum_value',
      enum: name,
      value,
      ...(label !== undefined && { position: { placement: after !== undefined ? 'AFTER' : 'BEFORE', label } }),
    };
  },

  claims: () => [],

  describe: (operation, { schema }) => `Add ${quoteLiteral(operation.value)} to enum ${qualify(schema, operation.enum)}`,

  // ALTER TYPE ... ADD VALUE cannot run in a transaction block before PostgreSQL 12, and from 12 on
  // the new label cannot be used until its transaction commits: so it gets one of its own.
  // The label found elsewhere in the enum (not at the place asked for) stops the migration (issue 14).
  upgrade: (operation, { schema }) => [
    { ...checkShape(expectEnumLabel(schema, operation.enum, operation.value, operation.position)), why: 'A label of this name must be at this place' },
    {
      sql: `ALTER TYPE ${qualify(schema, operation.enum)}\n    ADD VALUE IF NOT EXISTS ${quoteLiteral(operation.value)}${
        operation.position ? ` ${operation.position.placement} ${quoteLiteral(operation.position.label)}` : ''
      }`,
      autocommit: true,
    },
  ],

  downgrade: (operation, { schema }) => [removeEnumValue(schema, operation.enum, operation.value)],

  apply(operation, model, schema) {
    const labels = schemaOf(model, schema).enums.get(operation.enum);
    if (!labels || labels.includes(operation.value)) return;
    const at = operation.position ? labels.indexOf(operation.position.label) : -1;
    if (at === -1) labels.push(operation.value);
    else labels.splice(operation.position!.placement === 'AFTER' ? at + 1 : at, 0, operation.value);
  },
};

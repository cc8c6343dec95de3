import { name, texts } from '../fields/kinds.js';
import { readText } from '../fields/readers.js';
import { schemaOf } from '../schema/model.js';
import { typeQuery } from '../sql/catalog-queries.js';
import { guarded } from '../sql/do-block.js';
import { byteLength, MAX_IDENTIFIER_BYTES, qualify } from '../sql/identifiers.js';
import { quoteLiteral } from '../sql/literals.js';
import { checkShape, expectEnum } from '../sql/shape-checks.js';
import { completeEnum } from '../sql/shape-completion.js';
import { relation } from './claims.js';
import { expectNoRelation, warnMixedCase } from './expectations.js';
import type { OperationKind } from './operation-kind.js';

export interface CreateEnum {
  readonly op: 'create_enum';
  readonly name: string;
  readonly values: readonly string[];
}

const fields = {
  name: name('enum', { creates: true }),
  values: texts(),
};

export const createEnum: OperationKind<CreateEnum, typeof fields> = {
  op: 'create_enum',
  summary: 'create an enum type (CREATE TYPE ... AS ENUM), dropped again by the downgrade',
  fields,
  doc: {
    text: 'an enum type; the downgrade drops it (after the tables that use it, since it comes\nbefore them in the spec).',
    example: `- op: create_enum
  name: service_account_role
  values: [ADMIN, USER]`,
  },

  parse(node, context) {
    const name = node.read('name');
    const items = node.field('values').list({ required: true, nonEmpty: true });
    const values: string[] = [];
    for (const item of items ?? []) {
      const value = readText(item, { required: true });
      if (value === undefined) continue;
      if (value === '') item.problem('an enum label must not be empty');
      else if (byteLength(value) > MAX_IDENTIFIER_BYTES) item.problem(`is ${byteLength(value)} bytes long; enum labels are at most ${MAX_IDENTIFIER_BYTES} bytes`);
      else if (values.includes(value)) item.problem(`"${value}" is listed twice`);
      values.push(value);
    }
    if (name === undefined || items === undefined) return undefined;
    if (context.enums.has(name)) return node.field('name').problem(`enum "${name}" is created twice in this spec`);
    expectNoRelation(context, node.field('name'), name, 'enum');
    warnMixedCase(context, node.field('values').path, name, values);
    context.enums.add(name);
    return { op: 'create_enum', name, values };
  },

  claims: (operation) => [relation(operation.name, 'type')],

  describe: (operation, { schema }) => `Create enum ${qualify(schema, operation.name)}`,

  // An enum of this name with labels this one lacks, or in another order, stops the migration
  // (issue 14); one that lacks some of these labels, the others in order, gets them added.
  upgrade(operation, { schema }) {
    const quoted = operation.values.map(quoteLiteral);
    const oneLine = quoted.join(', ');
    const labels = oneLine.length <= 60 ? oneLine : `\n${quoted.map((label) => `    ${label}`).join(',\n')}\n`;
    const check = expectEnum(schema, operation.name, operation.values);
    return [
      { ...checkShape(check), why: 'An enum of this name must have these labels, or some of them in this order' },
      { sql: guarded('IF NOT EXISTS', typeQuery(schema, operation.name), `CREATE TYPE ${qualify(schema, operation.name)} AS ENUM (${labels})`) },
      { ...completeEnum(schema, operation.name, operation.values), why: 'An enum of this name found without some of its labels gets them, each in its place' },
    ];
  },

  // Only the enum this migration made (or a part of it): one with other labels stops the downgrade.
  downgrade: (operation, { schema }) => [checkShape(expectEnum(schema, operation.name, operation.values)), { sql: `DROP TYPE IF EXISTS ${qualify(schema, operation.name)}` }],

  apply: (operation, model, schema) => void schemaOf(model, schema).enums.set(operation.name, [...operation.values]),
};

import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../src/operations/registry.js';

it('generators/ holds one prompt module per operation and their registry, nothing of the wizard runtime', () => {
  const files = readdirSync(resolve(import.meta.dirname, '../../generators')).filter((name) => name.endsWith('.ts')).sort();
  const expected = [...OPERATION_NAMES.map((op) => `${op.replaceAll('_', '-')}.ts`), 'index.ts'].sort();
  expect(files, 'a module shared by prompts belongs in src/wizard/; an operation\'s prompts are generators/<operation>.ts (see CONTRIBUTING.md)').toEqual(expected);
});

import { holding, testOperation } from '../support/operation-tester.js';

testOperation('create_enum', {
  valid: [
    {
      name: 'created unless the schema already has a type of that name, dropped by the downgrade',
      operation: { op: 'create_enum', name: 'mood', values: ['HAPPY', 'SAD'] },
      upgrade: [holding("IF NOT EXISTS", "n.nspname = 'public' AND t.typname = 'mood'", "CREATE TYPE public.mood AS ENUM ('HAPPY', 'SAD');")],
      downgrade: ['DROP TYPE IF EXISTS public.mood'],
    },
    {
      name: 'in the spec schema, labels quoted as literals',
      operation: { op: 'create_enum', name: 'kind', values: ["it's", 'b'] },
      schema: 'app',
      upgrade: [holding("n.nspname = 'app' AND t.typname = 'kind'", "CREATE TYPE app.kind AS ENUM ('it''s', 'b');")],
      downgrade: ['DROP TYPE IF EXISTS app.kind'],
    },
  ],
  invalid: [
    {
      name: 'an empty or repeated label',
      operation: { op: 'create_enum', name: 'mood', values: ['HAPPY', 'HAPPY', ''] },
      problems: { 'values[1]': '"HAPPY" is listed twice', 'values[2]': 'an enum label must not be empty' },
    },
    {
      name: 'no labels',
      operation: { op: 'create_enum', name: 'mood', values: [] },
      problems: { values: 'must not be empty' },
    },
    {
      name: 'a type of that name in the known schema',
      operation: { op: 'create_enum', name: 'mood', values: ['A'] },
      known: [{ op: 'create_enum', name: 'mood', values: ['B'] }],
      problems: { name: 'enum "mood" cannot be created: a type of that name already exists in public (according to the history\'s specs)' },
    },
  ],
});

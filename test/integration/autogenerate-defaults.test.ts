import { describe, expect, inject, it } from 'vitest';
import type { PostgresServer } from '../../src/verify/embedded-postgres.js';
import { autogenerate, createModelsProject, editModels } from './autogenerate-project.js';

// autogenerate's spec is read as every other path's: a model's server default is held to its
// column's type, with the same message (see README, Defaults and the column's type).

const python = inject('python');
const server = { adminUrl: inject('adminUrl') } as PostgresServer;

describe('autogenerate holds a model\'s server default to its column', () => {
  it('refuses an unquoted enum label, with the label it meant, and writes nothing', () => {
    const project = createModelsProject(python);
    const initial = autogenerate(project, server, ['-m', 'create the shop']);
    expect(initial.code, initial.stderr).toBe(0);
    const before = project.files();
    editModels(project, [['    # step: customer columns', '    tier: Mapped[OrderStatus] = mapped_column(server_default=text("PAID"))']]);
    const result = autogenerate(project, server, ['-m', 'add tier']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`operations[0].column.server_default: refers to a column "paid", which a DEFAULT cannot; did you mean the label 'PAID'?`);
    expect(project.files()).toEqual(before);
  });
});

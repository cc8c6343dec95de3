import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startEmbeddedPostgres, type PostgresServer } from '../../src/verify/embedded-postgres.js';
import { createDatabase, withClient, type TestDatabase } from '../support/databases.js';
import { expectConvergentCycle } from '../support/expect-cycle.js';
import { runMigrationCycle } from '../support/migration-cycle.js';
import { lintPython } from '../support/python-lint.js';
import { withScheme } from '../../src/verify/database-url.js';
import type { AlembicProject } from '../support/alembic-project.js';
import { runCli, type CliResult } from '../support/cli.js';
import type { PythonEnv } from '../support/python-env.js';

const MODELS = resolve(import.meta.dirname, '../fixtures/autogenerate/shop');

/** An Alembic project made by `alembic init`, whose env.py targets the shop's models (app/models.py). */
export interface ModelsProject extends AlembicProject {
  readonly python: PythonEnv;
  readonly models: string;
}

/**
 * `alembic init -t TEMPLATE alembic` with the environment's own Alembic, then the one edit its env.py asks
 * for ("add your model's MetaData object here"), and the shop's models beside it.
 */
export function createModelsProject(python: PythonEnv, template = 'generic'): ModelsProject {
  const root = mkdtempSync(join(tmpdir(), 'autogenerate-project-'));
  execFileSync(join(dirname(python.python), 'alembic'), ['init', '-t', template, 'alembic'], { cwd: root });
  const envPy = join(root, 'alembic', 'env.py');
  const text = readFileSync(envPy, 'utf8');
  expect(text).toContain('target_metadata = None');
  writeFileSync(envPy, text.replace('target_metadata = None', 'from app.models import Base\n\ntarget_metadata = Base.metadata'));
  cpSync(MODELS, root, { recursive: true });
  const versions = join(root, 'alembic', 'versions');
  return {
    root,
    config: join(root, 'alembic.ini'),
    versions,
    python,
    models: join(root, 'app', 'models.py'),
    files: () => readdirSync(versions).filter((name) => name.endsWith('.py')).sort(),
  };
}

/** Replaces each `from` (which must occur exactly once) in the project's models with its `to`. */
export function editModels(project: ModelsProject, edits: readonly (readonly [string, string])[]): void {
  let text = readFileSync(project.models, 'utf8');
  for (const [from, to] of edits) {
    expect(text.split(from).length - 1, `the models hold ${JSON.stringify(from)} once`).toBe(1);
    text = text.replace(from, to);
  }
  writeFileSync(project.models, text);
}

/** Databases autogenerate made on `server` and has not dropped. */
export async function leftovers(server: PostgresServer): Promise<string[]> {
  const { rows } = await withClient(server.adminUrl, (client) => client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'cm\\_autogen\\_%'"));
  return rows.map((row) => row.datname);
}

/** `create-migration autogenerate` in the project, its database on `server`, with the project's Python. */
export function autogenerate(project: ModelsProject, server: PostgresServer, args: readonly string[], env: Record<string, string> = {}): CliResult {
  return runCli(['autogenerate', '--alembic', project.python.python, '--database-url', server.adminUrl, '--url-scheme', 'postgresql+psycopg2', ...args], { cwd: project.root, env });
}

/** Points alembic.ini's sqlalchemy.url (the placeholder `alembic init` wrote) at `url`, as a user would. */
function useDatabase(project: ModelsProject, url: string): void {
  const ini = readFileSync(project.config, 'utf8');
  const line = `sqlalchemy.url = ${withScheme(url, 'postgresql+psycopg2').replaceAll('%', '%%')}`;
  expect(ini).toMatch(/^sqlalchemy\.url = .*$/m);
  writeFileSync(project.config, ini.replace(/^sqlalchemy\.url = .*$/m, line));
}

/** Alembic's own command line in the project (`alembic upgrade head`, `alembic check`): what it printed. */
function alembic(project: ModelsProject, args: readonly string[]): string {
  return execFileSync(join(dirname(project.python.python), 'alembic'), args, { cwd: project.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The operations of a generated file's spec line, as `op` names with the field that tells them apart. */
function specOperations(spec: { operations: Record<string, unknown>[] }): string[] {
  return spec.operations.map((operation) => {
    const subject = operation.table ?? operation.enum ?? operation.name;
    const detail = operation.op === 'add_enum_value' ? ` ${String(operation.value)}` : '';
    return `${String(operation.op)} ${String(subject)}${detail}`;
  });
}

/** One change to the models, the message to autogenerate it with, and the operations it must give. */
interface ModelStep {
  readonly change: string;
  readonly message: string;
  readonly edits: readonly (readonly [string, string])[];
  readonly operations: readonly string[];
  /** Warnings expected on standard error (each a fragment of its line). */
  readonly warnings?: readonly string[];
}

/** The steps, applied in order after the initial migration. */
export const MODEL_STEPS: readonly ModelStep[] = [
  {
    change: 'add a column with a server default',
    message: 'add loyalty points',
    edits: [['    # step: customer columns', '    loyalty_points: Mapped[int] = mapped_column(server_default=text("0"))\n    # step: customer columns']],
    operations: ['add_column customers'],
  },
  {
    change: 'add indexes (a plain one, and a partial GIN one with an operator class)',
    message: 'index customers',
    edits: [
      ['    name: Mapped[str] = mapped_column(String(200))', '    name: Mapped[str] = mapped_column(String(200), index=True)'],
      [
        '    __tablename__ = "customers"\n',
        '    __tablename__ = "customers"\n    __table_args__ = (\n        Index(\n            "ix_customers_preferences",\n            "preferences",\n            postgresql_using="gin",\n            postgresql_ops={"preferences": "jsonb_path_ops"},\n            postgresql_where=text("loyalty_points > 0"),\n        ),\n    )\n',
      ],
    ],
    operations: ['create_index customers', 'create_index customers'],
  },
  {
    change: 'add a foreign key',
    message: 'add order referrers',
    edits: [['    note: Mapped[str | None]', '    referrer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))\n    note: Mapped[str | None]']],
    operations: ['add_column orders', 'add_foreign_key orders'],
  },
  {
    change: 'add enum labels, one between two and one at the end',
    message: 'add order states',
    edits: [['    PAID = "paid"\n    SHIPPED = "shipped"', '    PAID = "paid"\n    PACKED = "packed"\n    SHIPPED = "shipped"\n    REFUNDED = "refunded"']],
    operations: ['add_enum_value orderstatus PACKED', 'add_enum_value orderstatus REFUNDED'],
  },
  {
    change: 'widen types',
    message: 'widen names and totals',
    edits: [
      ['String(200), index=True', 'String(300), index=True'],
      ['Numeric(10, 2)', 'Numeric(12, 2)'],
    ],
    operations: ['alter_column customers', 'alter_column orders'],
  },
  {
    change: 'drop a column',
    message: 'drop order notes',
    edits: [['    note: Mapped[str | None] = mapped_column(Text, comment="Shown to the packer")\n', '']],
    operations: ['drop_column orders'],
    warnings: ['drops column orders.note and the data in it'],
  },
  {
    change: 'add a table (a new enum, an array, a composite unique, a check, a foreign key, an index)',
    message: 'add order items',
    edits: [
      ['from sqlalchemy import ForeignKey,', 'from sqlalchemy import ARRAY, CheckConstraint, ForeignKey, UniqueConstraint,'],
      [
        '    created_at: Mapped[datetime] = mapped_column(server_default=text("now()"), index=True)\n',
        `    created_at: Mapped[datetime] = mapped_column(server_default=text("now()"), index=True)


class ItemKind(enum.Enum):
    PHYSICAL = "physical"
    DIGITAL = "digital"


class OrderItem(Base):
    __tablename__ = "order_items"
    __table_args__ = (
        UniqueConstraint("order_id", "sku", name="uq_order_items_order_sku"),
        CheckConstraint("quantity > 0", name="ck_order_items_quantity"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, server_default=text("gen_random_uuid()"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    kind: Mapped[ItemKind] = mapped_column(server_default=ItemKind.PHYSICAL.name)
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    quantity: Mapped[int] = mapped_column(server_default=text("1"))
`,
      ],
    ],
    operations: ['create_enum itemkind', 'create_table order_items', 'add_unique order_items', 'add_check order_items', 'create_index order_items'],
  },
  {
    change: 'drop a table (its downgrade re-creates it with its constraints and index, as the database had them)',
    message: 'drop order items',
    edits: [['class OrderItem(Base):', 'class OrderItem:']],
    operations: ['drop_index ix_order_items_order_id', 'drop_table order_items'],
    warnings: ['enum public.itemkind: no model uses it any more (order_items.kind was its last use here)', 'drops table order_items and every row in it'],
  },
];

/** The initial migration's operations, from an empty history. */
const INITIAL_OPERATIONS = [
  'create_table customers',
  'create_enum orderstatus',
  'create_table orders',
  'create_index orders',
  'create_index orders',
];

/**
 * The proof, on one Python environment: from an empty history, autogenerate the initial
 * migration, then change the models step by step. Each file passes the full real-Alembic cycle
 * and the lint; after upgrading a database to it, `alembic check` finds nothing left, and
 * autogenerate finds no changes either (it also compares enum labels, which Alembic does not).
 */
export function describeModelSteps(label: string, environment: () => PythonEnv): void {
  describe(`autogenerate, step by step, with ${label}`, () => {
    const adminUrl = inject('adminUrl');
    const ruff = inject('python').ruff;
    let project: ModelsProject;
    let live: TestDatabase;
    let server: PostgresServer;
    let previous = 'base';

    beforeAll(async () => {
      project = createModelsProject(environment());
      live = await createDatabase(adminUrl);
      useDatabase(project, live.url);
      // autogenerate's throwaway databases go to a server of this file's own: other test files
      // compare the suite server's list of databases before and after their runs.
      server = await startEmbeddedPostgres();
    });
    afterAll(async () => {
      await live?.drop();
      if (server) expect(await leftovers(server)).toEqual([]);
      await server?.stop();
    });

    async function expectStep(message: string, operations: readonly string[], warnings: readonly string[] = []): Promise<void> {
      const result = autogenerate(project, server, ['-m', message, '--json']);
      expect(result.code, result.stderr).toBe(0);
      const warned = result.stderr.split('\n').filter(Boolean);
      expect(warned, result.stderr).toHaveLength(warnings.length);
      warnings.forEach((warning, index) => expect(warned[index]).toContain(warning));
      const report = JSON.parse(result.stdout) as { changes: boolean; path: string; revision: string; spec: { operations: Record<string, unknown>[] } };
      expect(report.changes).toBe(true);
      expect(specOperations(report.spec)).toEqual(operations);
      const path = join(project.root, report.path);
      expect(lintPython({ ...project.python, ...(ruff && { ruff }) }, [path])).toEqual([]);

      const snapshots = await runMigrationCycle({ project, adminUrl, python: project.python, revision: report.revision, previous });
      expectConvergentCycle(snapshots, { columnsMayMoveToEnd: operations.some((operation) => operation.startsWith('drop_column')) });
      alembic(project, ['upgrade', 'head']);
      expect(alembic(project, ['check'])).toBe('No new upgrade operations detected.\n');
      const files = project.files();
      const again = autogenerate(project, server, ['-m', 'nothing left']);
      expect(again).toEqual({ code: 0, stdout: "no changes between the models and the history's head\n", stderr: '' });
      expect(project.files()).toEqual(files);
      previous = report.revision;
    }

    it('writes the initial migration from an empty history', async () => {
      await expectStep('create the shop', INITIAL_OPERATIONS);
    });

    for (const step of MODEL_STEPS) {
      it(step.change, async () => {
        editModels(project, step.edits);
        await expectStep(step.message, step.operations, step.warnings);
      });
    }
  });
}

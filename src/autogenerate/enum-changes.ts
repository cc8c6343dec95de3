import type { Change, Comparison, EnumType, ModelEnum, ModelType } from './comparison.js';
import type { Findings, SpecOperation } from './findings.js';

// Alembic's autogenerate neither creates nor drops PostgreSQL enum types, nor sees new labels:
// the bridge compares the models' enums with the database's itself.

const keyOf = (type: { schema: string; name: string }): string => `${type.schema}.${type.name}`;

function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let at = 0;
  for (const label of whole) if (label === part[at]) at += 1;
  return at === part.length;
}

/** add_enum_value for each label the models add, in their order, each placed next to its neighbour. */
function labelsToAdd(model: ModelEnum, existing: readonly string[]): SpecOperation[] {
  return model.labels.flatMap((label, index) => {
    if (existing.includes(label)) return [];
    // Appending (no existing label comes later) needs no position; otherwise the label goes after
    // its predecessor, which exists by then, or before the first existing label.
    const appends = !model.labels.slice(index + 1).some((later) => existing.includes(later));
    const position = appends ? {} : index > 0 ? { after: model.labels[index - 1] } : { before: model.labels.find((other) => existing.includes(other)) };
    return [{ op: 'add_enum_value', enum: model.name, value: label, ...position }];
  });
}

function listed(labels: readonly string[]): string {
  return labels.join(', ');
}

/**
 * The enum side of a comparison, for a spec in `schema`: new labels as add_enum_value operations
 * (they come first), and the enums the models use that the database lacks, each created just
 * before the first operation that needs it (see `beforeUse`).
 */
export class EnumChanges {
  readonly labelOperations: SpecOperation[] = [];
  private readonly models = new Map<string, ModelEnum>();
  private readonly database = new Map<string, EnumType>();
  private readonly created = new Set<string>();

  constructor(
    comparison: Comparison,
    private readonly schema: string,
    private readonly findings: Findings,
  ) {
    for (const type of comparison.database_enums) this.database.set(keyOf(type), type);
    for (const model of comparison.model_enums) {
      this.models.set(keyOf(model), model);
      this.compare(model);
    }
  }

  private compare(model: ModelEnum): void {
    const declared = new Map(model.used_by.map((use) => [listed(use.labels), use]));
    if (declared.size > 1) {
      const uses = [...declared.values()].map((use) => `${use.table}.${use.column} (${listed(use.labels)})`).join(', ');
      this.findings.refuse(`enum ${keyOf(model)}`, `its columns declare different labels: ${uses}; give them one Enum type`);
      return;
    }
    const existing = this.database.get(keyOf(model))?.labels;
    if (existing === undefined || listed(existing) === listed(model.labels)) return;
    if (!isSubsequence(existing, model.labels)) {
      this.findings.refuse(
        `enum ${keyOf(model)}`,
        `the models' labels (${listed(model.labels)}) drop or reorder labels the database has (${listed(existing)}); PostgreSQL can only add labels, so write this migration by hand (create-migration add-enum-value adds one)`,
      );
      return;
    }
    if (model.schema !== this.schema) {
      this.findings.refuse(`enum ${keyOf(model)}`, `gets new labels, but it is not in this migration's schema ${this.schema}`);
      return;
    }
    this.labelOperations.push(...labelsToAdd(model, existing));
  }

  /** The create_enum a column of this type needs first, the first time it is asked for. */
  beforeUse(type: ModelType, user: string): SpecOperation[] {
    if (!type.enum) return [];
    const key = keyOf(type.enum);
    if (this.database.has(key) || this.created.has(key)) return [];
    this.created.add(key);
    const model = this.models.get(key);
    if (!model) {
      this.findings.refuse(user, `uses enum ${key}, which the database lacks and no compared model declares`);
      return [];
    }
    if (model.schema !== this.schema) {
      this.findings.refuse(`enum ${key}`, `must be created, but this migration creates objects in schema ${this.schema} only`);
      return [];
    }
    return [{ op: 'create_enum', name: model.name, values: [...model.labels] }];
  }

  /** Enums whose last column the changes drop or retype: the database keeps them. */
  warnUnused(changes: readonly Change[]): void {
    const leaving = new Map<string, string>();
    const note = (type: ModelType | null | undefined, where: string): void => {
      if (type?.enum && !this.models.has(keyOf(type.enum))) leaving.set(keyOf(type.enum), where);
    };
    for (const change of changes) {
      if (change.kind === 'drop_column') note(change.column.type, `${change.table}.${change.column.name}`);
      if (change.kind === 'drop_table') for (const column of change.columns) note(column.type, `${change.table}.${column.name}`);
      if (change.kind === 'alter_column' && change.type) note(change.existing.type, `${change.table}.${change.column}`);
    }
    for (const [key, where] of leaving) {
      this.findings.warn(
        `enum ${key}`,
        `no model uses it any more (${where} was its last use here); it stays in the database, since autogenerate never drops a type (an execute operation with DROP TYPE IF EXISTS can)`,
      );
    }
  }
}

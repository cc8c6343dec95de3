import { shown, type QualifiedName } from '../../sql/statement-actions.js';
import { fileFinding, type FileRule } from './rule.js';

interface Created extends QualifiedName {
  readonly line: number;
}

/** An unqualified name matches any schema: the search path decides, and either side may omit it. */
function sameType(a: QualifiedName, b: QualifiedName): boolean {
  return a.name === b.name && (a.schema === undefined || b.schema === undefined || a.schema === b.schema);
}

export const enumNotDropped: FileRule = {
  scope: 'file',
  id: 'enum-not-dropped',
  severity: 'error',
  summary: 'an enum type created by upgrade() outlives downgrade() (DROP TABLE leaves it), so the next upgrade fails with "type already exists"',
  fix: 'drop the type in downgrade(), after the tables that use it: DROP TYPE IF EXISTS schema.name',
  example: 'op.execute("CREATE TYPE mood AS ENUM (\'ok\', \'sad\')")',
  check(facts) {
    // A downgrade that refuses outright (raise NotImplementedError) undoes nothing on purpose; a
    // missing or empty one is empty-downgrade's finding, which says more than one per enum.
    const { downgrade } = facts.python;
    if (!downgrade || downgrade.refuses || downgrade.empty) return [];
    const created: Created[] = [];
    const dropped: QualifiedName[] = [];
    for (const action of facts.actions) {
      if (action.createsEnum && action.phases.includes('upgrade')) created.push({ ...action.createsEnum, line: action.line });
      if (action.dropsTypes && action.phases.includes('downgrade')) dropped.push(...action.dropsTypes);
    }
    for (const use of facts.python.enums) {
      if (use.action === 'create' && use.phases.includes('upgrade')) created.push({ name: use.name, line: use.line });
      if (use.action === 'drop' && use.phases.includes('downgrade')) dropped.push({ name: use.name });
    }
    const reported = new Set<string>();
    return created.flatMap((type) => {
      if (dropped.some((drop) => sameType(type, drop)) || reported.has(shown(type))) return [];
      reported.add(shown(type));
      return [fileFinding(this, type.line, `enum type ${shown(type)} is created in upgrade() but downgrade() never drops it`, `add DROP TYPE IF EXISTS ${shown(type)} to downgrade(), after the tables that use it`)];
    });
  },
};

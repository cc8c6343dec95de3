import { CreateMigrationError } from '../errors.js';
import type { RevisionFile } from '../history/graph.js';
import { withAncestors } from './branches.js';

/** The revisions a database's alembic_version records (empty when it has no such table). */
export async function recordedRevisions(databaseUrl: string): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const exists = await client.query<{ found: string | null }>("SELECT to_regclass('alembic_version')::text AS found");
    if (exists.rows[0]?.found === null || exists.rows[0]?.found === undefined) return [];
    const result = await client.query<{ version_num: string }>('SELECT version_num FROM alembic_version');
    return result.rows.map((row) => row.version_num);
  } catch (error) {
    throw new CreateMigrationError(`cannot read alembic_version through --database-url: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The recorded revisions and all their ancestors: everything that database has applied. */
export function appliedRevisions(recorded: readonly string[], revisions: readonly RevisionFile[]): Set<string> {
  return withAncestors(recorded, new Map(revisions.map((revision) => [revision.revision, revision])));
}

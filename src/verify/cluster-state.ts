import { withClient } from './throwaway-database.js';

/**
 * What every database of a server shares and a migration may change: roles, their memberships
 * and settings, tablespaces. Two segments proved at once on one server could see each other's
 * changes to these (a role one creates, the other finds): a run whose segments leave them
 * different from how they found them is proved again, one migration after the other.
 */
const CLUSTER_STATE_SQL = `
SELECT md5(concat_ws('|',
  (SELECT string_agg(r::text, ',' ORDER BY r.oid) FROM pg_catalog.pg_roles r),
  (SELECT string_agg(m.roleid || ':' || m.member, ',' ORDER BY m.roleid, m.member) FROM pg_catalog.pg_auth_members m),
  (SELECT string_agg(t.oid || ':' || t.spcname, ',' ORDER BY t.oid) FROM pg_catalog.pg_tablespace t),
  (SELECT string_agg(s.setrole || ':' || array_to_string(s.setconfig, ';'), ',' ORDER BY s.setrole)
     FROM pg_catalog.pg_db_role_setting s WHERE s.setdatabase = 0)
)) AS state`;

/** A digest of the server's shared objects (see CLUSTER_STATE_SQL). */
export async function clusterState(adminUrl: string): Promise<string> {
  const { rows } = await withClient(adminUrl, (client) => client.query<{ state: string }>(CLUSTER_STATE_SQL));
  return rows[0]!.state;
}

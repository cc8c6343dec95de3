import { describe, expect, inject, it } from 'vitest';
import { formatType } from '../../src/sql/format-type.js';
import { resolveType } from '../../src/sql/pg-types.js';
import { createDatabase, withClient } from '../support/databases.js';

const adminUrl = inject('adminUrl');

const TYPES = [
  'smallint', 'int', 'bigint', 'numeric', 'numeric(10,2)', 'decimal(12)', 'real', 'double precision', 'float',
  'text', 'varchar', 'varchar(36)', 'character varying(5)', 'char', 'char(3)', 'bool', 'date', 'time', 'time(3)',
  'timetz', 'time with time zone', 'timestamp', 'timestamp(0)', 'timestamptz', 'timestamptz(6)', 'interval',
  'interval(2)', 'uuid', 'json', 'jsonb', 'bytea', 'inet', 'cidr', 'macaddr', 'bit', 'bit(4)', 'varbit', 'varbit(9)',
  'tsvector', 'int4range', 'money', 'xml', 'text[]', 'varchar(10)[]', 'integer[][]', 'timestamp(3) with time zone[]',
];

describe('formatType', () => {
  it('prints what the server\'s format_type() prints for each column type', async () => {
    const database = await createDatabase(adminUrl);
    try {
      const columns = TYPES.map((type, index) => `c${index} ${type}`).join(', ');
      const server = await withClient(database.url, async (client) => {
        await client.query(`CREATE TABLE t (${columns})`);
        const result = await client.query<{ attname: string; formatted: string }>(
          "SELECT attname, format_type(atttypid, atttypmod) AS formatted FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0 ORDER BY attnum",
        );
        return result.rows.map((row) => row.formatted);
      });
      const ours = TYPES.map((text) => {
        const result = resolveType(text, { schema: 'public', enums: new Set(), extensionTypes: [] });
        return 'type' in result ? formatType(result.type) : result.problem;
      });
      expect(ours).toEqual(server);
    } finally {
      await database.drop();
    }
  });
});

// PostgreSQL keywords that are not UNRESERVED, by category, from pg_get_keywords() on PostgreSQL
// 18; the test suite compares these lists with the server it runs against.

/** Reserved and type/function-name keywords (catcode R and T): never a bare column reference. */
const RESERVED = `
all analyse analyze and any array as asc asymmetric authorization binary both case cast
check collate collation column concurrently constraint create cross current_catalog
current_date current_role current_schema current_time current_timestamp current_user
default deferrable desc distinct do else end except false fetch for foreign freeze from
full grant group having ilike in initially inner intersect into is isnull join lateral
leading left like limit localtime localtimestamp natural not notnull null offset on only
or order outer overlaps placing primary references returning right select session_user
similar some symmetric system_user table tablesample then to trailing true union unique
user using variadic verbose when where window with
`;

/** Column-name keywords (catcode C): a column may be called so, but a type or function may not. */
const COLUMN_NAME = `
between bigint bit boolean char character coalesce dec decimal exists extract float
greatest grouping inout int integer interval json json_array json_arrayagg json_exists
json_object json_objectagg json_query json_scalar json_serialize json_table json_value
least merge_action national nchar none normalize nullif numeric out overlay position
precision real row setof smallint substring time timestamp treat trim values varchar
xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi
xmlroot xmlserialize xmltable
`;

const words = (list: string): string[] => list.split(/\s+/).filter(Boolean);

/** Words that can never stand bare where SQL expects a column. */
export const RESERVED_KEYWORDS: ReadonlySet<string> = new Set(words(RESERVED));

/** Every keyword an identifier spelled like it must be quoted for. */
export const NON_UNRESERVED_KEYWORDS: ReadonlySet<string> = new Set([...words(RESERVED), ...words(COLUMN_NAME)]);

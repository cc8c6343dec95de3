import type { CatalogObject } from './catalog-guard.js';
import type { PgNode } from './pg-parser.js';

/** How a statement is kept from failing (or doing harm) when its object already is (or is not) there. */
export type Guard =
  /** Its own IF [NOT] EXISTS or OR REPLACE. */
  | { readonly kind: 'clause' }
  /** Inside a DO block's IF that looks the object up in the catalog. */
  | { readonly kind: 'catalog'; readonly checks: ReadonlySet<CatalogObject> }
  /** Inside a PL/pgSQL block whose EXCEPTION handler catches duplicate_object and the like. */
  | { readonly kind: 'exception' }
  /** Under a Python `if` that inspects the database. */
  | { readonly kind: 'inspection' };

export interface QualifiedName {
  readonly schema?: string;
  readonly name: string;
}

/** One DDL action of an executed SQL statement (an ALTER TABLE gives one per subcommand). */
export interface DdlStatement {
  /** `CREATE TABLE`, `ADD COLUMN`, `DROP INDEX`, ... */
  readonly action: string;
  readonly object: string;
  /** The clause PostgreSQL offers for this action, when there is one. */
  readonly clause?: 'IF NOT EXISTS' | 'IF EXISTS' | 'OR REPLACE';
  readonly guard?: Guard;
  readonly concurrently: boolean;
  readonly inDoBlock: boolean;
  /** Character offset of the statement (or its DO block line) in the executed SQL text. */
  readonly offset: number;
  readonly createsEnum?: QualifiedName;
  readonly dropsTypes?: readonly QualifiedName[];
  /** Constraints written inside an ADD COLUMN's definition (CHECK, UNIQUE, ...). */
  readonly inlineConstraints?: readonly string[];
}

type Names = { String: { sval: string } }[];

const names = (list: unknown): string[] => ((list as Names | undefined) ?? []).map((part) => part.String.sval);
const qualified = (list: unknown): QualifiedName => {
  const parts = names(list);
  return parts.length > 1 ? { schema: parts.at(-2)!, name: parts.at(-1)! } : { name: parts[0] ?? '' };
};
const show = (name: QualifiedName): string => (name.schema !== undefined ? `${name.schema}.${name.name}` : name.name);
const relation = (rangeVar: unknown): string => {
  const node = (rangeVar ?? {}) as { schemaname?: string; relname?: string };
  return show({ ...(node.schemaname !== undefined && { schema: node.schemaname }), name: node.relname ?? '' });
};

const OBJECT_WORDS: Readonly<Record<string, string>> = {
  OBJECT_TABLE: 'TABLE',
  OBJECT_INDEX: 'INDEX',
  OBJECT_TYPE: 'TYPE',
  OBJECT_DOMAIN: 'DOMAIN',
  OBJECT_VIEW: 'VIEW',
  OBJECT_MATVIEW: 'MATERIALIZED VIEW',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_SCHEMA: 'SCHEMA',
  OBJECT_EXTENSION: 'EXTENSION',
  OBJECT_FUNCTION: 'FUNCTION',
  OBJECT_PROCEDURE: 'PROCEDURE',
  OBJECT_TRIGGER: 'TRIGGER',
  OBJECT_FOREIGN_TABLE: 'FOREIGN TABLE',
};

const INLINE_CONSTRAINTS: Readonly<Record<string, string>> = {
  CONSTR_CHECK: 'CHECK',
  CONSTR_UNIQUE: 'UNIQUE',
  CONSTR_PRIMARY: 'PRIMARY KEY',
  CONSTR_FOREIGN: 'REFERENCES',
  CONSTR_EXCLUSION: 'EXCLUDE',
};

interface Shape {
  action: string;
  object: string;
  clause?: DdlStatement['clause'];
  /** Whether the statement carries its clause. */
  has?: boolean;
  concurrently?: boolean;
  createsEnum?: QualifiedName;
  dropsTypes?: QualifiedName[];
  inlineConstraints?: string[];
}

function dropObjects(node: PgNode): QualifiedName[] {
  return ((node.objects as unknown[]) ?? []).map((object) => {
    const item = object as { List?: { items: unknown }; TypeName?: { names: unknown }; String?: { sval: string } };
    if (item.List) return qualified(item.List.items);
    if (item.TypeName) return qualified(item.TypeName.names);
    return { name: item.String?.sval ?? '' };
  });
}

function alterTableShapes(node: PgNode): Shape[] {
  const table = relation(node.relation);
  const shapes: Shape[] = [];
  for (const entry of (node.cmds as { AlterTableCmd: PgNode }[]) ?? []) {
    const command = entry.AlterTableCmd;
    const missingOk = command.missing_ok === true;
    switch (command.subtype) {
      case 'AT_AddColumn': {
        const column = (command.def as { ColumnDef: PgNode }).ColumnDef;
        const inline = ((column.constraints as { Constraint: PgNode }[]) ?? [])
          .map((constraint) => INLINE_CONSTRAINTS[constraint.Constraint.contype as string])
          .filter((kind): kind is string => kind !== undefined);
        shapes.push({ action: 'ADD COLUMN', object: `${table}.${column.colname as string}`, clause: 'IF NOT EXISTS', has: missingOk, inlineConstraints: inline });
        break;
      }
      case 'AT_AddConstraint': {
        const constraint = (command.def as { Constraint: PgNode }).Constraint;
        shapes.push({ action: 'ADD CONSTRAINT', object: `${(constraint.conname as string | undefined) ?? '(unnamed)'} on ${table}` });
        break;
      }
      case 'AT_DropColumn':
        shapes.push({ action: 'DROP COLUMN', object: `${table}.${command.name as string}`, clause: 'IF EXISTS', has: missingOk });
        break;
      case 'AT_DropConstraint':
        shapes.push({ action: 'DROP CONSTRAINT', object: `${command.name as string} on ${table}`, clause: 'IF EXISTS', has: missingOk });
        break;
      default:
        break;
    }
  }
  return shapes;
}

/** The DDL actions of one parsed statement; none for statements that are safe to repeat or not DDL. */
function shapesOf(statement: PgNode): Shape[] {
  const [type, body] = Object.entries(statement)[0] as [string, PgNode];
  switch (type) {
    case 'CreateStmt':
      return [{ action: 'CREATE TABLE', object: relation(body.relation), clause: 'IF NOT EXISTS', has: body.if_not_exists === true }];
    case 'CreateTableAsStmt': {
      const into = (body.into as { IntoClause: PgNode }).IntoClause;
      const action = body.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
      return [{ action, object: relation(into.rel), clause: 'IF NOT EXISTS', has: body.if_not_exists === true }];
    }
    case 'ViewStmt':
      return [{ action: 'CREATE VIEW', object: relation(body.view), clause: 'OR REPLACE', has: body.replace === true }];
    case 'CreateSeqStmt':
      return [{ action: 'CREATE SEQUENCE', object: relation(body.sequence), clause: 'IF NOT EXISTS', has: body.if_not_exists === true }];
    case 'CreateSchemaStmt':
      return [{ action: 'CREATE SCHEMA', object: (body.schemaname as string | undefined) ?? '', clause: 'IF NOT EXISTS', has: body.if_not_exists === true }];
    case 'CreateExtensionStmt':
      return [{ action: 'CREATE EXTENSION', object: body.extname as string, clause: 'IF NOT EXISTS', has: body.if_not_exists === true }];
    case 'CreateFunctionStmt': {
      const action = body.is_procedure === true ? 'CREATE PROCEDURE' : 'CREATE FUNCTION';
      return [{ action, object: show(qualified(body.funcname)), clause: 'OR REPLACE', has: body.replace === true }];
    }
    case 'CreateTrigStmt':
      return [{ action: 'CREATE TRIGGER', object: `${body.trigname as string} on ${relation(body.relation)}`, clause: 'OR REPLACE', has: body.replace === true }];
    case 'IndexStmt':
      return [
        {
          action: body.unique === true ? 'CREATE UNIQUE INDEX' : 'CREATE INDEX',
          object: (body.idxname as string | undefined) ?? `(unnamed) on ${relation(body.relation)}`,
          clause: 'IF NOT EXISTS',
          has: body.if_not_exists === true,
          concurrently: body.concurrent === true,
        },
      ];
    case 'CreateEnumStmt': {
      const name = qualified(body.typeName);
      return [{ action: 'CREATE TYPE', object: show(name), createsEnum: name }];
    }
    case 'CompositeTypeStmt':
      return [{ action: 'CREATE TYPE', object: relation(body.typevar) }];
    case 'CreateRangeStmt':
      return [{ action: 'CREATE TYPE', object: show(qualified(body.typeName)) }];
    case 'CreateDomainStmt':
      return [{ action: 'CREATE DOMAIN', object: show(qualified(body.domainname)) }];
    case 'AlterEnumStmt':
      if (body.newVal === undefined || body.oldVal !== undefined) return [];
      return [{ action: 'ADD VALUE', object: `'${body.newVal as string}' to ${show(qualified(body.typeName))}`, clause: 'IF NOT EXISTS', has: body.skipIfNewValExists === true }];
    case 'AlterTableStmt':
      return alterTableShapes(body);
    case 'DropStmt': {
      const word = OBJECT_WORDS[body.removeType as string] ?? String(body.removeType).replace(/^OBJECT_/, '');
      const objects = dropObjects(body);
      const isType = body.removeType === 'OBJECT_TYPE' || body.removeType === 'OBJECT_DOMAIN';
      return [
        {
          action: `DROP ${word}`,
          object: objects.map(show).join(', '),
          clause: 'IF EXISTS',
          has: body.missing_ok === true,
          concurrently: body.concurrent === true,
          ...(isType && { dropsTypes: objects }),
        },
      ];
    }
    case 'ReindexStmt': {
      const concurrently = ((body.params as { DefElem: PgNode }[]) ?? []).some((param) => param.DefElem.defname === 'concurrently');
      // REINDEX is safe to repeat; only its CONCURRENTLY matters here.
      return concurrently ? [{ action: 'REINDEX', object: relation(body.relation) || String(body.name ?? ''), has: true, concurrently }] : [];
    }
    default:
      return [];
  }
}

/** The DDL actions of `statement`, with the guard it has or inherits from where it runs. */
export function ddlStatements(statement: PgNode, offset: number, surrounding: Guard | undefined, inDoBlock: boolean): DdlStatement[] {
  return shapesOf(statement).map((shape) => {
    const guard: Guard | undefined = shape.has ? { kind: 'clause' } : surrounding;
    return {
      action: shape.action,
      object: shape.object,
      ...(shape.clause !== undefined && { clause: shape.clause }),
      ...(guard !== undefined && { guard }),
      concurrently: shape.concurrently === true,
      inDoBlock,
      offset,
      ...(shape.createsEnum && { createsEnum: shape.createsEnum }),
      ...(shape.dropsTypes && { dropsTypes: shape.dropsTypes }),
      ...(shape.inlineConstraints && shape.inlineConstraints.length > 0 && { inlineConstraints: shape.inlineConstraints }),
    };
  });
}

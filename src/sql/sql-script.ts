import { hasNewlineInQuotes } from './sql-lexer.js';
import { statementsOf, type SqlParser } from './sql-parser.js';
import type { SqlStatement } from './statement.js';

export interface ScriptAnalysis {
  readonly statements: readonly SqlStatement[];
  /** What the script destroys or rewrites, for a warning: "DELETE on public.users". */
  readonly destroys: readonly string[];
}

type Node = Record<string, unknown>;

function relationName(relation: unknown): string {
  const node = relation as { schemaname?: string; relname?: string } | undefined;
  return node?.relname ? `${node.schemaname ? `${node.schemaname}.` : ''}${node.relname}` : 'a table';
}

/** Statements PostgreSQL refuses to run inside a transaction block. */
function needsAutocommit(kind: string, node: Node): boolean {
  if (kind === 'IndexStmt' || kind === 'DropStmt') return node.concurrent === true;
  if (kind === 'ReindexStmt') return JSON.stringify(node.params ?? []).includes('"concurrently"');
  return ['VacuumStmt', 'CreatedbStmt', 'DropdbStmt', 'AlterSystemStmt', 'CreateTableSpaceStmt', 'DropTableSpaceStmt'].includes(kind);
}

const CREATE_NAMES: Readonly<Record<string, string>> = {
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  CreateSeqStmt: 'CREATE SEQUENCE',
  CreateSchemaStmt: 'CREATE SCHEMA',
  CreateExtensionStmt: 'CREATE EXTENSION',
};

/**
 * Why re-running this statement after it succeeded once would fail, if it would. Generated
 * migrations must be re-runnable, so raw DDL needs its IF [NOT] EXISTS or OR REPLACE form (or a
 * DO block that checks the catalog, which is the user's own responsibility).
 */
function rerunProblem(kind: string, node: Node): string | undefined {
  switch (kind) {
    case 'TransactionStmt':
      return 'transaction control (BEGIN, COMMIT, ROLLBACK) belongs to Alembic; remove it (statements that cannot run in a transaction are run in an autocommit block automatically)';
    case 'CreateStmt':
    case 'CreateTableAsStmt':
    case 'CreateSeqStmt':
    case 'CreateSchemaStmt':
    case 'CreateExtensionStmt':
      return node.if_not_exists === true ? undefined : `${CREATE_NAMES[kind]} without IF NOT EXISTS fails when run again; add IF NOT EXISTS`;
    case 'IndexStmt':
      return node.if_not_exists === true ? undefined : 'CREATE INDEX without IF NOT EXISTS fails when run again; add IF NOT EXISTS (or use create_index)';
    case 'CreateEnumStmt':
      return 'CREATE TYPE ... AS ENUM fails when run again; use create_enum, which guards it';
    case 'DropStmt':
      return node.missing_ok === true ? undefined : 'DROP without IF EXISTS fails when run again; add IF EXISTS';
    case 'ViewStmt':
      return node.replace === true ? undefined : 'CREATE VIEW fails when run again; use CREATE OR REPLACE VIEW';
    case 'CreateFunctionStmt':
      return node.replace === true ? undefined : 'CREATE FUNCTION fails when run again; use CREATE OR REPLACE FUNCTION';
    case 'RenameStmt':
      return 'RENAME fails when run again; use rename_column, which guards it, or a DO block that checks the catalog';
    case 'AlterTableStmt': {
      for (const command of (node.cmds as { AlterTableCmd: Node }[] | undefined) ?? []) {
        const { subtype, missing_ok: missingOk } = command.AlterTableCmd;
        if ((subtype === 'AT_AddColumn' || subtype === 'AT_DropColumn' || subtype === 'AT_DropConstraint') && missingOk !== true) {
          return `${subtype === 'AT_AddColumn' ? 'ADD COLUMN without IF NOT EXISTS' : 'DROP without IF EXISTS'} fails when run again; add ${subtype === 'AT_AddColumn' ? 'IF NOT EXISTS' : 'IF EXISTS'}`;
        }
        if (subtype === 'AT_AddConstraint') {
          return 'ADD CONSTRAINT fails when run again; use add_check, add_unique or add_foreign_key, which guard it by pg_constraint';
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function destroys(kind: string, node: Node): string | undefined {
  switch (kind) {
    case 'DeleteStmt':
      return `DELETE on ${relationName(node.relation)}`;
    case 'UpdateStmt':
      return `UPDATE on ${relationName(node.relation)}`;
    case 'TruncateStmt':
      return `TRUNCATE of ${((node.relations as { RangeVar: unknown }[] | undefined) ?? []).map((item) => relationName(item.RangeVar)).join(', ')}`;
    case 'DropStmt':
      return `DROP ${String(node.removeType ?? '').replace(/^OBJECT_/, '')}`;
    case 'AlterTableStmt':
      return JSON.stringify(node.cmds ?? []).includes('"AT_DropColumn"') ? `DROP COLUMN on ${relationName(node.relation)}` : undefined;
    default:
      return undefined;
  }
}

/** Splits a user's SQL into statements with PostgreSQL's parser and says what each needs. */
export function analyzeScript(parser: SqlParser, text: string): ScriptAnalysis | { problem: string } {
  if (text.trim() === '') return { problem: 'must not be empty' };
  if (text.includes('\u0000')) return { problem: 'must not contain a NUL character' };
  const result = parser.parse(text);
  if ('error' in result) {
    const before = result.position === undefined ? '' : Buffer.from(text, 'utf8').subarray(0, result.position).toString('utf8');
    const line = before.split('\n').length;
    return { problem: `is not valid SQL: ${result.error}${result.position === undefined ? '' : ` (line ${line})`}` };
  }
  const statements: SqlStatement[] = [];
  const destroyed: string[] = [];
  for (const { text: sql, stmt } of statementsOf(result.tree, text)) {
    const [kind, node] = Object.entries(stmt)[0] as [string, Node];
    const problem = rerunProblem(kind, node);
    if (problem) return { problem: `${problem}: ${sql.split('\n')[0]}` };
    const destruction = destroys(kind, node);
    if (destruction) destroyed.push(destruction);
    const changesSchema = !['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'VacuumStmt', 'VariableSetStmt'].includes(kind);
    statements.push({ sql, autocommit: needsAutocommit(kind, node), verbatim: hasNewlineInQuotes(sql), changesSchema });
  }
  if (statements.length === 0) return { problem: 'has no SQL statement (only comments?)' };
  return { statements, destroys: destroyed };
}

import type { SqlParser } from './sql-parser.js';
import { qualify, quoteIdent } from './identifiers.js';
import type { ForeignKeyShape } from './shape-checks.js';
import { hasNewlineInQuotes, sqlTokens } from './sql-lexer.js';

// Shapes read back from definitions the schema model or a spec holds as text, for the shape
// checks: a foreign key's parts from PostgreSQL's parser, an index's from its CREATE INDEX.

const ACTIONS: Readonly<Record<string, string>> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

interface ConstraintNode {
  contype?: string;
  pktable?: { schemaname?: string; relname: string };
  fk_attrs?: { String: { sval: string } }[];
  pk_attrs?: { String: { sval: string } }[];
  fk_matchtype?: string;
  fk_upd_action?: string;
  fk_del_action?: string;
  deferrable?: boolean;
  initdeferred?: boolean;
}

const names = (list: { String: { sval: string } }[] | undefined): string[] | undefined => list?.map((item) => item.String.sval);

/** The foreign key a constraint definition (`FOREIGN KEY (a) REFERENCES t (id) ...`) holds; undefined for any other constraint. */
export function foreignKeyShapeOf(parser: SqlParser, definition: string): ForeignKeyShape | undefined {
  const parsed = parser.parse(`ALTER TABLE t ADD CONSTRAINT c ${definition}`);
  if ('error' in parsed) return undefined;
  const command = (parsed.tree.stmts?.[0]?.stmt.AlterTableStmt as { cmds?: { AlterTableCmd: { def?: { Constraint?: ConstraintNode } } }[] } | undefined)?.cmds?.[0];
  const node = command?.AlterTableCmd.def?.Constraint;
  if (node?.contype !== 'CONSTR_FOREIGN' || !node.pktable) return undefined;
  const { schemaname, relname } = node.pktable;
  const refColumns = names(node.pk_attrs);
  return {
    columns: names(node.fk_attrs) ?? [],
    references: schemaname === undefined ? quoteIdent(relname) : qualify(schemaname, relname),
    ...(refColumns && { refColumns }),
    onDelete: ACTIONS[node.fk_del_action ?? 'a'] ?? 'NO ACTION',
    onUpdate: ACTIONS[node.fk_upd_action ?? 'a'] ?? 'NO ACTION',
    ...(node.fk_matchtype === 'f' && { matchFull: true }),
    ...(node.deferrable && { deferrable: true }),
    ...(node.initdeferred && { deferred: true }),
  };
}

/** A CREATE [UNIQUE] INDEX statement's uniqueness and its definition from USING on, as the index check takes them. */
export function indexShapeOf(createIndex: string): { unique: boolean; definition: string } | undefined {
  const words = [...sqlTokens(createIndex)].filter((token) => token.kind === 'word');
  const using = words.find((token) => createIndex.slice(token.start, token.end).toUpperCase() === 'USING');
  if (!using) return undefined;
  const definition = createIndex.slice(using.start).trim();
  // One line, as the check passes it, unless a line break is part of quoted text.
  return { unique: /^\s*CREATE\s+UNIQUE\s/i.test(createIndex), definition: hasNewlineInQuotes(definition) ? definition : definition.replace(/\s*\n\s*/g, ' ') };
}

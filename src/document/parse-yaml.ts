import { childPath, DocumentError, MAX_DEPTH, numberProblem } from './document-error.js';

type YamlModule = typeof import('yaml');
type YamlNode = import('yaml').Node | import('yaml').Pair | null | undefined;

/** At most this many alias expansions: enough for any spec that reuses a column, far from a billion laughs. */
const MAX_ALIASES = 100;

/** The path of the deepest node whose source range holds `offset`: where a syntax error is. */
function pathAt(yaml: YamlModule, node: YamlNode, offset: number, path = '', depth = 0): string {
  if (depth > MAX_DEPTH || !node || !('range' in node)) return path;
  if (yaml.isMap(node) || yaml.isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      const pair = yaml.isPair(item) ? item : undefined;
      const value = pair ? (pair.value as YamlNode) : (item as YamlNode);
      const key = pair ? String(yaml.isScalar(pair.key) ? pair.key.value : pair.key) : index;
      const start = pair && yaml.isNode(pair.key) ? pair.key.range?.[0] : value && 'range' in value ? value.range?.[0] : undefined;
      const end = value && 'range' in value ? value.range?.[2] : undefined;
      // An unclosed flow collection's error sits at its very end: it is still inside.
      const inside = end === undefined || offset < end || (offset === end && (yaml.isMap(value) || yaml.isSeq(value)));
      if (start !== undefined && offset >= start && inside) return pathAt(yaml, value, offset, childPath(path, key), depth + 1);
    }
  }
  return path;
}

/** Scalars that YAML reads as another value than their text: `.inf`, `1.50`, `0x1f`, `TRUE`. */
function checkScalars(yaml: YamlModule, node: YamlNode, path: string, depth: number): void {
  if (!node || depth > MAX_DEPTH) return;
  if (yaml.isScalar(node)) {
    const source = node.source as unknown;
    if (typeof source !== 'string' || node.type !== 'PLAIN') return;
    if (typeof node.value === 'number') {
      const problem = numberProblem(node.value, source);
      if (problem !== undefined) throw new DocumentError(path, problem);
    } else if (typeof node.value === 'boolean' && String(node.value) !== source) {
      throw new DocumentError(path, `${source} reads as ${String(node.value)}; write ${String(node.value)}, or quote it ("${source}") if you mean the text`);
    }
    return;
  }
  if (yaml.isMap(node) || yaml.isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      if (yaml.isPair(item)) {
        const key = String(yaml.isScalar(item.key) ? item.key.value : item.key);
        checkScalars(yaml, item.value as YamlNode, childPath(path, key), depth + 1);
      } else {
        checkScalars(yaml, item as YamlNode, childPath(path, index), depth + 1);
      }
    }
  }
}

/**
 * YAML 1.2 (JSON is a subset), read so that what a spec says is what it means: keys unique,
 * aliases limited (no billion laughs), scalars that would not read back as written refused, and
 * a syntax error placed in the field it is in.
 */
export async function parseYaml(text: string): Promise<unknown> {
  // The YAML parser is loaded only for YAML: a JSON spec (as scripts often write) skips it.
  const imported = await import('yaml');
  // Bundled, the package is CommonJS and its exports sit on `default`; unbundled they are named.
  const yaml = ((imported as { default?: YamlModule }).default ?? imported) as YamlModule;
  let document: import('yaml').Document.Parsed;
  try {
    document = yaml.parseDocument(text, { uniqueKeys: true, strict: true, prettyErrors: true });
  } catch (error) {
    if (error instanceof RangeError) throw new DocumentError('', 'is nested too deeply to read');
    throw error;
  }
  const error = document.errors[0];
  if (error) {
    const where = error.linePos ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})` : '';
    const path = pathAt(yaml, document.contents, error.pos[0]);
    if (error.message.includes('Maximum call stack')) throw new DocumentError(path, `is nested more than ${MAX_DEPTH} levels deep`);
    throw new DocumentError(path, `is not valid YAML${where}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  checkScalars(yaml, document.contents, '', 0);
  try {
    return document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (error instanceof ReferenceError) throw new DocumentError('', `expands its aliases (*name) more than ${MAX_ALIASES} times, as a billion-laughs attack does`);
    if (error instanceof RangeError) throw new DocumentError('', 'is nested too deeply to read');
    throw error;
  }
}

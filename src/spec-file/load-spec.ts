import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { SpecError, UsageError } from '../errors.js';

/** Reads a spec file (YAML, or JSON by extension) or standard input (`-`, read as YAML). */
export async function loadSpec(source: string, readStdin: () => string): Promise<unknown> {
  let text: string;
  if (source === '-') {
    text = readStdin();
  } else {
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `spec file ${source} does not exist` : `cannot read spec file ${source}: ${(error as Error).message}`);
    }
  }
  const name = source === '-' ? 'standard input' : source;
  if (extname(source).toLowerCase() === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new SpecError([{ path: '', message: `${name} is not valid JSON: ${(error as Error).message}` }]);
    }
  }
  // The YAML parser is loaded only for YAML: a JSON spec (as scripts often write) skips it.
  const yamlModule = await import('yaml');
  // Bundled, the package is CommonJS and its exports sit on `default`; unbundled they are named.
  const { parse: parseYaml, YAMLParseError } = yamlModule.default ?? yamlModule;
  try {
    return parseYaml(text, { uniqueKeys: true, prettyErrors: true, strict: true }) as unknown;
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})` : '';
      throw new SpecError([{ path: '', message: `${name} is not valid YAML${where}: ${error.message.split('\n')[0]}` }]);
    }
    throw error;
  }
}

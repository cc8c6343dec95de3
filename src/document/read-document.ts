import { extname } from 'node:path';
import { FileProblem } from '../fs/file-problem.js';
import { readRegularFile } from '../fs/read-regular-file.js';
import { decodeUtf8 } from '../text/utf8.js';
import { DocumentError } from './document-error.js';
import { parseJson } from './parse-json.js';
import { parseYaml } from './parse-yaml.js';
import { checkPlainValue } from './plain-value.js';

/** A spec is a page or two of text; a megabyte is a mistake (or /dev/urandom), not a spec. */
export const MAX_SPEC_BYTES = 1024 * 1024;

/** The bytes of a spec file: a regular file of at most MAX_SPEC_BYTES (a FIFO or a device is refused, never waited on). */
export function readSpecFile(path: string): Buffer {
  return readRegularFile(path, MAX_SPEC_BYTES);
}

/**
 * The plain value a spec document holds: strict UTF-8, then JSON (by the name's extension) or
 * YAML, then checked to be plain data. A DocumentError says where it is not.
 */
export async function parseDocument(bytes: Uint8Array, name: string): Promise<unknown> {
  const decoded = decodeUtf8(bytes);
  if ('problem' in decoded) throw new DocumentError('', `${decoded.problem}; save it as UTF-8`);
  const value = extname(name).toLowerCase() === '.json' ? parseJson(decoded.text) : await parseYaml(decoded.text);
  checkPlainValue(value);
  return value;
}

export { DocumentError, FileProblem };

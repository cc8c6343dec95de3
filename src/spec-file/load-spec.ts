import { DocumentError, FileProblem, MAX_SPEC_BYTES, parseDocument, readSpecFile } from '../document/read-document.js';
import { SpecError, UsageError } from '../errors.js';

/**
 * Reads a spec file (YAML, or JSON by extension) or standard input (`-`, read as YAML): a regular
 * file or a pipe of at most a megabyte, strict UTF-8, every problem named by its field.
 */
export async function loadSpec(source: string, readStdin: (maxBytes: number) => Uint8Array): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = source === '-' ? readStdin(MAX_SPEC_BYTES) : readSpecFile(source);
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    if (error.code === 'ENOENT') throw new UsageError(`spec file ${source} does not exist`);
    throw new UsageError(`cannot use ${source === '-' ? 'standard input' : `spec file ${source}`} as a spec: it ${error.reason}${source === '-' ? '' : '; to pipe a spec, use --spec - and standard input'}`);
  }
  const name = source === '-' ? 'standard input' : source;
  try {
    return await parseDocument(bytes, source === '-' ? 'standard-input.yaml' : source);
  } catch (error) {
    if (error instanceof DocumentError) throw new SpecError([{ path: error.path, message: error.path ? error.message : `${name} ${error.message}` }]);
    throw error;
  }
}

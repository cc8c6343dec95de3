import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeFromHistory, writeComposed } from '../../src/generate/write-migration.js';
import { historyFiles, readHistory } from '../../src/history/read-history.js';
import { BUILT_IN_DEFAULTS } from '../../src/spec-file/read-spec.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/versions');
const SPEC = { message: 'add nickname', operations: [{ op: 'add_column', table: 'users', column: { name: 'nickname', type: 'text' } }] };

/** A copy of the example history, read as the wizard reads it when it starts. */
async function preview() {
  const directory = join(mkdtempSync(join(tmpdir(), 'cm-preview-')), 'versions');
  cpSync(EXAMPLES, directory, { recursive: true });
  const history = readHistory([directory], false);
  const files = historyFiles(history);
  const versions = { directories: [directory], recursive: false, source: '--dir' };
  const settings = { cwd: directory, versions, defaults: BUILT_IN_DEFAULTS };
  const composed = await composeFromHistory(SPEC, history, { settings, date: '2025-11-22 12:00:00.000000' });
  return { directory, versions, files, composed };
}

describe('the previewed file', () => {
  it('is written exactly as composed, next in the chain', async () => {
    const { versions, files, composed } = await preview();
    await writeComposed(versions, composed, files);
    expect(readFileSync(composed.path, 'utf8')).toBe(composed.content);
    expect(composed.fileName).toBe('003_add_nickname.py');
    expect(composed.content).toContain('down_revision = "002_create_assets"');
  });

  it('is not written when a migration appeared since the history was read: its number and parent would be wrong', async () => {
    const { directory, versions, files, composed } = await preview();
    writeFileSync(join(directory, '003_other.py'), 'revision = "003_other"\ndown_revision = "002_create_assets"\n');
    await expect(writeComposed(versions, composed, files)).rejects.toThrow(
      'the versions directory changed since the preview (003_other.py added); nothing was written: run create-migration again',
    );
    expect(readdirSync(directory).filter((name) => name.endsWith('.py')).sort()).toEqual([...files, '003_other.py'].sort());
  });
});

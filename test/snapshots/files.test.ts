import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** What `generate --dry-run` prints for `spec` after the example history: the file, and the lock summary (standard error). */
function generated(spec: string | object): { text: string; locks: string } {
  const directory = mkdtempSync(join(tmpdir(), 'cm-snapshot-'));
  cpSync(join(ROOT, 'examples/versions'), join(directory, 'versions'), { recursive: true });
  const specPath = join(directory, typeof spec === 'string' ? 'spec.yaml' : 'spec.json');
  writeFileSync(specPath, typeof spec === 'string' ? spec : JSON.stringify(spec));
  const result = runCli(['generate', '--spec', specPath, '--dir', join(directory, 'versions'), '--dry-run'], { cwd: directory });
  expect(result.stderr).toMatch(/^Locks taken by the upgrade:\n/);
  return { text: result.stdout, locks: result.stderr };
}

const render = (spec: string | object): string => generated(spec).text;

describe('whole generated files', () => {
  it('the README example, and its lock summary', async () => {
    const { text, locks } = generated(readFileSync(join(ROOT, 'examples/add-user-preferences.yaml'), 'utf8'));
    await expect(text).toMatchFileSnapshot('__snapshots__/003_add_user_preferences.py');
    await expect(locks).toMatchFileSnapshot('__snapshots__/003_add_user_preferences.locks.txt');
    // The README shows the start of this very file.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const shown = /```python\n([\s\S]*?)\n    \.\.\.\n```/.exec(readme)![1]!;
    expect(text.startsWith(shown)).toBe(true);
  });

  it.each(readdirSync(join(ROOT, 'examples/history')))('examples/history/%s', async (name) => {
    const directory = mkdtempSync(join(tmpdir(), 'cm-snapshot-'));
    const result = runCli(['generate', '--spec', join(ROOT, 'examples/history', name), '--dir', directory, '--dry-run'], { cwd: directory });
    await expect(result.stdout).toMatchFileSnapshot(`__snapshots__/${name.replace('.yaml', '.py')}`);
  });

  it('an index built concurrently, with its repair step and autocommit blocks', async () => {
    const text = render({ message: 'index events by time', operations: [{ op: 'create_index', table: 'events', columns: [{ name: 'created_at', order: 'desc' }] }] });
    await expect(text).toMatchFileSnapshot('__snapshots__/concurrent_index.py');
  });

  it('NOT NULL on a live table: a batched backfill, a validated CHECK, SET NOT NULL, each in its own transaction; a timeout spec', async () => {
    const text = render({
      message: 'require nicknames',
      statement_timeout: '30s',
      operations: [{ op: 'alter_column', table: 'users', column: 'nickname', nullable: false, backfill: "'anonymous'" }],
    });
    await expect(text).toMatchFileSnapshot('__snapshots__/not_null_on_live_table.py');
  });

  it('names that need quoting and text that needs escaping', async () => {
    const text = render({
      message: 'quote "user" and it\'s :name',
      schema: 'Order',
      operations: [
        { op: 'create_enum', name: 'user', values: ["it's", ':name', '$$', 'back\\slash'] },
        { op: 'create_table', table: 'select', columns: [{ name: 'from', type: 'user', nullable: false, server_default: "':name'" }] },
      ],
    });
    await expect(text).toMatchFileSnapshot('__snapshots__/quoting.py');
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { insertStamp, restamp, unchangedSinceWritten } from '../../src/render/stamp.js';

const UNGUARDED = `revision = "001_a"
down_revision = None


def upgrade() -> None:
    op.execute("CREATE TABLE t (id bigint)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS t")
`;
const STAMP_AT = UNGUARDED.indexOf('\n\n') + 1;

describe('stamps', () => {
  it('name the version that wrote a file while every byte of the rest is as written', () => {
    const stamped = insertStamp(UNGUARDED, STAMP_AT, '1.2.3');
    expect(stamped.split('\n')[2]).toMatch(/^# create-migration 1\.2\.3 wrote this file; check trusts it while the rest matches digest [0-9a-f]{32}$/);
    expect(unchangedSinceWritten(stamped)).toBe('1.2.3');
    expect(unchangedSinceWritten(stamped.replace('id bigint', 'id  bigint'))).toBeUndefined();
    expect(unchangedSinceWritten(stamped.replace('1.2.3 wrote', '9.9.9 wrote'))).toBeUndefined();
    expect(unchangedSinceWritten(`${stamped}\n`)).toBeUndefined();
    expect(unchangedSinceWritten(UNGUARDED)).toBeUndefined();
  });

  it('are renewed after renumbering only where they were intact, and only for the running version', () => {
    const stamped = insertStamp(UNGUARDED, STAMP_AT, '1.2.3');
    const renumber = (text: string): string => text.replaceAll('001_a', '007_a');
    expect(unchangedSinceWritten(restamp(stamped, renumber(stamped), '1.2.3'))).toBe('1.2.3');
    const edited = stamped.replace('id bigint', 'id text');
    expect(unchangedSinceWritten(restamp(edited, renumber(edited), '1.2.3'))).toBeUndefined();
    expect(unchangedSinceWritten(restamp(stamped, renumber(stamped), '1.2.4'))).toBeUndefined();
  });

  describe('in check', () => {
    const directory = mkdtempSync(join(tmpdir(), 'cm-stamps-'));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));
    writeFileSync(join(directory, '001_a.py'), insertStamp(UNGUARDED, STAMP_AT, '1.2.3'));

    it('spare a file the running version wrote from parsing', async () => {
      const result = await runCheck(directory, { trustStampsOf: '1.2.3' });
      expect(result).toMatchObject({ files: 1, unedited: 1, findings: [] });
    });

    it('are not trusted from another version, nor when not asked to be', async () => {
      for (const options of [{ trustStampsOf: '1.2.4' }, {}]) {
        const result = await runCheck(directory, options);
        expect(result.unedited).toBe(0);
        expect(result.findings.map((finding) => finding.rule)).toContain('unguarded-sql');
      }
    });
  });
});

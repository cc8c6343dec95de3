import type { Plan } from '../migration/plan.js';
import { UsageError } from '../errors.js';
import { UNSAFE_CHARACTERS } from '../text/unsafe-characters.js';
import { pythonString, renderBody, renderHelperFunctions, tripleQuoted } from './python-source.js';
import { insertStamp } from './stamp.js';
import { renderTemplate } from './templates.js';
import { SPEC_MARKER } from './spec-marker.js';

export interface FileHeader {
  readonly message: string;
  readonly revision: string;
  readonly downRevision: string | null;
  readonly createDate: string;
  readonly spec: Readonly<Record<string, unknown>>;
  /** The version of create-migration writing the file, for its stamp. */
  readonly version: string;
}

export { SPEC_MARKER };

/** JSON's escape for each UTF-16 unit of `character` (an astral one takes two). */
function jsonEscape(character: string): string {
  return [...Array(character.length).keys()].map((index) => `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`).join('');
}

/**
 * One line of JSON for a comment: every character that is unsafe raw in a file (line and
 * paragraph separators, bidirectional controls, zero-width spaces, ...) written as a JSON
 * escape, so no reader splits the line and JSON.parse gives back exactly the spec.
 */
function specJson(spec: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(spec).replace(UNSAFE_CHARACTERS, jsonEscape);
}

/** Alembic writes its date with Python's datetime, whose years end at 9999. */
const LAST_EPOCH_SECOND = 253_402_300_799;

/** The date line Alembic writes (`2026-11-22 12:04:27.123456`); SOURCE_DATE_EPOCH fixes it, in UTC. */
export function createDate(now: Date, sourceDateEpoch: string | undefined): string {
  const fixed = sourceDateEpoch !== undefined && sourceDateEpoch !== '';
  if (fixed && !(/^\d{1,12}$/.test(sourceDateEpoch) && Number(sourceDateEpoch) <= LAST_EPOCH_SECOND)) {
    throw new UsageError(
      `SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, at most ${LAST_EPOCH_SECOND} (9999-12-31), not ${pythonString(sourceDateEpoch)}`,
    );
  }
  const date = fixed ? new Date(Number(sourceDateEpoch) * 1000) : now;
  const part = (value: number, width = 2): string => String(value).padStart(width, '0');
  const [year, month, day, hour, minute, second] = fixed
    ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
  const micro = fixed ? 0 : date.getMilliseconds() * 1000;
  return `${year}-${part(month)}-${part(day)} ${part(hour)}:${part(minute)}:${part(second)}.${part(micro, 6)}`;
}

/** The file's text, its stamp last in the spec block (after the spec line). */
export function renderMigrationFile(header: FileHeader, plan: Plan): string {
  const text = renderTemplate('migration.py.hbs', {
    docstringMessage: tripleQuoted(header.message),
    revision: tripleQuoted(header.revision),
    downRevision: header.downRevision === null ? '' : tripleQuoted(header.downRevision),
    createDate: header.createDate,
    revisionLiteral: pythonString(header.revision),
    downRevisionLiteral: header.downRevision === null ? 'None' : pythonString(header.downRevision),
    specMarker: SPEC_MARKER,
    specJson: specJson(header.spec),
    upgradeBody: renderBody(plan.upgrade, plan.settings),
    downgradeBody: renderBody(plan.downgrade, plan.settings),
    helperFunctions: renderHelperFunctions(plan.helpers),
  });
  const specLine = text.indexOf('\n', text.indexOf(SPEC_MARKER)) + 1;
  return insertStamp(text, text.indexOf('\n', specLine) + 1, header.version);
}

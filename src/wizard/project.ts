import { findParent } from '../generate/compose.js';
import { historyFiles, readHistory, type History } from '../history/read-history.js';
import { schemaKnowledge } from '../known-schema/knowledge.js';
import { loadProjectSettings, type ProjectSettings, type SettingFlags } from '../project/settings.js';
import { createDate } from '../render/migration-file.js';
import type { SchemaModel } from '../schema/model.js';
import { loadSqlParser } from '../sql/sql-parser.js';
import type { WizardProject } from './flow.js';

/** The schema the history's specs build, which prompts consult (types, what a drop can restore). */
export async function knownSchema(settings: ProjectSettings, history: History = readHistory(settings.versions.directories, settings.versions.recursive)): Promise<SchemaModel> {
  const { knowledge } = await schemaKnowledge(history.revisions, { defaults: settings.defaults });
  return knowledge.model;
}

/**
 * The wizard's project in `settings.cwd`, printing with `print`. A history that cannot take a
 * new migration (several heads, a broken link) is refused here, before the first question.
 */
export async function wizardProject(settings: ProjectSettings, env: Readonly<Record<string, string | undefined>>, print: (text: string) => void): Promise<WizardProject> {
  const history = readHistory(settings.versions.directories, settings.versions.recursive);
  const files = historyFiles(history);
  findParent(history);
  const model = knownSchema(settings, history);
  // Awaited after the first question; until then a failure must not count as unhandled.
  model.catch(() => undefined);
  return {
    settings,
    history,
    files,
    model,
    sql: await loadSqlParser(),
    date: () => createDate(new Date(), env.SOURCE_DATE_EPOCH),
    print,
  };
}

/** For plop: the project plop writes into (its destination), read when a generator first runs. */
export function lazyProject(cwd: () => string, flags: SettingFlags = {}): () => Promise<WizardProject> {
  let project: Promise<WizardProject> | undefined;
  return () => {
    project ??= wizardProject(loadProjectSettings(cwd(), flags), process.env, (text) => process.stdout.write(text));
    return project;
  };
}

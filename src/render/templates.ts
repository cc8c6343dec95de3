import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { packageRoot } from '../package-root.js';

// One private Handlebars instance: no helpers leak in or out, no HTML escaping (this is Python
// source), and strict mode, so a missing value is an error instead of an empty string.
const handlebars = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

export function renderTemplate(name: string, context: object): string {
  let template = compiled.get(name);
  if (!template) {
    const source = readFileSync(join(packageRoot(), 'templates', name), 'utf8');
    template = handlebars.compile(source, { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(context);
}

import type { NamingConvention } from '../sql/derived-names.js';
import type { Comparison, ModelType } from './comparison.js';
import type { EnumChanges } from './enum-changes.js';
import type { Findings } from './findings.js';
import { specType } from './spec-type.js';

/** What turning one comparison into a spec shares across its changes. */
export class Translation {
  /** Types the spec must list in extension_types, in first-use order. */
  readonly extensionTypes = new Set<string>();

  constructor(
    readonly schema: string,
    readonly comparison: Comparison,
    readonly findings: Findings,
    readonly enums: EnumChanges,
    readonly naming: NamingConvention,
  ) {}

  /** The spec's text for a model type, or undefined after refusing it on behalf of `owner`. */
  type(type: ModelType, owner: string): string | undefined {
    const result = specType(type, this.schema, this.comparison.types);
    if ('problem' in result) {
      this.findings.refuse(owner, result.problem);
      return undefined;
    }
    if (result.extensionType !== undefined) this.extensionTypes.add(result.extensionType);
    return result.text;
  }

  /** A referenced table's schema, left out of the spec when it is the spec's own. */
  otherSchema(schema: string): { schema?: string } {
    return schema === this.schema ? {} : { schema };
  }
}

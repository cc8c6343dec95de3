import type { SpecProblem } from '../errors.js';
import { operationKind, type Operation } from '../operations/registry.js';

/** Two operations of one spec that would create the same object: the second would silently do nothing. */
export function findNameClashes(operations: readonly Operation[], paths: readonly string[]): SpecProblem[] {
  const owners = new Map<string, number>();
  const problems: SpecProblem[] = [];
  operations.forEach((operation, index) => {
    for (const claim of operationKind(operation).claims(operation)) {
      const owner = owners.get(claim.key);
      if (owner !== undefined && owner !== index) {
        problems.push({ path: paths[index]!, message: `${claim.what} is also created by ${paths[owner]}; each object must be created once (give one of them another name)` });
      } else if (owner === undefined) {
        owners.set(claim.key, index);
      }
    }
  });
  return problems;
}

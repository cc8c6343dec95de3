/**
 * "Did you mean" for every name a user types: spec fields, types, column flags, commands, options.
 */

/** Edit distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let x = 1; x <= a.length; x += 1) {
    let previous = row[0]!;
    row[0] = x;
    for (let y = 1; y <= b.length; y += 1) {
      const current = row[y]!;
      row[y] = Math.min(row[y]! + 1, row[y - 1]! + 1, previous + (a[x - 1] === b[y - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** Up to three candidates close to `word`, nearest first. */
export function nearest(word: string, candidates: Iterable<string>): string[] {
  const limit = Math.max(2, Math.floor(word.length / 3));
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, distance: editDistance(word, candidate) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

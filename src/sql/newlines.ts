/** The offset of every newline of `text`, in order. */
export function newlineOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) offsets.push(at);
  return offsets;
}

/** How many of the sorted `newlines` come before `offset`: its 0-based line. */
export function newlinesBefore(newlines: readonly number[], offset: number): number {
  let low = 0;
  let high = newlines.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (newlines[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

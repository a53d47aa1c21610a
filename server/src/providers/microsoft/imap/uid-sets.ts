/**
 * UID sets as IMAP writes them (RFC 3501 §9 `sequence-set`): `1:5,9,12:14`. A long list is sent
 * compacted into ranges, so a batch of 500 UIDs is a short command.
 */
export function uidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** `uids` newest (highest) first, in batches of at most `size`. */
export function newestFirstBatches(uids: readonly number[], size: number): number[][] {
  const sorted = [...new Set(uids)].sort((a, b) => b - a);
  const batches: number[][] = [];
  for (let i = 0; i < sorted.length; i += size) batches.push(sorted.slice(i, i + size));
  return batches;
}

// Which snapshots to drop when they use more memory than allowed. Pure policy:
//   - never drop pinned ones (the start of the program, user checkpoints);
//   - keep a logarithmic ladder of automatic ones: the youngest, then one per doubling of
//     age (ages 0, 1, 2-3, 4-7, 8-15 ... after the youngest), so recent history is dense
//     and old history sparse (going back far costs a longer replay, going back a little
//     is what users do most);
//   - drop the rest first, oldest first; then, if still over budget, ladder rungs oldest
//     first.

export interface RetentionCandidate {
  id: string;
  bytes: number;
  /** Any unit that grows with age (ms since taken, commands since taken...). */
  age: number;
  /** Never dropped: the program's start, user checkpoints. */
  pinned?: boolean;
}

/** Ids to drop, in drop order, so that the total fits `budgetBytes` (as far as unpinned ones allow). */
export function snapshotsToDrop(candidates: readonly RetentionCandidate[], budgetBytes: number): string[] {
  let total = candidates.reduce((sum, c) => sum + c.bytes, 0);
  if (total <= budgetBytes) return [];
  const automatic = candidates.filter((c) => !c.pinned).sort((a, b) => a.age - b.age);
  if (automatic.length === 0) return [];
  const youngest = automatic[0].age;
  const rungs = new Set<string>();
  const seenBands = new Set<number>();
  for (const c of automatic) {
    const distance = c.age - youngest;
    const band = distance <= 0 ? 0 : Math.floor(Math.log2(distance)) + 1; // 0 | 1 | 2-3 | 4-7 | ...

    if (!seenBands.has(band)) { seenBands.add(band); rungs.add(c.id); }
  }
  const oldestFirst = [...automatic].reverse();
  const order = [...oldestFirst.filter((c) => !rungs.has(c.id)), ...oldestFirst.filter((c) => rungs.has(c.id))];
  const dropped: string[] = [];
  for (const c of order) {
    if (total <= budgetBytes) break;
    dropped.push(c.id);
    total -= c.bytes;
  }
  return dropped;
}

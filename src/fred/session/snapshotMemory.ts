// What a snapshot really costs in memory. A frozen copy shares every page with the live
// program until one of them writes it, so its resident size (what a snapshot is first
// counted at) is far too high: a 512 MiB program stepped line by line has snapshots of a
// few pages each, and counting 512 MiB each kept only 3 of them under a 2 GiB budget.
// The pages only the copy maps are what dropping it frees. Once a newer snapshot exists,
// the program's later writes no longer make pages private to the older copy (the newer
// one shares them), so measuring then gives a lasting figure.
import * as fs from 'fs';

/**
 * Bytes held by process pid alone (kernel's Private_Clean + Private_Dirty + VmPTE), undefined
 * when it cannot be read. Costs the kernel a page-table walk (~10 ms at 512 MiB here),
 * done on node's thread pool, so callers need not wait.
 */
export async function exclusiveBytes(pid: number): Promise<number | undefined> {
  let text: string;
  try {
    // page tables are the copy's own too: ~1 MiB per 512 MiB mapped, 1000 copies = 1 GiB
    text = (await fs.promises.readFile(`/proc/${pid}/smaps_rollup`, 'utf8')) + (await fs.promises.readFile(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);
  const bytes = (kib('Private_Clean') + kib('Private_Dirty') + kib('VmPTE')) * 1024;
  return Number.isFinite(bytes) ? bytes : undefined;
}

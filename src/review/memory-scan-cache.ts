/**
 * A scan cache that lives for one run, for `--no-cache` reviews: the two trees of a change share
 * most files, and a file whose content is unchanged is scanned once, not twice.
 */
import type { ScanCache, ScannedSource } from '../source/scan.js';

export class MemoryScanCache implements ScanCache {
  private readonly entries = new Map<string, ScannedSource>();

  get(hash: string, path: string): ScannedSource | undefined {
    const e = this.entries.get(hash);
    if (!e || e.path === path) return e;
    // The same content under another name (a renamed or copied file): the facts carry the path.
    return {
      ...e,
      path,
      touchpoints: e.touchpoints.map((t) => ({ ...t, path })),
      ...(e.c ? { c: { ...e.c, path } } : {}),
      ...(e.nasm ? { nasm: { ...e.nasm, path } } : {}),
    };
  }

  set(entry: ScannedSource): void {
    this.entries.set(entry.hash, entry);
  }
}

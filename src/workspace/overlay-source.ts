/**
 * A tree seen through a layer of in-memory changes: files written or deleted in the layer hide the
 * underlying tree's, every other file reads through. `ccguard review` applies patches this way, so
 * the user's checkout is only ever read.
 */
import { type FileSource, isSkippedDir } from './file-source.js';

export class OverlaySource implements FileSource {
  readonly label: string;
  private files: readonly string[] | undefined;

  constructor(
    private readonly under: FileSource,
    /** Path → new bytes, or null for a file the layer deletes. */
    private readonly layer: ReadonlyMap<string, Uint8Array | null>,
    label?: string,
  ) {
    this.label = label ?? under.label;
  }

  readBytes(rel: string): Uint8Array | undefined {
    if (this.layer.has(rel)) return this.layer.get(rel) ?? undefined;
    return this.under.readBytes(rel);
  }

  readUtf8(rel: string): string | undefined {
    // Layer files go through readBytes, which decodes them with every check.
    if (this.layer.has(rel) || !this.under.readUtf8) return undefined;
    return this.under.readUtf8(rel);
  }

  isFile(rel: string): boolean {
    if (this.layer.has(rel)) return this.layer.get(rel) != null;
    return this.under.isFile(rel);
  }

  listFiles(): readonly string[] {
    if (this.files) return this.files;
    const set = new Set(this.under.listFiles());
    for (const [rel, bytes] of this.layer) {
      if (bytes === null) set.delete(rel);
      else if (!rel.split('/').slice(0, -1).some(isSkippedDir)) set.add(rel);
    }
    // The same order as the other sources (UTF-16 code units), so the workspace sees no difference.
    this.files = [...set].sort();
    return this.files;
  }

  stat(rel: string): { readonly size: number; readonly mtimeMs: number } | undefined {
    // A changed file has no stat: the scan cache then keys it by content, never by a stale mtime.
    return this.layer.has(rel) ? undefined : this.under.stat?.(rel);
  }
}

/**
 * Where a tree's bytes come from. The analysis never touches the disk directly, so that the same
 * pipeline runs on a checkout, on a commit read from git, or on a patched tree in memory, and so
 * that nothing can ever write into the analysed tree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileSource {
  /** A label for messages (the root folder, `git:<rev>`, …). */
  readonly label: string;
  /** Bytes of a root-relative `/` path, or undefined if there is no such file. */
  readBytes(rel: string): Uint8Array | undefined;
  /** Whether a root-relative path names a file. */
  isFile(rel: string): boolean;
  /** Every file below the root, root-relative, sorted; hidden folders and build output skipped. */
  listFiles(): readonly string[];
}

/** Folders never worth walking: VCS data, build output, dependency caches. */
const SKIPPED_DIRS = new Set(['.git', '.svn', '.hg', 'Build', 'node_modules', '__pycache__']);

export class DiskSource implements FileSource {
  readonly label: string;
  private files: string[] | undefined;
  private fileSet: Set<string> | undefined;

  constructor(readonly root: string) {
    this.label = root;
  }

  readBytes(rel: string): Uint8Array | undefined {
    try {
      return fs.readFileSync(path.join(this.root, rel));
    } catch {
      return undefined;
    }
  }

  isFile(rel: string): boolean {
    if (this.fileSet) return this.fileSet.has(rel);
    try {
      return fs.statSync(path.join(this.root, rel)).isFile();
    } catch {
      return false;
    }
  }

  listFiles(): readonly string[] {
    if (this.files) return this.files;
    const out: string[] = [];
    const walk = (absDir: string, relDir: string): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(absDir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const rel = relDir === '' ? e.name : `${relDir}/${e.name}`;
        if (e.isDirectory()) {
          if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
          walk(path.join(absDir, e.name), rel);
        } else if (e.isFile()) {
          out.push(rel);
        }
      }
    };
    walk(this.root, '');
    out.sort();
    this.files = out;
    this.fileSet = new Set(out);
    return out;
  }
}

/** A tree held in memory: fixtures, patched trees, trees read from git. */
export class MemorySource implements FileSource {
  private readonly sortedFiles: string[];

  constructor(
    readonly label: string,
    private readonly contents: ReadonlyMap<string, Uint8Array>,
  ) {
    this.sortedFiles = [...contents.keys()].sort();
  }

  static fromStrings(label: string, files: Record<string, string>): MemorySource {
    const m = new Map<string, Uint8Array>();
    for (const [k, v] of Object.entries(files)) m.set(k, Buffer.from(v, 'utf8'));
    return new MemorySource(label, m);
  }

  readBytes(rel: string): Uint8Array | undefined {
    return this.contents.get(rel);
  }

  isFile(rel: string): boolean {
    return this.contents.has(rel);
  }

  listFiles(): readonly string[] {
    return this.sortedFiles;
  }
}

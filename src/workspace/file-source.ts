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
  /**
   * Optional fast path: the file decoded as UTF-8 (no BOM handling, no checks), or undefined if
   * there is no such file. The workspace checks the text and falls back to `readBytes`.
   */
  readUtf8?(rel: string): string | undefined;
  /** Whether a root-relative path names a file. */
  isFile(rel: string): boolean;
  /** Every file below the root, root-relative, sorted; hidden folders and build output skipped. */
  listFiles(): readonly string[];
  /** Size and modification time, where the source has them (a checkout does; git and memory do not). */
  stat?(rel: string): { readonly size: number; readonly mtimeMs: number } | undefined;
}

/** Folders never worth walking: VCS data, build output, dependency caches. */
const SKIPPED_DIRS = new Set(['.git', '.svn', '.hg', 'Build', 'node_modules', '__pycache__']);

/** Whether a folder of this name is left out of a tree's listing (hidden folders too). */
export function isSkippedDir(name: string): boolean {
  return name.charCodeAt(0) === 0x2e /* . */ || SKIPPED_DIRS.has(name);
}

export class DiskSource implements FileSource {
  readonly label: string;
  private files: string[] | undefined;
  private fileSet: Set<string> | undefined;
  private readonly statCache = new Map<string, boolean>();
  /** Size and mtime per path: a tree is taken as unchanging for one run, so each is asked once. */
  private readonly stats = new Map<string, { size: number; mtimeMs: number } | null>();
  private buffer = Buffer.allocUnsafe(1 << 20);

  constructor(readonly root: string) {
    this.label = root;
  }

  readBytes(rel: string): Uint8Array | undefined {
    try {
      return fs.readFileSync(`${this.root}/${rel}`);
    } catch {
      return undefined;
    }
  }

  /**
   * As `fs.readFileSync(file, 'utf8')`, through one buffer kept for the whole run: a tree is read
   * file after file, and a fresh buffer per file cost a third of the time of reading them all.
   */
  readUtf8(rel: string): string | undefined {
    let fd: number;
    try {
      fd = fs.openSync(`${this.root}/${rel}`, 'r');
    } catch {
      return undefined;
    }
    try {
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) {
          const larger = Buffer.allocUnsafe(this.buffer.length * 2);
          this.buffer.copy(larger, 0, 0, length);
          this.buffer = larger;
        }
        const n = fs.readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (n === 0) break;
        length += n;
      }
      return this.buffer.toString('utf8', 0, length);
    } catch {
      return undefined; // a folder, or a file that went away
    } finally {
      fs.closeSync(fd);
    }
  }

  stat(rel: string): { size: number; mtimeMs: number } | undefined {
    let known = this.stats.get(rel);
    if (known === undefined) {
      const st = fs.statSync(`${this.root}/${rel}`, { throwIfNoEntry: false });
      known = st ? { size: st.size, mtimeMs: st.mtimeMs } : null;
      this.stats.set(rel, known);
    }
    return known ?? undefined;
  }

  isFile(rel: string): boolean {
    if (this.fileSet) return this.fileSet.has(rel);
    // Before the tree is listed, ask the disk, once per path.
    let known = this.statCache.get(rel);
    if (known === undefined) {
      try {
        known = fs.statSync(path.join(this.root, rel)).isFile();
      } catch {
        known = false;
      }
      this.statCache.set(rel, known);
    }
    return known;
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
        const name = e.name;
        if (e.isDirectory()) {
          if (isSkippedDir(name)) continue;
          walk(`${absDir}/${name}`, relDir === '' ? name : `${relDir}/${name}`);
        } else if (e.isFile()) {
          out.push(relDir === '' ? name : `${relDir}/${name}`);
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

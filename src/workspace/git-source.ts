/**
 * A FileSource reading one commit of a git repository straight from its object store: the work
 * tree and the index are never touched, so `ccguard review` can analyse the base of a change while
 * the user's checkout holds the head.
 *
 * The file list comes from one `git ls-tree`. Contents come in bulk: the first read fetches every
 * blob of the tree with one `git cat-file --batch` fed the whole list up front, because the
 * analysis reads nearly every source and metadata file and one process beats thousands (a whole
 * edk2 commit, ~110 MB in ~10k blobs, takes about a second). Blobs a partial clone lacks read as
 * missing files.
 */

import type { FileSource } from './file-source.js';
import { isSkippedDir } from './file-source.js';
import { GitError, runGit } from './git.js';

export class GitSource implements FileSource {
  readonly label: string;
  private readonly sortedFiles: readonly string[];
  private blobs: Map<string, Buffer> | undefined;

  private constructor(
    /** A folder inside the repository (or the git directory), where git runs. */
    private readonly dir: string,
    readonly commit: string,
    private readonly entries: ReadonlyMap<string, string>,
    label: string,
  ) {
    this.label = label;
    this.sortedFiles = [...entries.keys()].sort();
  }

  /**
   * The tree of `commit` below `prefix` (a `/` path from the top of the repository, `''` for all
   * of it). A prefix the commit does not have gives an empty tree.
   */
  static open(dir: string, commit: string, prefix = ''): GitSource {
    const label = `git:${commit.slice(0, 12)}${prefix === '' ? '' : `:${prefix}`}`;
    const treeish = prefix === '' ? commit : `${commit}:${prefix}`;
    let type = '';
    try {
      type = runGit(dir, ['cat-file', '-t', treeish]).toString('utf8').trim();
    } catch {
      // No such folder in this commit.
    }
    if (type !== 'tree' && type !== 'commit') return new GitSource(dir, commit, new Map(), label);
    const out = runGit(dir, ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', treeish]);
    return new GitSource(dir, commit, parseLsTree(out), label);
  }

  readBytes(rel: string): Uint8Array | undefined {
    const oid = this.entries.get(rel);
    if (oid === undefined) return undefined;
    this.blobs ??= this.readAllBlobs();
    return this.blobs.get(oid);
  }

  isFile(rel: string): boolean {
    return this.entries.has(rel);
  }

  listFiles(): readonly string[] {
    return this.sortedFiles;
  }

  private readAllBlobs(): Map<string, Buffer> {
    const oids = [...new Set(this.entries.values())];
    if (oids.length === 0) return new Map();
    const out = runGit(this.dir, ['cat-file', '--batch'], {
      input: `${oids.join('\n')}\n`,
      maxBuffer: Number.POSITIVE_INFINITY,
    });
    return parseBatch(out);
  }
}

/** `ls-tree -r -z` records: `<mode> <type> <oid>\t<path>\0`; path → blob id. */
function parseLsTree(out: Buffer): Map<string, string> {
  const entries = new Map<string, string>();
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    const record = out.toString('utf8', start, end);
    start = end + 1;
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid] = record.slice(0, tab).split(' ');
    const path = record.slice(tab + 1);
    // Only regular files: a checkout's listing skips symbolic links and submodules too.
    if (type !== 'blob' || mode === '120000' || oid === undefined) continue;
    if (path.split('/').slice(0, -1).some(isSkippedDir)) continue;
    entries.set(path, oid);
  }
  return entries;
}

/** `cat-file --batch` output: `<oid> <type> <size>\n<bytes>\n` or `<name> missing\n` per object. */
function parseBatch(out: Buffer): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  let pos = 0;
  while (pos < out.length) {
    const eol = out.indexOf(0x0a, pos);
    if (eol < 0) break;
    const header = out.toString('latin1', pos, eol).split(' ');
    pos = eol + 1;
    if (header.length !== 3) continue; // `<oid> missing`: the file reads as absent
    const size = Number(header[2]);
    if (!Number.isInteger(size) || pos + size > out.length)
      throw new GitError(`git cat-file --batch: truncated output at object ${header[0]}`);
    blobs.set(header[0]!, out.subarray(pos, pos + size));
    pos += size + 1;
  }
  return blobs;
}

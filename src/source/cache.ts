/**
 * The scan cache: facts per file keyed by content hash, kept outside the analysed tree (the
 * user's cache directory or --cache-dir), one file per tree root. A file whose size and mtime
 * are unchanged since the last run is not even read; a file with CC code whose content is
 * unchanged (a touch, a checkout of the same blob) is read and hashed but not parsed again. Files
 * without CC code, most of a tree, are recorded by stat alone (no hash, no entry).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CcTouchpoint } from '../cc/touchpoints.js';
import { CCGUARD_CACHE_KEY } from '../version.js';
import type { CFileFacts } from './c.js';
import type { NasmFileFacts } from './nasm.js';
import { cleanSource, codeLanguage, type ScanCache, type ScannedSource, type ScanRecord } from './scan.js';

/** Raised whenever what a scan records changes (6: NASM `loop` jumps; 7: quotes in comments). */
const FORMAT = 7;

/** A file's size and mtime with what it held: its entry's hash, or no CC code and its length. */
type StatRecord = { readonly size: number; readonly mtimeMs: number } & ScanRecord;

/**
 * A scan as stored: without its path (entries are shared by files of the same content, and each
 * touchpoint repeated it), its comment-masked lines as one text. Both keep the file small: it is
 * written at the end of every cold run.
 */
type StoredEntry = Omit<ScannedSource, 'path' | 'touchpoints' | 'codeLines' | 'c' | 'nasm'> & {
  readonly touchpoints: readonly Omit<CcTouchpoint, 'path'>[];
  readonly codeText?: string;
  readonly c?: Omit<CFileFacts, 'path'>;
  readonly nasm?: Omit<NasmFileFacts, 'path'>;
};

function stored(scan: ScannedSource): StoredEntry {
  const { path: _p, touchpoints, codeLines, c, nasm, ...rest } = scan;
  return {
    ...rest,
    touchpoints: touchpoints.map(({ path: _t, ...t }) => t),
    ...(codeLines ? { codeText: codeLines.join('\n') } : {}),
    ...(c ? { c: withoutPath(c) } : {}),
    ...(nasm ? { nasm: withoutPath(nasm) } : {}),
  };
}

function withoutPath<T extends { readonly path: string }>(facts: T): Omit<T, 'path'> {
  const { path: _p, ...rest } = facts;
  return rest;
}

/** The scan of file `p` from an entry: the inverse of `stored`. */
function restored(e: StoredEntry, p: string): ScannedSource {
  const { touchpoints, codeText, c, nasm, ...rest } = e;
  return {
    path: p,
    ...rest,
    touchpoints: touchpoints.map((t) => ({ path: p, ...t })),
    ...(c ? { c: { path: p, ...c } } : {}),
    ...(nasm ? { nasm: { path: p, ...nasm } } : {}),
    ...(codeText !== undefined ? { codeLines: codeText.split('\n') } : {}),
  };
}

interface CacheFile {
  readonly format: number;
  readonly version: string;
  readonly salt: string;
  readonly stats: Record<string, StatRecord>;
  readonly entries: Record<string, StoredEntry>;
}

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'ccguard');
}

export class DiskScanCache implements ScanCache {
  private readonly file: string;
  private loaded = false;
  private readonly entries = new Map<string, StoredEntry>();
  private readonly stats = new Map<string, StatRecord>();
  private readonly used = new Set<string>();
  /** Paths whose stat record this run confirmed or wrote; the others are dropped on save. */
  private readonly seen = new Set<string>();
  private dirty = false;

  /**
   * `salt` must change whenever scanning would give other results (signature config). The file
   * is read on first use.
   */
  constructor(
    readonly dir: string,
    root: string,
    private readonly salt = '',
  ) {
    const id = createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 16);
    this.file = path.join(dir, `scan-${id}.json`);
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    let data: CacheFile;
    try {
      data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as CacheFile;
    } catch {
      return;
    }
    if (data.format !== FORMAT || data.version !== CCGUARD_CACHE_KEY || data.salt !== this.salt) return;
    for (const [k, v] of Object.entries(data.entries)) this.entries.set(k, v);
    for (const [k, v] of Object.entries(data.stats)) this.stats.set(k, v);
  }

  byStat(p: string, size: number, mtimeMs: number): ScannedSource | undefined {
    this.load();
    const s = this.stats.get(p);
    if (!s || s.size !== size || s.mtimeMs !== mtimeMs) return undefined;
    if ('clean' in s) {
      const language = codeLanguage(p);
      if (!language) return undefined;
      this.seen.add(p);
      return cleanSource(p, language, s.clean);
    }
    const hit = this.get(s.hash, p);
    if (hit) this.seen.add(p);
    return hit;
  }

  recordStat(p: string, size: number, mtimeMs: number, record: ScanRecord): void {
    this.load();
    this.seen.add(p);
    const s = this.stats.get(p);
    if (s && s.size === size && s.mtimeMs === mtimeMs) {
      if (
        'clean' in record ? 'clean' in s && s.clean === record.clean : 'hash' in s && s.hash === record.hash
      )
        return;
    }
    this.stats.set(p, { size, mtimeMs, ...record });
    this.dirty = true;
  }

  get(hash: string, p: string): ScannedSource | undefined {
    this.load();
    const e = this.entries.get(hash);
    if (!e) return undefined;
    this.used.add(hash);
    return restored(e, p);
  }

  set(entry: ScannedSource): void {
    this.load();
    this.entries.set(entry.hash, stored(entry));
    this.used.add(entry.hash);
    this.dirty = true;
  }

  /** Write the cache if anything changed; entries unused in this run are dropped. Never throws. */
  save(): void {
    if (!this.loaded) return;
    if (!this.dirty && this.used.size === this.entries.size && this.seen.size === this.stats.size) return;
    const entries: Record<string, StoredEntry> = {};
    for (const h of [...this.used].sort()) {
      const e = this.entries.get(h);
      if (e) entries[h] = e;
    }
    const stats: Record<string, StatRecord> = {};
    for (const [k, v] of [...this.stats].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (this.seen.has(k) && ('clean' in v || entries[v.hash])) stats[k] = v;
    }
    const data: CacheFile = { format: FORMAT, version: CCGUARD_CACHE_KEY, salt: this.salt, stats, entries };
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(data));
      fs.renameSync(tmp, this.file);
    } catch {
      // A cache that cannot be written only costs speed next time.
    }
  }
}

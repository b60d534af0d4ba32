/**
 * Source scanning for the CC model: every C and NASM file of the tree gets its CC touchpoints;
 * only files that have any (and every NASM file, whose includes tie `.nasm.inc` pieces to their
 * modules) get the full structural scan. A cheap first pass over the raw text decides: a
 * touchpoint in comment-masked text is always an anchor hit in the raw text too, so a file with
 * no raw hit has no touchpoint and needs no masking or parsing at all.
 */
import { createHash } from 'node:crypto';
import type { SignatureTable } from '../cc/signatures.js';
import { type CcTouchpoint, findTouchpoints } from '../cc/touchpoints.js';
import { normalizeLineEnds } from '../workspace/text.js';
import type { Workspace } from '../workspace/workspace.js';
import { type CFileFacts, maskCComments, scanC } from './c.js';
import { isNasmLikePath, maskNasmComments, type NasmFileFacts, scanNasm } from './nasm.js';

export type CodeLanguage = 'c' | 'nasm';

export function codeLanguage(path: string): CodeLanguage | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.c') || lower.endsWith('.h')) return 'c';
  if (isNasmLikePath(path)) return 'nasm';
  return undefined;
}

/** What the CC model needs of one source file. Plain data, so that it can be cached as JSON. */
export interface ScannedSource {
  readonly path: string;
  readonly language: CodeLanguage;
  /** SHA-1 of the decoded text: the cache key. */
  readonly hash: string;
  /** Length of the decoded text: the weight of the file in a module's code (dedication share). */
  readonly size: number;
  /** Lines of the file; 0 for a C file without touchpoints (never needed there). */
  readonly lineCount: number;
  readonly touchpoints: readonly CcTouchpoint[];
  /** Present when the file has touchpoints (C) or always (NASM). */
  readonly c?: CFileFacts;
  readonly nasm?: NasmFileFacts;
  /** Comment-masked lines, present when the file has touchpoints (for statement reading). */
  readonly codeLines?: readonly string[];
}

/**
 * Stores scan results by content hash; see cache.ts for the on-disk one. A file without CC code
 * (most of a tree) is not hashed at all: where the source can stat, it is recorded by size and
 * mtime only, and a changed stat costs one more read of a file that is cheap to look at again.
 */
export interface ScanCache {
  get(hash: string, path: string): ScannedSource | undefined;
  set(entry: ScannedSource): void;
  /** The scan of a file whose size and mtime are those recorded, so that it need not be read. */
  byStat?(path: string, size: number, mtimeMs: number): ScannedSource | undefined;
  /** Record a file's stat with what it held (an entry already `set`, or no CC code). */
  recordStat?(path: string, size: number, mtimeMs: number, record: ScanRecord): void;
}

/** What a stat record says a file held: the hash of its cache entry, or no CC code and its length. */
export type ScanRecord = { readonly hash: string } | { readonly clean: number };

export function scanRecordOf(scanned: ScannedSource): ScanRecord {
  // Only files recorded by stat alone have no hash; every other scan is a cache entry.
  return scanned.hash === '' && scanned.touchpoints.length === 0
    ? { clean: scanned.size }
    : { hash: scanned.hash };
}

/** The scan of a file with no CC touchpoints: all the model needs is its language and weight. */
export function cleanSource(path: string, language: CodeLanguage, size: number, hash = ''): ScannedSource {
  return { path, language, hash, size, lineCount: 0, touchpoints: [] };
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * Whether a file may hold CC code: its raw text (line ends as in the file, comments and all) has
 * a touchpoint that is not weak. False means it has none for certain; only files for which it is
 * true pay for hashing, normalising, masking and the structural scan. A file whose touchpoints
 * are all weak holds no CC code: weak signatures are evidence next to a strong one of the same
 * technology, never proof alone (see analyze.ts), and the masked text can only hold fewer.
 */
export function mayHoldCcCode(
  path: string,
  raw: string,
  language: CodeLanguage,
  table: SignatureTable,
): boolean {
  return findTouchpoints({ path, text: raw, language }, table, { inStrings: true }).some((t) => !t.weak);
}

/** The scan of a file; `hash` (its content's, or '' without a cache) is stored in the result. */
export function scanSource(
  path: string,
  raw: string,
  language: CodeLanguage,
  table: SignatureTable,
  hash: string,
): ScannedSource {
  // NASM facts of a file without CC code are only wanted for its %includes (assembly units);
  // `nasmFactsOf` computes them on demand.
  if (!mayHoldCcCode(path, raw, language, table)) return cleanSource(path, language, raw.length, hash);
  return scanCcSource(path, raw, language, table, hash);
}

/** The full scan of a file that may hold CC code. */
function scanCcSource(
  path: string,
  raw: string,
  language: CodeLanguage,
  table: SignatureTable,
  hash: string,
): ScannedSource {
  const text = normalizeLineEnds(raw);
  const lineCount = countLines(text);
  const masked = language === 'c' ? maskCComments(text) : maskNasmComments(text);
  const touchpoints = findTouchpoints({ path, text: masked, language }, table);
  if (language === 'c') {
    if (touchpoints.length === 0) return { path, language, hash, size: raw.length, lineCount, touchpoints };
    return {
      path,
      language,
      hash,
      size: raw.length,
      lineCount,
      touchpoints,
      c: scanC(path, text),
      codeLines: masked.split('\n'),
    };
  }
  return {
    path,
    language,
    hash,
    size: raw.length,
    lineCount,
    touchpoints,
    nasm: scanNasm(path, text),
    ...(touchpoints.length > 0 ? { codeLines: masked.split('\n') } : {}),
  };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

/** NASM facts of a scanned file, computing them for files the scan left without (no CC code). */
export function nasmFactsOf(
  ws: Workspace,
  src: ScannedSource | undefined,
  memo: Map<string, NasmFileFacts | null>,
): NasmFileFacts | undefined {
  if (src?.language !== 'nasm') return undefined;
  if (src.nasm) return src.nasm;
  let f = memo.get(src.path);
  if (f === undefined) {
    const file = ws.read(src.path);
    f = file ? scanNasm(src.path, file.text) : null;
    memo.set(src.path, f);
  }
  return f ?? undefined;
}

/** Scans files through the workspace (each read once) and an optional cache. */
export class SourceScanner {
  private readonly results = new Map<string, ScannedSource | null>();

  constructor(
    private readonly ws: Workspace,
    private readonly table: SignatureTable,
    private readonly cache?: ScanCache,
  ) {}

  scan(path: string): ScannedSource | undefined {
    const known = this.results.get(path);
    if (known !== undefined) return known ?? undefined;
    const language = codeLanguage(path);
    const result = language ? this.scanFile(path, language) : undefined;
    this.results.set(path, result ?? null);
    return result;
  }

  private scanFile(path: string, language: CodeLanguage): ScannedSource | undefined {
    const cache = this.cache;
    const st = cache?.byStat ? this.ws.stat(path) : undefined;
    if (cache && st) {
      const hit = cache.byStat!(path, st.size, st.mtimeMs);
      if (hit) return hit;
    }
    // The texts of a whole tree are not kept: only the few files with CC code are read again.
    const file = this.ws.readTransient(path);
    if (!file) return undefined;
    const raw = file.raw;
    let result: ScannedSource;
    if (!cache) {
      result = scanSource(path, raw, language, this.table, '');
    } else {
      // Where the cache records stats, a file without CC code is recorded by its stat alone:
      // hashing every file of a tree would cost more than looking at it again.
      const byStat = st !== undefined && cache.recordStat !== undefined;
      if (byStat && !mayHoldCcCode(path, raw, language, this.table)) {
        result = cleanSource(path, language, raw.length);
      } else {
        const hash = hashText(raw);
        const cached = cache.get(hash, path);
        if (cached) {
          result = cached;
        } else {
          result = byStat
            ? scanCcSource(path, raw, language, this.table, hash)
            : scanSource(path, raw, language, this.table, hash);
          cache.set(result);
        }
      }
    }
    if (cache && st) cache.recordStat?.(path, st.size, st.mtimeMs, scanRecordOf(result));
    return result;
  }

  /** Every scanned file so far. */
  scanned(): ScannedSource[] {
    return [...this.results.values()].filter((r): r is ScannedSource => r !== null);
  }
}

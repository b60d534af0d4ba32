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

/** Stores scan results by content hash; see cache.ts for the on-disk one. */
export interface ScanCache {
  get(hash: string, path: string): ScannedSource | undefined;
  set(entry: ScannedSource): void;
  /** The content hash recorded for an unchanged (size, mtime) file, so it need not be read. */
  hashByStat?(path: string, size: number, mtimeMs: number): string | undefined;
  recordStat?(path: string, size: number, mtimeMs: number, hash: string): void;
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export function scanSource(
  path: string,
  raw: string,
  language: CodeLanguage,
  table: SignatureTable,
  hash: string,
): ScannedSource {
  // The raw text (line ends as in the file) is enough to know whether the file has CC code at
  // all; only files that do pay for normalising, masking and the structural scan.
  const rawHits = findTouchpoints({ path, text: raw, language }, table);
  if (rawHits.length === 0) {
    // NASM facts of a file without CC code are only wanted for its %includes (assembly units);
    // `nasmFactsOf` computes them on demand.
    return { path, language, hash, size: raw.length, lineCount: 0, touchpoints: [] };
  }
  const text = normalizeLineEnds(raw);
  const lineCount = countLines(text);
  const masked = language === 'c' ? maskCComments(text) : maskNasmComments(text);
  const touchpoints = rawHits.length === 0 ? [] : findTouchpoints({ path, text: masked, language }, table);
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
  if (!src || src.language !== 'nasm') return undefined;
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
    if (!language) {
      this.results.set(path, null);
      return undefined;
    }
    const cache = this.cache;
    const st = cache?.hashByStat ? this.ws.stat(path) : undefined;
    if (cache && st) {
      const known = cache.hashByStat!(path, st.size, st.mtimeMs);
      const hit = known ? cache.get(known, path) : undefined;
      if (hit) {
        this.results.set(path, hit);
        return hit;
      }
    }
    const file = this.ws.read(path);
    let result: ScannedSource | null = null;
    if (file) {
      // Hashing costs a pass over the text: only worth it when there is a cache to key.
      const hash = cache ? hashText(file.raw) : '';
      const cached = cache?.get(hash, path);
      if (cached) {
        result = cached;
      } else {
        result = scanSource(path, file.raw, language, this.table, hash);
        cache?.set(result);
      }
      if (cache && st) cache.recordStat?.(path, st.size, st.mtimeMs, hash);
    }
    this.results.set(path, result);
    return result ?? undefined;
  }

  /** Every scanned file so far. */
  scanned(): ScannedSource[] {
    return [...this.results.values()].filter((r): r is ScannedSource => r !== null);
  }
}

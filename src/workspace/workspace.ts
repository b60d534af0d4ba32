/**
 * The workspace: one root plus optional extra package roots (PACKAGES_PATH), seen as one tree.
 * Paths are root-relative with `/`; a path is looked up in the workspace root first, then in each
 * package root in order, as BaseTools' MultipleWorkspace.join does. Every file is read and
 * decoded at most once.
 */
import * as path from 'node:path';
import { DiagnosticCode, DiagnosticSink } from '../diagnostics.js';
import { DiskSource, type FileSource } from './file-source.js';
import { normalizeRelPath, relJoin } from './paths.js';
import { acceptUtf8, decodeRaw, normalizeLineEnds, splitLines } from './text.js';

export interface SourceFile {
  /** Root-relative path with `/`. */
  readonly path: string;
  /** Decoded text, line ends normalised to LF, BOM removed. */
  readonly text: string;
  /** The text split into lines (no terminators), computed once. */
  readonly lines: readonly string[];
  /** The decoded text with its line ends as in the file (no normalisation pass). */
  readonly raw: string;
}

/** Text and lines are derived from the decoded text on first use; most callers want only one. */
class LazySourceFile implements SourceFile {
  private cachedText: string | undefined;
  private cachedLines: string[] | undefined;
  constructor(
    readonly path: string,
    /** Decoded text with its line ends as in the file. */
    readonly raw: string,
  ) {}
  get text(): string {
    this.cachedText ??= normalizeLineEnds(this.raw);
    return this.cachedText;
  }
  get lines(): readonly string[] {
    this.cachedLines ??= splitLines(this.raw);
    return this.cachedLines;
  }
}

export interface WorkspaceOptions {
  /** Extra package roots, searched after the workspace root, in order. */
  readonly packagesPath?: readonly string[];
  readonly diagnostics?: DiagnosticSink;
}

export class Workspace {
  readonly diagnostics: DiagnosticSink;
  private readonly cache = new Map<string, SourceFile | null>();
  private readonly owner = new Map<string, FileSource | null>();
  private allFiles: readonly string[] | undefined;

  /** `roots[0]` is the workspace root; the rest are PACKAGES_PATH roots. */
  constructor(
    readonly roots: readonly FileSource[],
    diagnostics?: DiagnosticSink,
  ) {
    if (roots.length === 0) throw new Error('a workspace needs at least one root');
    this.diagnostics = diagnostics ?? new DiagnosticSink();
  }

  static open(root: string, options: WorkspaceOptions = {}): Workspace {
    const roots: FileSource[] = [new DiskSource(path.resolve(root))];
    for (const p of options.packagesPath ?? []) roots.push(new DiskSource(path.resolve(root, p)));
    return new Workspace(roots, options.diagnostics);
  }

  /** The label of the workspace root (its folder on disk, for a checkout). */
  get label(): string {
    return this.roots[0]!.label;
  }

  private sourceOf(rel: string): FileSource | undefined {
    // One root (no PACKAGES_PATH) is the common case; its own file index answers directly.
    if (this.roots.length === 1) {
      const only = this.roots[0]!;
      return only.isFile(rel) ? only : undefined;
    }
    const known = this.owner.get(rel);
    if (known !== undefined) return known ?? undefined;
    const found = this.roots.find((r) => r.isFile(rel));
    this.owner.set(rel, found ?? null);
    return found;
  }

  isFile(rel: string): boolean {
    return this.sourceOf(rel) !== undefined;
  }

  /** Size and mtime of a file on disk (undefined for trees held in memory or read from git). */
  stat(rel: string): { readonly size: number; readonly mtimeMs: number } | undefined {
    return this.sourceOf(rel)?.stat?.(rel);
  }

  /**
   * Read and decode a file once. Missing files return undefined silently (callers know what the
   * file was for and report that); undecodable files report a diagnostic here.
   */
  read(rel: string): SourceFile | undefined {
    const cached = this.cache.get(rel);
    if (cached !== undefined) return cached ?? undefined;
    const file = this.load(rel);
    this.cache.set(rel, file);
    return file ?? undefined;
  }

  /**
   * Read a file without keeping it: for a pass over every source file of the tree, whose texts
   * (tens of megabytes) would otherwise all stay alive and be copied by every garbage collection.
   * A file already read is returned from memory.
   */
  readTransient(rel: string): SourceFile | undefined {
    const cached = this.cache.get(rel);
    if (cached !== undefined) return cached ?? undefined;
    return this.load(rel) ?? undefined;
  }

  private load(rel: string): SourceFile | null {
    const src = this.sourceOf(rel);
    const utf8 = src?.readUtf8?.(rel);
    const text = utf8 === undefined ? undefined : acceptUtf8(utf8);
    let file: SourceFile | null = text === undefined ? null : new LazySourceFile(rel, text);
    const bytes = file ? undefined : src?.readBytes(rel);
    if (bytes) {
      const decoded = decodeRaw(bytes);
      if (decoded.kind === 'text') {
        file = new LazySourceFile(rel, decoded.text);
      } else {
        this.diagnostics.report({
          severity: 'warning',
          code: DiagnosticCode.FileNotText,
          file: rel,
          message: `skipped: ${decoded.kind === 'utf16' ? 'UTF-16 file' : 'binary file'} (${decoded.reason})`,
        });
      }
    }
    return file;
  }

  /**
   * Resolve a path as written in metadata: first against `fromDir` (the including file's or the
   * module's folder) when given, then against the workspace root and each package root.
   * Returns the root-relative path of an existing file, or undefined.
   */
  resolve(written: string, fromDir?: string): string | undefined {
    const norm = normalizeRelPath(written);
    if (norm === '' || norm.startsWith('..')) {
      if (fromDir === undefined) return undefined;
    }
    if (fromDir !== undefined) {
      const local = relJoin(fromDir, written);
      if (!local.startsWith('..') && this.isFile(local)) return local;
    }
    if (!norm.startsWith('..') && this.isFile(norm)) return norm;
    return undefined;
  }

  /** Every file of every root, root-relative, sorted, de-duplicated (first root wins). */
  listFiles(): readonly string[] {
    if (this.allFiles) return this.allFiles;
    if (this.roots.length === 1) {
      // A source's list is sorted and free of duplicates already.
      this.allFiles = this.roots[0]!.listFiles();
      return this.allFiles;
    }
    const set = new Set<string>();
    for (const r of this.roots) for (const f of r.listFiles()) set.add(f);
    this.allFiles = [...set].sort();
    return this.allFiles;
  }

  /** Root-relative paths of every `.dec` file: the packages of the workspace. */
  packageFiles(): string[] {
    return this.listFiles().filter((f) => f.toLowerCase().endsWith('.dec'));
  }
}

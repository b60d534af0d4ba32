/**
 * Where NASM finds `%include` files in an EDK II build, and which files make up one assembly
 * unit (a `.nasm`/`.nasmb` source plus everything it pulls in), so that a `.nasm.inc` is
 * attributed to the module, source and routine that assemble it.
 *
 * The search list follows BaseTools (Conf/build_rule.template, AutoGen/ModuleAutoGen.py
 * IncludePathList and IncPathFromBuildOptions, AutoGen/GenMake.py NASM_INC):
 *   .nasm :  -I<source dir>  $(NASM_INC)  $(NASM_FLAGS)
 *   .nasmb:  -I<source dir>  $(NASMB_FLAGS)  $(NASM_INC)
 * where NASM_INC is the module's include path list: the folder of each [Sources] file not
 * already listed (each put in front, so later sources come first), the module folder, the build
 * output folder (AutoGen.h; not part of the source tree), then per [Packages] entry the package
 * folder and its DEC [Includes], then every `-I`/`/I` of the module's *_FLAGS build options.
 * NASM itself tries the working directory (the build output folder) and then each -I prefix in
 * order; it does not look next to the including file, so nested includes resolve through the
 * same list as the top-level ones.
 */

import { expandMacros } from '../metadata/lines.js';
import type { DecPackage, InfModule } from '../metadata/model.js';
import { normalizeRelPath, relDirname, relJoin } from '../workspace/paths.js';
import type { NasmFileFacts, NasmIncludeKind } from './nasm.js';

export interface AssemblyUnitFile {
  readonly path: string;
  /** Absent for the unit's root source. */
  readonly includedFrom?: {
    readonly path: string;
    readonly line: number;
    /** The routine (non-local label) of the includer the file assembles into, if any. */
    readonly label?: string;
  };
  /** The include line sits inside a `%if`/`#if` block of its includer (this build may skip it). */
  readonly conditional: boolean;
}

export interface UnresolvedInclude {
  readonly include: string;
  readonly kind: NasmIncludeKind;
  readonly from: string;
  readonly line: number;
}

export interface AssemblyUnit {
  /** The `.nasm`/`.nasmb` source BaseTools hands to NASM. */
  readonly root: string;
  /** The root first, then each included file once, in the order NASM first reads it. */
  readonly files: readonly AssemblyUnitFile[];
  /** `%include`s (and `#include`s of NASM files) that resolve nowhere; a real build would fail. */
  readonly unresolved: readonly UnresolvedInclude[];
}

const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);

/**
 * Resolve `%include "X"` / `%include <X>` as NASM does: against each include directory in order
 * (the first is the assembled source's folder). As a last resort the including file's folder is
 * tried: NASM never does that, so it only changes the answer where the real build would fail,
 * and it gives a useful answer for a file analysed without its module. Workspace-relative result.
 */
export function resolveNasmInclude(
  include: string,
  includingFile: string,
  includeDirs: readonly string[],
  exists: (rel: string) => boolean,
): string | undefined {
  const written = include.trim().replace(/\\/g, '/');
  if (written === '' || isAbsolute(written)) return undefined;
  for (const dir of includeDirs) {
    const candidate = relJoin(dir, written);
    if (!candidate.startsWith('..') && exists(candidate)) return candidate;
  }
  const own = relJoin(relDirname(includingFile), written);
  return !own.startsWith('..') && exists(own) ? own : undefined;
}

/** Resolve a C-preprocessor `#include`: "…" tries the including file's folder first, <…> does not. */
export function resolveCppInclude(
  include: string,
  form: 'quoted' | 'angled',
  includingFile: string,
  includeDirs: readonly string[],
  exists: (rel: string) => boolean,
): string | undefined {
  const written = include.trim().replace(/\\/g, '/');
  if (written === '' || isAbsolute(written)) return undefined;
  const dirs = form === 'quoted' ? [relDirname(includingFile), ...includeDirs] : includeDirs;
  for (const dir of dirs) {
    const candidate = relJoin(dir, written);
    if (!candidate.startsWith('..') && exists(candidate)) return candidate;
  }
  return undefined;
}

export interface NasmIncludeDirOptions {
  /** The source being assembled: prepends its folder and places the NASM(B)_FLAGS dirs as its rule does. */
  readonly source?: string;
  /** Build arch (IA32, X64): only sources, packages, includes and build options for it. */
  readonly arch?: string;
}

/**
 * The -I list NASM gets for a module (NASM_INC), or, with `options.source`, the complete ordered
 * list for that source. `packageIncludeDirs` is, per [Packages] entry in order, the package folder
 * then its [Includes] (see packageIncludeDirs). `macros` expands `$(NAME)` in build options;
 * `$(WORKSPACE)` is the workspace root. Paths that stay absolute or unexpanded are dropped.
 */
export function nasmIncludeDirs(
  inf: InfModule,
  packageIncludeDirs: readonly string[],
  macros: ReadonlyMap<string, string>,
  options: NasmIncludeDirOptions = {},
): string[] {
  const arch = options.arch?.toUpperCase();
  const list: string[] = [];
  const add = (dir: string): void => {
    if (!list.includes(dir)) list.push(dir);
  };
  add(inf.dir);
  for (const dir of packageIncludeDirs) add(dir);
  for (const dir of buildOptionIncludeDirs(inf, macros, arch, undefined)) add(dir);
  for (const s of inf.sources) {
    if (!archMatches(s.arch, arch)) continue;
    const dir = relDirname(s.path);
    if (!list.includes(dir)) list.unshift(dir);
  }
  if (options.source === undefined) return list;
  const isNasmb = /\.nasmb$/i.test(options.source);
  const flagDirs = buildOptionIncludeDirs(inf, macros, arch, isNasmb ? 'NASMB' : 'NASM');
  const ordered = isNasmb
    ? [relDirname(options.source), ...flagDirs, ...list]
    : [relDirname(options.source), ...list, ...flagDirs];
  return [...new Set(ordered)];
}

/** Per [Packages] entry of the INF, in order: the package folder, then its DEC [Includes] for the arch. */
export function packageIncludeDirs(
  inf: InfModule,
  decOf: (decPath: string) => DecPackage | undefined,
  arch?: string,
): string[] {
  const want = arch?.toUpperCase();
  const out: string[] = [];
  for (const p of inf.packages) {
    if (!archMatches(p.arch, want)) continue;
    const dec = decOf(p.path);
    if (dec === undefined) continue;
    if (!out.includes(dec.dir)) out.push(dec.dir);
    for (const inc of dec.includes) {
      if (archMatches(inc.arch, want) && !out.includes(inc.path)) out.push(inc.path);
    }
  }
  return out;
}

function archMatches(declared: string, wanted: string | undefined): boolean {
  return wanted === undefined || declared.toLowerCase() === 'common' || declared.toUpperCase() === wanted;
}

/**
 * `-I<dir>`, `-I <dir>`, `/I<dir>` of the INF's `*_FLAGS` build options (`tool` restricts to one
 * tool, e.g. NASMB; undefined takes every tool, as IncPathFromBuildOptions does).
 */
function buildOptionIncludeDirs(
  inf: InfModule,
  macros: ReadonlyMap<string, string>,
  arch: string | undefined,
  tool: string | undefined,
): string[] {
  const out: string[] = [];
  for (const option of inf.buildOptions) {
    const parts = option.key.split('_');
    if (parts.length < 5 || parts.slice(4).join('_').toUpperCase() !== 'FLAGS') continue;
    if (tool !== undefined && parts[3]!.toUpperCase() !== tool) continue;
    if (arch !== undefined && parts[2] !== '*' && parts[2]!.toUpperCase() !== arch) continue;
    if (!archMatches(option.arch, arch)) continue;
    const value = expandMacros(option.value, (name) => (name === 'WORKSPACE' ? undefined : macros.get(name)));
    const words = value.split(/\s+/).filter((w) => w !== '');
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (!w.startsWith('-I') && !w.startsWith('/I')) continue;
      const written = w.length > 2 ? w.slice(2) : words[++i];
      if (written === undefined) continue;
      const dir = includeDirFromFlag(written);
      if (dir !== undefined && !out.includes(dir)) out.push(dir);
    }
  }
  return out;
}

function includeDirFromFlag(written: string): string | undefined {
  const unquoted = written.replace(/^"(.*)"$/, '$1');
  if (/^\$\(WORKSPACE\)/i.test(unquoted)) {
    const rel = normalizeRelPath(unquoted);
    return rel.includes('$(') || rel.startsWith('..') ? undefined : rel;
  }
  if (unquoted.includes('$(') || isAbsolute(unquoted)) return undefined;
  // A relative -I is taken from the directory `build` runs in: the workspace root.
  const rel = normalizeRelPath(unquoted);
  return rel.startsWith('..') ? undefined : rel;
}

const NASM_LIKE_INCLUDE = /\.(nasm|nasmb|asm|inc)$/i;

/**
 * The assembly units of a module: for each `.nasm`/`.nasmb` of `sources`, the files NASM reads
 * while assembling it, following `%include` (and `#include` of NASM files, which the C
 * preprocessor inlines) in every conditional branch. `facts` returns the scanned facts of a
 * workspace-relative file (undefined when it cannot be read), so callers can serve them from a
 * cache; `includeDirs` is a fixed list or a function of the root (see nasmIncludeDirs).
 */
export function buildAssemblyUnits(
  sources: readonly string[],
  facts: (rel: string) => NasmFileFacts | undefined,
  includeDirs: readonly string[] | ((root: string) => readonly string[]),
  exists: (rel: string) => boolean,
): AssemblyUnit[] {
  const units: AssemblyUnit[] = [];
  for (const root of sources) {
    if (!/\.nasmb?$/i.test(root)) continue;
    const dirs = typeof includeDirs === 'function' ? includeDirs(root) : includeDirs;
    units.push(buildUnit(root, facts, dirs, exists));
  }
  return units;
}

function buildUnit(
  root: string,
  facts: (rel: string) => NasmFileFacts | undefined,
  dirs: readonly string[],
  exists: (rel: string) => boolean,
): AssemblyUnit {
  const files: AssemblyUnitFile[] = [{ path: root, conditional: false }];
  const seen = new Set<string>([root]);
  const unresolved: UnresolvedInclude[] = [];
  const visit = (path: string, underConditional: boolean): void => {
    const f = facts(path);
    if (f === undefined) return;
    for (const inc of f.includes) {
      if (inc.kind === '#include' && !NASM_LIKE_INCLUDE.test(inc.path)) continue;
      const target =
        inc.kind === '%include'
          ? resolveNasmInclude(inc.path, path, dirs, exists)
          : resolveCppInclude(inc.path, inc.form, path, dirs, exists);
      if (target === undefined) {
        unresolved.push({ include: inc.path, kind: inc.kind, from: path, line: inc.line });
        continue;
      }
      if (seen.has(target)) continue;
      seen.add(target);
      const conditional =
        underConditional || f.conditionals.some((c) => c.line < inc.line && inc.line < c.endLine);
      files.push({
        path: target,
        includedFrom: { path, line: inc.line, ...(inc.label !== undefined ? { label: inc.label } : {}) },
        conditional,
      });
      visit(target, conditional);
    }
  };
  visit(root, false);
  return { root, files, unresolved };
}

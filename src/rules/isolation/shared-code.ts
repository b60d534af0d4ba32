/**
 * What the isolation and naming rules share: which code is "shared" (built by a module that does
 * not exist for a CC, the only place the spec's 3.1/3.2 ladder is judged — a CC module is already
 * isolated at A or B), how a technology is spelled in names, and where CC code of a shared module
 * should go.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcFunction, CcId, CcModule, Evidence } from '../../cc/model.js';
import { functionNameTechs } from '../../cc/names.js';
import { cmp } from '../../diagnostics.js';
import { isUnder, relBasename, relDirname } from '../../workspace/paths.js';

/** The vendor-neutral technology id of the built-in table. */
export const NEUTRAL = 'cc';

/** A module that exists for some CC technology (level A or B): isolation rules do not look inside. */
export function isCcModule(m: CcModule): boolean {
  return m.dedicatedTo.length > 0;
}

export function isVendorTech(model: AnalysisModel, cc: CcId): boolean {
  const t = model.table.technologyById.get(cc);
  return t ? !t.vendorNeutral : cc !== NEUTRAL;
}

/** The modules that build `path` and do not exist for a CC (modules without CC affinity included). */
export function sharedModulesOf(model: AnalysisModel, path: string): string[] {
  return (model.cc.modulesOfFile.get(path) ?? []).filter((inf) => {
    const m = model.cc.moduleByInf.get(inf);
    return !m || !isCcModule(m);
  });
}

/** The tag a technology carries in module and function names (spec: SevSecretDxe, PreFooHookSev). */
export function shortTag(model: AnalysisModel, cc: CcId): string {
  const words = model.table.technologyById.get(cc)?.nameTags[0]?.words;
  if (words && words.length > 0) return words.join('');
  return cc.charAt(0).toUpperCase() + cc.slice(1);
}

/**
 * The tag a technology carries in file names: the spec's `Xxx<Cc>` with Cc = AmdSev or IntelTdx,
 * i.e. the name of the technology's directory (OvmfPkg/AmdSev), as edk2 writes AmdSev.c and
 * IntelTdx.c; the short tag for a technology without one.
 */
export function fileTag(model: AnalysisModel, cc: CcId): string {
  const dir = model.table.technologyById.get(cc)?.directories[0];
  return dir ? relBasename(dir) : shortTag(model, cc);
}

/** Display name for messages: `SEV`, `TDX`, `CCA`, `CC`. */
export function techLabel(cc: CcId): string {
  return cc.toUpperCase();
}

/** `.c`, `.h`, `.nasm`, `.nasm.inc`, `.nasmb`: the extension a file named for a CC would keep. */
export function codeExtension(path: string): string {
  const base = relBasename(path);
  const m = /(\.nasm\.inc|\.[^.]+)$/i.exec(base);
  return m ? m[1]! : '';
}

function sameLanguage(a: string, b: string): boolean {
  const nasm = (p: string): boolean => /\.(nasm|nasmb|asm|inc)$/i.test(p);
  const header = (p: string): boolean => /\.h$/i.test(p);
  return nasm(a) === nasm(b) && header(a) === header(b);
}

/**
 * The file the `cc` code of `path` should move to: a file named for the technology that is built
 * by exactly the same modules as `path` (the same directory first), else a new
 * `<dir>/<FileTag><ext>` beside it, the way edk2 names PlatformPei/AmdSev.c or IntelTdx.c; when
 * that name is taken by a file of other modules (MpInitLib/AmdSev.c serves PEI and DXE, while
 * DxeMpLib.c is DXE only), `<dir>/<Stem><FileTag><ext>`.
 */
export function ccFileFor(
  model: AnalysisModel,
  path: string,
  cc: CcId,
  extension?: string,
): { path: string; exists: boolean } {
  const dir = relDirname(path);
  const modules = model.cc.modulesOfFile.get(path) ?? [];
  const sameModules = (other: string): boolean => {
    const o = model.cc.modulesOfFile.get(other) ?? [];
    return o.length === modules.length && o.every((m) => modules.includes(m));
  };
  const candidates = new Set<string>();
  for (const inf of modules) {
    for (const t of model.cc.moduleByInf.get(inf)?.techs ?? []) {
      for (const f of t.files) {
        const file = model.cc.files.get(f.path);
        if (!file || f.path === path || !file.nameTags.includes(cc)) continue;
        if (isNullStubFile(f.path) || !sameLanguage(f.path, path) || !sameModules(f.path)) continue;
        candidates.add(f.path);
      }
    }
  }
  const sorted = [...candidates].sort(
    (a, b) =>
      Number(relDirname(b) === dir) - Number(relDirname(a) === dir) || a.length - b.length || cmp(a, b),
  );
  if (sorted[0]) return { path: sorted[0], exists: true };
  const ext = extension ?? codeExtension(path);
  const inDir = (name: string): string => (dir === '' ? name : `${dir}/${name}`);
  const plain = inDir(`${fileTag(model, cc)}${ext}`);
  if (!model.ws.isFile(plain)) return { path: plain, exists: false };
  const own = codeExtension(path);
  const stem = relBasename(path).slice(0, relBasename(path).length - own.length);
  return { path: inDir(`${stem}${fileTag(model, cc)}${ext}`), exists: false };
}

/** Whether some INF lists the file in `[Sources]` (an assembly root), rather than `%include`s it. */
export function isListedSource(model: AnalysisModel, path: string): boolean {
  return (model.cc.modulesOfFile.get(path) ?? []).some((inf) =>
    model.store.inf(inf)?.sources.some((s) => s.path === path),
  );
}

/** The path relative to `fromDir` when below it (for short messages), else the full path. */
export function shortPath(path: string, fromDir: string): string {
  return isUnder(path, fromDir) && fromDir !== '' ? path.slice(fromDir.length + 1) : path;
}

/** The line of the INF's BASE_NAME (what a reviewer renames), else 1. */
export function baseNameLine(model: AnalysisModel, inf: string): number {
  return model.store.inf(inf)?.defines.get('BASE_NAME')?.origin.line ?? 1;
}

/**
 * The technology a CC function (role `cc-function`) exists for: the single vendor technology of
 * its name, else of its code. Undefined for a function of CC in general (a `Cc…` name, a mode
 * check such as `ConfidentialComputingGuestHas`) or one mixing vendors.
 */
export function functionTech(model: AnalysisModel, fn: CcFunction): CcId | undefined {
  const name = fn.name.replace(/^%macro\s+/, '');
  const named = functionNameTechs(name, model.table, fn.language);
  const namedVendor = named.filter((t) => isVendorTech(model, t));
  if (namedVendor.length === 1) return namedVendor[0];
  if (named.length > 0) return undefined; // named for CC in general, or for several vendors
  const vendor = fn.ccs.filter((t) => isVendorTech(model, t));
  return vendor.length === 1 ? vendor[0] : undefined;
}

/** `AmdSevNull.c`, `IoLibInternalTdxNull.c`: stubs that make a build link, not a feature. */
export function isNullStubFile(path: string): boolean {
  return /Null$/.test(relBasename(path).replace(/\..*$/, ''));
}

/**
 * The line that names a function (`SevPlatformFixup (` below `STATIC` and `VOID`): the start of
 * the span a reviewer reads. The model's span starts at the return type.
 */
export function nameLine(model: AnalysisModel, fn: CcFunction): number {
  if (fn.language !== 'c') return fn.line;
  const src = model.sources.get(fn.path);
  const cfn = src?.c?.functions.find((f) => f.name === fn.name && f.startLine === fn.line);
  const lines = src?.codeLines;
  if (!cfn || !lines) return fn.line;
  const word = new RegExp(`\\b${fn.name}\\b`);
  for (let l = fn.line; l <= cfn.bodyStartLine; l++) if (word.test(lines[l - 1] ?? '')) return l;
  return fn.line;
}

/** Cap a list of evidence, saying how many were left out. */
export function capEvidence(list: readonly Evidence[], max: number, what: string): Evidence[] {
  if (list.length <= max) return [...list];
  return [...list.slice(0, max), { kind: 'code', detail: `… and ${list.length - max} more ${what}` }];
}

/** `12–14` or `12`. */
export function lineSpan(line: number, endLine: number): string {
  return endLine > line ? `${line}–${endLine}` : `${line}`;
}

/** Read a numeric option, falling back to the default for anything that is not a finite number. */
export function numberOption(
  options: Readonly<Record<string, unknown>>,
  key: string,
  fallback: number,
): number {
  const v = options[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function booleanOption(
  options: Readonly<Record<string, unknown>>,
  key: string,
  fallback: boolean,
): boolean {
  const v = options[key];
  return typeof v === 'boolean' ? v : fallback;
}

export function stringListOption(
  options: Readonly<Record<string, unknown>>,
  key: string,
): string[] | undefined {
  const v = options[key];
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === 'string');
}

/**
 * What the naming rules share: the technologies a module's or file's name carries, the names to
 * suggest (spec: SecretDxe → SevSecretDxe, IoMmuDxe → IoMmuSevDxe), and which files exist for CC
 * by their content.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcFile, CcId, CcModule, Evidence } from '../../cc/model.js';
import { fileNameTechs } from '../../cc/names.js';
import { relBasename } from '../../workspace/paths.js';
import { levelDFunctions, unitsOf } from '../isolation/cc-units.js';
import { codeExtension, isCcModule, isNullStubFile, isVendorTech } from '../isolation/shared-code.js';

/** Technologies the module's names carry: BASE_NAME, INF file, directory, library classes. */
export function moduleNameTechs(model: AnalysisModel, m: CcModule): CcId[] {
  const names = new Set([
    m.baseName,
    relBasename(m.inf).replace(/\.inf$/i, ''),
    relBasename(m.inf.slice(0, m.inf.lastIndexOf('/'))),
  ]);
  for (const c of m.libraryClasses) names.add(c);
  const out = new Set<CcId>();
  for (const n of names) if (n) for (const t of fileNameTechs(n, model.table)) out.add(t);
  return [...out].sort();
}

/** A Null instance named after its class (`CcProbeLibNull`, `MemEncryptSevLibNull`). */
export function isNullNamedForClass(m: CcModule): boolean {
  return m.isNullInstance && m.libraryClasses.some((c) => m.baseName.startsWith(c));
}

const PHASE_PREFIX = /^(Base|Sec|Pei|Dxe|Smm|StandaloneMm|Mm|Uefi|Runtime)(?=[A-Z])/;
const PHASE_SUFFIX = /(RuntimeDxe|StandaloneMm|Dxe|Pei|Peim|Smm|Sec|Lib|Mm|Driver)$/;

/**
 * Names for a module: the tag in front (the spec's SevSecretDxe; for a library after its phase
 * prefix: DxeSevFooLib) and, as an alternative, before the phase suffix (the spec's IoMmuSevDxe).
 */
export function suggestModuleNames(
  baseName: string,
  tag: string,
  isLibrary: boolean,
): { primary: string; alternative?: string } {
  const prefix = isLibrary ? PHASE_PREFIX.exec(baseName) : null;
  const primary = prefix ? `${prefix[1]}${tag}${baseName.slice(prefix[1]!.length)}` : `${tag}${baseName}`;
  const suffix = PHASE_SUFFIX.exec(baseName);
  if (!suffix || suffix.index === 0) return { primary };
  const alternative = `${baseName.slice(0, suffix.index)}${tag}${suffix[1]}`;
  return alternative === primary ? { primary } : { primary, alternative };
}

/** Names for a file: the spec's `Xxx<Cc>` (HelperTdx.c) and the tag in front (TdxHelper.c). */
export function suggestFileNames(path: string, tag: string): { primary: string; alternative: string } {
  const base = relBasename(path);
  const ext = codeExtension(path);
  const stem = base.slice(0, base.length - ext.length);
  return { primary: `${stem}${tag}${ext}`, alternative: `${tag}${stem}${ext}` };
}

export interface FileContent {
  /** The vendor technologies the file's code serves (one, or several for a `Cc…` file). */
  readonly techs: readonly CcId[];
  readonly evidence: readonly Evidence[];
}

/** Non-weak touchpoints of each technology in the file. */
function strongTouchpoints(model: AnalysisModel, path: string): Map<CcId, number> {
  const out = new Map<CcId, number>();
  for (const tp of model.sources.get(path)?.touchpoints ?? []) {
    if (!tp.weak) out.set(tp.technology, (out.get(tp.technology) ?? 0) + 1);
  }
  return out;
}

/**
 * Whether a file exists for CC by its content, whatever its name says:
 * - every function (C) or code label (NASM) of it is a CC function, routine or macro — written
 *   for one technology (SEV's Pvalidate.nasm) or for several (then it serves CC in general); or
 * - every function is written for one technology or is a static helper only those call (IoMmuDxe's
 *   Helper.c: IoMmuTdxShare and IoMmuTdxUnshare are named for TDX, the static MapGpa that issues
 *   the TDVMCALL serves only them).
 * A file of one technology needs `minTouchpoints` (non-weak) touchpoints of it. Null stub files
 * (`*Null.c`) and files without functions (headers) are not judged.
 */
export function fileContent(
  model: AnalysisModel,
  file: CcFile,
  minTouchpoints: number,
): FileContent | undefined {
  if (isNullStubFile(file.path)) return undefined;
  const src = model.sources.get(file.path);
  if (!src) return undefined;
  const placed = levelDFunctions(model, file);
  const units = unitsOf(model, file, placed);
  const vendorOf = placed.map((p) => p.cc);
  const techs = [...new Set(vendorOf)].sort();
  const strong = strongTouchpoints(model, file.path);
  if (techs.length === 1 && units.whole(techs[0]!) && (strong.get(techs[0]!) ?? 0) >= minTouchpoints) {
    const cc = techs[0]!;
    return {
      techs,
      evidence: [
        {
          kind: 'code',
          detail: `every ${file.language === 'c' ? 'function' : 'routine'} of ${relBasename(file.path)} is ${cc.toUpperCase()} code: ${units.units.map((u) => u.name).join(', ')}`,
          path: file.path,
          line: units.units[0]?.line ?? 1,
        },
        ...units.units.slice(0, 3).flatMap((u) => u.parts[0]?.evidence.slice(0, 1) ?? []),
      ],
    };
  }
  if (file.language !== 'c' || !src.c || src.c.functions.length === 0) return undefined;
  const all = src.c.functions;
  const fns = file.functions;
  // Several technologies: only when every function is written for CC (a dispatch file).
  const vendorCcs = new Set<CcId>();
  for (const fn of fns) for (const t of fn.ccs) if (isVendorTech(model, t)) vendorCcs.add(t);
  if (vendorCcs.size > 1) {
    if (fns.length !== all.length || !fns.every((fn) => fn.role === 'cc-function')) return undefined;
    return {
      techs: [...vendorCcs].sort(),
      evidence: [
        {
          kind: 'code',
          detail: `every function of ${relBasename(file.path)} is CC code, for ${[...vendorCcs]
            .sort()
            .map((t) => t.toUpperCase())
            .join(' and ')}: ${fns.map((f) => f.name).join(', ')}`,
          path: file.path,
          line: fns[0]?.line ?? 1,
        },
      ],
    };
  }
  // One technology: its functions, plus the static helpers only they call (MapGpa in Helper.c).
  const cc = [...vendorCcs][0];
  if (cc === undefined || (strong.get(cc) ?? 0) < minTouchpoints) return undefined;
  const ccFunction = new Set(placed.filter((p) => p.cc === cc).map((p) => `${p.fn.name}@${p.fn.line}`));
  if (ccFunction.size === 0) return undefined;
  const isOurs = new Set(all.filter((f) => ccFunction.has(`${f.name}@${f.startLine}`)).map((f) => f.name));
  const callers = new Map<string, Set<string>>();
  for (const f of all)
    for (const c of f.calls)
      if (!c.member) callers.set(c.callee, (callers.get(c.callee) ?? new Set()).add(f.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const f of all) {
      if (isOurs.has(f.name) || !f.isStatic) continue;
      const by = [...(callers.get(f.name) ?? [])].filter((n) => n !== f.name);
      if (by.length > 0 && by.every((n) => isOurs.has(n))) {
        isOurs.add(f.name);
        grew = true;
      }
    }
  }
  if (!all.every((f) => isOurs.has(f.name))) return undefined;
  const helpers = all.filter((f) => !ccFunction.has(`${f.name}@${f.startLine}`)).map((f) => f.name);
  return {
    techs: [cc],
    evidence: [
      {
        kind: 'code',
        detail: `every function of ${relBasename(file.path)} is ${cc.toUpperCase()} code: ${all.map((f) => f.name).join(', ')}${helpers.length > 0 ? ` (${helpers.join(', ')} only called by ${cc.toUpperCase()} functions)` : ''}; ${strong.get(cc)} ${cc.toUpperCase()} touchpoints`,
        path: file.path,
        line: fns[0]?.line ?? 1,
      },
      ...fns.flatMap((f) => f.evidence.slice(0, 1)).slice(0, 3),
    ],
  };
}

/**
 * Whether every module building the file exists for exactly the file's technologies (SecretDxe.c
 * in SecretDxe, SEV): the module's name then speaks for the file. IoMmuDxe serves SEV and TDX,
 * so a TDX-only file in it still needs its tag.
 */
export function moduleSpeaksFor(model: AnalysisModel, path: string, techs: readonly CcId[]): boolean {
  const infs = model.cc.modulesOfFile.get(path) ?? [];
  if (infs.length === 0) return false;
  return infs.every((inf) => {
    const m = model.cc.moduleByInf.get(inf);
    if (!m || !isCcModule(m)) return false;
    const vendor = m.dedicatedTo.filter((t) => isVendorTech(model, t));
    return vendor.length === techs.length && techs.every((t) => vendor.includes(t));
  });
}

/** The module's main file (`IoMmuDxe.c` of IoMmuDxe): its name follows the module's. */
export function isModuleMainFile(model: AnalysisModel, path: string): boolean {
  const base = relBasename(path);
  const stem = base.slice(0, base.length - codeExtension(path).length);
  return (model.cc.modulesOfFile.get(path) ?? []).some(
    (inf) => model.cc.moduleByInf.get(inf)?.baseName === stem,
  );
}

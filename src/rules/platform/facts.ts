/**
 * Facts about resolved platforms that the platform and location rules share: what a resolution
 * builds and through which DSC line, whether an instance is a Null stand-in for the arch it is
 * built for, whether a module ends up in the firmware image, and small helpers for messages and
 * options.
 */
import type { AnalysedPlatform, AnalysisModel } from '../../analysis/model.js';
import type { CcId, CcModule, Evidence } from '../../cc/model.js';
import { cmp } from '../../diagnostics.js';
import type { Origin } from '../../metadata/model.js';
import type { LibraryBinding, PlatformResolution, ResolvedModule } from '../../platform/model.js';
import { relBasename } from '../../workspace/paths.js';

/** The vendor-neutral technology id of the built-in table. */
export const NEUTRAL_CC = 'cc';

/** `OvmfPkg/AmdSev/AmdSevX64.dsc` → `AmdSevX64`. */
export function platformName(dsc: string): string {
  return relBasename(dsc).replace(/\.dsc$/i, '');
}

/** `OvmfPkg/Library/CcExitLib/CcExitLib.inf` → `CcExitLib`. */
export function infName(inf: string): string {
  return relBasename(inf).replace(/\.inf$/i, '');
}

/** `file.dsc:12` with the file's base name only, for messages. */
export function shortOrigin(origin: Origin): string {
  return `${relBasename(origin.file)}:${origin.line}`;
}

/** `AmdSevX64.dsc:34, :73, AmdSevX64.fdf:12`: a short list of lines, the file named once per run. */
export function originList(origins: readonly Origin[]): string {
  const parts: string[] = [];
  let last = '';
  for (const o of origins) {
    const file = relBasename(o.file);
    parts.push(file === last ? `:${o.line}` : `${file}:${o.line}`);
    last = file;
  }
  return parts.join(', ');
}

/** Display name of a technology or sub-mode: `sev` → `SEV`, `sev-es` → `SEV-ES`. */
export function modeLabel(id: string): string {
  return id.toUpperCase();
}

export function isVendorTech(model: AnalysisModel, cc: CcId): boolean {
  const t = model.table.technologyById.get(cc);
  return t ? !t.vendorNeutral : cc !== NEUTRAL_CC;
}

/**
 * The vendor technologies a module exists for: those it is dedicated to (name, location, content),
 * and, for a module dedicated to CC in general (CcExitLib, IoMmuDxe), every vendor technology whose
 * code it holds as a standalone driver or library.
 */
export function technologiesServed(model: AnalysisModel, m: CcModule): CcId[] {
  const out = new Set(m.dedicatedTo.filter((t) => isVendorTech(model, t)));
  if (m.dedicatedTo.includes(NEUTRAL_CC)) {
    for (const t of m.techs)
      if (isVendorTech(model, t.cc) && (t.level === 'A' || t.level === 'B')) out.add(t.cc);
  }
  return [...out].sort(cmp);
}

/** A list of names for a message: `a, b and c`. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Evidence pointing at a DSC/FDF statement. */
export function dscEvidence(origin: Origin, detail: string): Evidence {
  return { kind: 'dsc', detail, path: origin.file, line: origin.line };
}

/** Cap a list of evidence, saying how many were left out. */
export function capEvidence(list: readonly Evidence[], max: number, what: string): Evidence[] {
  if (list.length <= max) return [...list];
  return [...list.slice(0, max), { kind: 'platform', detail: `… and ${list.length - max} more ${what}` }];
}

const NULL_NAME = /Null(Lib)?$/i;

/**
 * Why `inf` is a Null stand-in when built for `arch`, or undefined if it is a real instance: its
 * INF file or BASE_NAME ends in `Null` (`CcExitLibNull`, `TdxMeasurementNullLib`, an
 * `ArmCcaLibNull.inf` whose BASE_NAME is `ArmCcaLib`), or every source it builds for that arch is
 * a `…Null` file (MdePkg's TdxLib builds `TdxLibNull.c` for IA32).
 */
export function nullInstanceReason(model: AnalysisModel, inf: string, arch: string): string | undefined {
  if (NULL_NAME.test(infName(inf))) return `${infName(inf)} is a Null instance`;
  const module = model.store.inf(inf);
  if (!module) return undefined;
  if (NULL_NAME.test(module.baseName)) return `${module.baseName} is a Null instance`;
  const upper = arch.toUpperCase();
  const sources = module.sources.filter(
    (s) => (s.arch === 'common' || s.arch.toUpperCase() === upper) && /\.(c|nasm|asm|s)$/i.test(s.path),
  );
  if (sources.length > 0 && sources.every((s) => /Null\.[^.]+$/i.test(relBasename(s.path)))) {
    return `${module.baseName} builds only ${joinNames(sources.map((s) => relBasename(s.path)))} for ${upper}`;
  }
  return undefined;
}

/** One library binding as a resolution uses it: the class, the instance and the module linking it. */
export interface BindingUse {
  readonly binding: LibraryBinding;
  readonly module: ResolvedModule;
}

/** What a resolution builds under one INF path: component statements and library bindings. */
export interface BuiltInf {
  readonly inf: string;
  readonly components: readonly ResolvedModule[];
  readonly bindings: readonly BindingUse[];
}

const builtCache = new WeakMap<PlatformResolution, Map<string, BuiltInf>>();

/** Every INF a resolution builds (components, library instances, NULL hooks), by path. Cached per resolution. */
export function builtInfs(r: PlatformResolution): ReadonlyMap<string, BuiltInf> {
  const cached = builtCache.get(r);
  if (cached) return cached;
  const out = new Map<string, { inf: string; components: ResolvedModule[]; bindings: BindingUse[] }>();
  const entry = (inf: string) => {
    let e = out.get(inf);
    if (!e) {
      e = { inf, components: [], bindings: [] };
      out.set(inf, e);
    }
    return e;
  };
  for (const m of r.modules) {
    entry(m.inf).components.push(m);
    for (const b of m.libraries.values()) entry(b.instance).bindings.push({ binding: b, module: m });
    for (const b of m.nullLibraries) entry(b.instance).bindings.push({ binding: b, module: m });
  }
  builtCache.set(r, out);
  return out;
}

/** The DSC line that brought an INF into the build: its first component statement, else its first binding. */
export function firstOrigin(built: BuiltInf): Origin | undefined {
  const origins = [
    ...built.components.map((m) => m.component.origin),
    ...built.bindings.map((u) => u.binding.origin),
  ];
  origins.sort((a, b) => cmp(a.file, b.file) || a.line - b.line);
  return origins[0];
}

/**
 * Whether the module ends up in the firmware image: with an FDF, only modules some FV holds (or
 * that are linked into one as libraries); without one, every component counts.
 */
export function inImage(r: PlatformResolution, m: ResolvedModule): boolean {
  return r.fdf === undefined || m.fv.length > 0;
}

/** Platforms of the given roles, in model order. */
export function platformsWithRoles(model: AnalysisModel, roles: readonly string[]): AnalysedPlatform[] {
  return model.platforms.filter((p) => roles.includes(p.role));
}

/** The first line of `path` whose text matches `pattern` (1-based), else undefined. */
export function findLine(model: AnalysisModel, path: string, pattern: RegExp): number | undefined {
  const lines = model.ws.read(path)?.lines ?? [];
  const i = lines.findIndex((l) => pattern.test(l));
  return i < 0 ? undefined : i + 1;
}

/** A string-list option, or the fallback when absent or not a list of strings. */
export function stringListOption(
  options: Readonly<Record<string, unknown>>,
  key: string,
  fallback: readonly string[],
): readonly string[] {
  const v = options[key];
  if (!Array.isArray(v)) return fallback;
  return v.filter((x): x is string => typeof x === 'string');
}

/** A `{ key: string[] }` option, or the fallback when absent or malformed. */
export function stringListRecordOption(
  options: Readonly<Record<string, unknown>>,
  key: string,
  fallback: Readonly<Record<string, readonly string[]>>,
): Readonly<Record<string, readonly string[]>> {
  const v = options[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fallback;
  const out: Record<string, readonly string[]> = {};
  for (const [k, list] of Object.entries(v)) {
    if (Array.isArray(list)) out[k] = list.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/**
 * Which CC modes a resolved platform supports, and which of its modules run in each mode. Shared
 * by the platform rules of issue 6 (null-cc-instance, cc-library-phase, drift, fv-availability),
 * so that they agree on one answer and compute it once per platform from the analysis model.
 *
 * A *mode* is a technology id (`sev`, `tdx`, `cca`, or one a config adds) or one of its sub-modes
 * (`sev-es`, `sev-snp`, `svsm`): a Null CcExitLib matters in an SEV-ES guest, not in a plain SEV
 * one, and OvmfPkgIa32X64 supports SEV but not SEV-ES.
 */
import type { AnalysedPlatform, AnalysisModel } from '../../analysis/model.js';
import type { CcId, CcModule, Evidence } from '../../cc/model.js';
import { findTouchpoints } from '../../cc/touchpoints.js';
import { cmp } from '../../diagnostics.js';
import type { PlatformResolution, ResolvedModule } from '../../platform/model.js';
import { relBasename } from '../../workspace/paths.js';
import { isDynamicSection, platformFacts, samePcdValue } from './platform-facts.js';

export type CcMode = string;

/**
 * Module types that run in SMM. OVMF supports SMM in plain SEV guests only: SEV-ES and SEV-SNP
 * guests have no SMM (edk2 c28e376edc), a TD has none either, and Arm has no SMM at all.
 */
export const SMM_MODULE_TYPES: ReadonlySet<string> = new Set([
  'DXE_SMM_DRIVER',
  'SMM_CORE',
  'MM_STANDALONE',
  'MM_CORE_STANDALONE',
]);
const MODES_WITH_SMM: ReadonlySet<CcMode> = new Set(['sev']);

/**
 * Arches each built-in technology runs on. 32-bit x86 code (OvmfPkgIa32, the PEI phase of
 * OvmfPkgIa32X64) runs in plain SEV guests only: the #VC handling of SEV-ES and later needs X64
 * SEC and PEI, and a TD starts in long mode (TdxLib's IA32 build is its Null file).
 */
const MODE_ARCHES: Readonly<Record<CcMode, readonly string[]>> = {
  sev: ['IA32', 'X64'],
  'sev-es': ['X64'],
  'sev-snp': ['X64'],
  svsm: ['X64'],
  tdx: ['X64'],
  cca: ['AARCH64', 'ARM'],
};

/** Modes that come with another: the SEV-SNP code paths are those of SEV-ES plus page validation. */
const IMPLIED_MODES: Readonly<Record<CcMode, readonly CcMode[]>> = { 'sev-es': ['sev-snp'] };

/** The firmware volumes each mode never loads: TDX Config-B's NCCFV ("non-CC FV") is skipped in a TD. */
export const DEFAULT_UNLOADED_FVS: Readonly<Record<CcMode, readonly string[]>> = { tdx: ['NCCFV'] };

/**
 * Library classes whose real (non-Null) instance shows that a platform supports a technology:
 * they exist only to bring the platform up in that mode, unlike TdxLib or MemEncryptSevLib,
 * which shared modules pull into every x86 platform.
 */
export const DEFAULT_EVIDENCE_CLASSES: Readonly<Record<string, CcMode>> = {
  TdxHelperLib: 'tdx',
  ArmCcaLib: 'cca',
  ArmCcaInitPeiLib: 'cca',
};

/**
 * CC library classes and the modes in which a module linking them needs the real instance.
 * CcProbeLib answers "which CC guest am I" (SecMain, PlatformInitLib, IoLib and
 * IncompatiblePciDeviceSupport ask); CcExitLib is the #VC (SEV-ES and later) and #VE (TDX)
 * handler; VmgExitLib is its name before November 2022 (SEV-ES only).
 */
export const DEFAULT_CC_CLASS_MODES: Readonly<Record<string, readonly CcMode[]>> = {
  CcProbeLib: ['sev', 'tdx'],
  CcExitLib: ['sev-es', 'tdx'],
  VmgExitLib: ['sev-es'],
  MemEncryptSevLib: ['sev'],
  AmdSvsmLib: ['svsm'],
  MemEncryptTdxLib: ['tdx'],
  TdxLib: ['tdx'],
  TdxHelperLib: ['tdx'],
  TdxMailboxLib: ['tdx'],
  TdxMeasurementLib: ['tdx'],
  ArmCcaLib: ['cca'],
  ArmCcaInitPeiLib: ['cca'],
};

/** JSON Schema fragments of the options the platform rules share. */
export const UNLOADED_FVS_SCHEMA = {
  type: 'object',
  description:
    'Per CC mode (technology id or sub-mode), upper-case names of FDF volumes that mode never loads.',
  additionalProperties: { type: 'array', items: { type: 'string' } },
} as const;
export const CLASS_MODES_SCHEMA = {
  type: 'object',
  description: 'CC library class → the CC modes in which a module that links it needs its real instance.',
  additionalProperties: { type: 'array', items: { type: 'string' } },
} as const;
export const EVIDENCE_CLASSES_SCHEMA = {
  type: 'object',
  description:
    'Library class → the CC mode that a real (non-Null) instance of it proves the platform supports.',
  additionalProperties: { type: 'string' },
} as const;

export interface SupportOptions {
  readonly unloadedFvs: Readonly<Record<CcMode, readonly string[]>>;
  readonly classModes: Readonly<Record<string, readonly CcMode[]>>;
  readonly evidenceClasses: Readonly<Record<string, CcMode>>;
}

/** Reads the shared options, falling back to the defaults for anything malformed. */
export function supportOptions(options: Readonly<Record<string, unknown>>): SupportOptions {
  return {
    unloadedFvs: recordOfStringArrays(options.unloadedFvs) ?? DEFAULT_UNLOADED_FVS,
    classModes: recordOfStringArrays(options.classModes) ?? DEFAULT_CC_CLASS_MODES,
    evidenceClasses: recordOfStrings(options.evidenceClasses) ?? DEFAULT_EVIDENCE_CLASSES,
  };
}

function recordOfStringArrays(v: unknown): Record<string, string[]> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, list] of Object.entries(v)) {
    if (Array.isArray(list)) out[k] = list.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

function recordOfStrings(v: unknown): Record<string, string> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, s] of Object.entries(v)) if (typeof s === 'string') out[k] = s;
  return out;
}

/** The technology a mode belongs to: `sev-es` → `sev`; a technology id is its own base mode. */
export function technologyOfMode(model: AnalysisModel, mode: CcMode): CcId {
  if (model.table.technologyById.has(mode)) return mode;
  for (const t of model.table.technologies) if (t.subModes.includes(mode)) return t.id;
  return mode;
}

/** Every mode of a technology: its id and its sub-modes. */
export function modesOfTechnology(model: AnalysisModel, tech: CcId): CcMode[] {
  const t = model.table.technologyById.get(tech);
  return [...new Set([tech, ...(t?.subModes ?? [])])];
}

const MODE_LABELS: Readonly<Record<string, string>> = {
  sev: 'SEV',
  'sev-es': 'SEV-ES',
  'sev-snp': 'SEV-SNP',
  svsm: 'SVSM',
  tdx: 'TDX',
  cca: 'Arm CCA',
};

export function modeLabel(mode: CcMode): string {
  return MODE_LABELS[mode] ?? mode;
}

/** The FVs a mode never loads: its own list and its technology's. */
export function unloadedFvsOf(
  model: AnalysisModel,
  options: SupportOptions,
  mode: CcMode,
): ReadonlySet<string> {
  const tech = technologyOfMode(model, mode);
  return new Set([
    ...(options.unloadedFvs[mode] ?? []),
    ...(tech !== mode ? (options.unloadedFvs[tech] ?? []) : []),
  ]);
}

/**
 * Whether the image holds the module where a guest in this mode finds it: a library built on its
 * own never runs; with an FDF, a module in no FV, or only in volumes the mode skips, never runs.
 */
export function loadedIn(
  model: AnalysisModel,
  options: SupportOptions,
  r: PlatformResolution,
  m: ResolvedModule,
  mode: CcMode,
): boolean {
  if (m.isLibrary) return false;
  if (!r.fdf) return true;
  if (m.fv.length === 0) return false;
  const skipped = unloadedFvsOf(model, options, mode);
  return m.fv.some((fv) => !skipped.has(fv));
}

/** Whether a module of this type and arch can execute in the mode at all (SMM, 32-bit code, arch). */
export function executesIn(m: ResolvedModule, mode: CcMode): boolean {
  if (SMM_MODULE_TYPES.has(m.moduleType) && !MODES_WITH_SMM.has(mode)) return false;
  const arches = MODE_ARCHES[mode];
  return arches === undefined || arches.includes(m.arch);
}

/** Both: the module is in the image for this mode and can execute in it. */
export function runsIn(
  model: AnalysisModel,
  options: SupportOptions,
  r: PlatformResolution,
  m: ResolvedModule,
  mode: CcMode,
): boolean {
  return executesIn(m, mode) && loadedIn(model, options, r, m, mode);
}

/** A Null instance: the CC model says so, or its BASE_NAME ends in `Null` (…LibNull). */
export function isNullInstance(model: AnalysisModel, inf: string): boolean {
  let perModel = nullCache.get(model);
  if (!perModel) {
    perModel = new Map();
    nullCache.set(model, perModel);
  }
  let answer = perModel.get(inf);
  if (answer === undefined) {
    // ArmCcaLibNull.inf says BASE_NAME = ArmCcaLib: the file name counts as much as the BASE_NAME.
    const base = model.store.inf(inf)?.baseName ?? '';
    answer =
      model.cc.moduleByInf.get(inf)?.isNullInstance === true ||
      /Null$/i.test(base) ||
      /Null\.inf$/i.test(relBasename(inf));
    perModel.set(inf, answer);
  }
  return answer;
}

const nullCache = new WeakMap<AnalysisModel, Map<string, boolean>>();

export interface PlatformSupport {
  /** Supported modes with the evidence for each, sorted by mode. */
  readonly modes: ReadonlyMap<CcMode, readonly [Evidence, ...Evidence[]]>;
}

const supportCache = new WeakMap<PlatformResolution, Map<string, PlatformSupport>>();

/**
 * The CC modes a platform supports. A CC-specific platform supports every mode of its technology
 * (spec 1.3: it holds every feature of that CC). Any other platform supports a technology when
 * it puts a module dedicated to it into the image (AmdSevDxe, TdxDxe) or links a real instance of
 * an evidence class (TdxHelperLib, ArmCcaLib); a sub-mode (SEV-ES, SVSM) when, on top of that, a
 * running module links the real instance of a class needed only in that sub-mode (CcExitLib,
 * AmdSvsmLib). Real instances of TdxLib or MemEncryptSevLib prove nothing: shared modules pull
 * them into every x86 platform (Microvm, "no SEV", links them).
 */
export function platformSupport(
  model: AnalysisModel,
  platform: AnalysedPlatform,
  r: PlatformResolution,
  options: SupportOptions,
): PlatformSupport {
  const key = JSON.stringify(options);
  let perOptions = supportCache.get(r);
  if (!perOptions) {
    perOptions = new Map();
    supportCache.set(r, perOptions);
  }
  const cached = perOptions.get(key);
  if (cached) return cached;
  const found = computeSupport(model, platform, r, options);
  perOptions.set(key, found);
  return found;
}

function computeSupport(
  model: AnalysisModel,
  platform: AnalysedPlatform,
  r: PlatformResolution,
  options: SupportOptions,
): PlatformSupport {
  const modes = new Map<CcMode, Evidence[]>();
  const add = (mode: CcMode, e: Evidence): void => {
    const list = modes.get(mode) ?? [];
    if (list.length < 3 && !list.some((x) => x.detail === e.detail)) list.push(e);
    modes.set(mode, list);
  };
  const dscLine = { path: r.platform, line: 1 };

  if (platform.role === 'cc' && platform.cc) {
    for (const mode of modesOfTechnology(model, platform.cc)) {
      add(mode, {
        kind: 'config',
        detail: `${r.platform} is a CC-specific platform for ${modeLabel(platform.cc)} (spec 1.3: it holds every feature of that CC)`,
        ...dscLine,
      });
    }
  }

  const vendorTech = (t: CcId): boolean => model.table.technologyById.get(t)?.vendorNeutral === false;
  const registry = featureTechsByInf(model);
  // One image, whatever the arch each half is built for: the X64 DXE drivers of OvmfPkgIa32X64
  // show that its IA32 PEI boots SEV guests too.
  const image = platform.resolutions.length > 0 ? platform.resolutions : [r];
  for (const res of image) {
    moduleEvidence(model, options, res, registry, vendorTech, add);
  }

  // Sub-modes: a real instance of a class needed only in that sub-mode, in a running module.
  if (platform.role !== 'cc') {
    const supportedTechs = [...modes.keys()];
    for (const res of image) {
      for (const m of res.modules) {
        for (const b of m.libraries.values()) {
          const needed = options.classModes[b.className];
          if (!needed || isNullInstance(model, b.instance)) continue;
          for (const mode of needed) {
            const tech = technologyOfMode(model, mode);
            if (mode === tech || modes.has(mode) || !supportedTechs.includes(tech)) continue;
            if (!runsIn(model, options, res, m, mode)) continue;
            add(mode, {
              kind: 'dsc',
              detail: `links the real ${b.className} instance ${b.instance} (needed in ${modeLabel(mode)}) into ${m.inf}`,
              path: b.origin.file,
              line: b.origin.line,
            });
          }
        }
      }
    }
  }

  // SEV-SNP needs nothing of its own that a library class could show: a platform that handles
  // SEV-ES #VC exceptions runs the SNP code paths of the same modules.
  for (const [mode, implied] of Object.entries(IMPLIED_MODES)) {
    const why = modes.get(mode);
    if (!why) continue;
    for (const m of implied)
      for (const e of why)
        add(m, { ...e, detail: `${e.detail} (${modeLabel(m)} builds on ${modeLabel(mode)})` });
  }

  // A platform that boots through a reset vector of its own (OvmfXen and CloudHv use
  // XenResetVector, Bhyve its own) does not run the CC start-up of the reference's reset vector
  // (work area, SEV-ES and TDX early set-up): the CC drivers it carries over stay idle.
  if (platform.role !== 'cc') {
    const own = resetVectorOf(r);
    const ccVectors = new Set(
      model.platforms
        .filter((p) => p.role !== 'sibling')
        .flatMap((p) => p.resolutions)
        .map(resetVectorOf)
        .filter((v): v is string => v !== undefined),
    );
    if (own !== undefined && ccVectors.size > 0 && !ccVectors.has(own)) {
      // Unless the platform lays out the technology's memory itself (CloudHvX64 reserves the
      // SEV-SNP secrets and CPUID pages in its MEMFD): then its own start-up serves that CC.
      const laidOut = technologiesLaidOut(model, r);
      for (const mode of [...modes.keys()]) {
        const tech = technologyOfMode(model, mode);
        const set = laidOut.get(tech);
        if (!set) modes.delete(mode);
        else add(mode, set);
      }
    }
  }

  // An image with SMM cannot boot a guest that has no SMM (SEV-ES, SEV-SNP, TDX): such a build
  // (OvmfPkgX64 with -D SMM_REQUIRE=TRUE) supports plain SEV at most.
  if (image.some((res) => res.modules.some((m) => SMM_MODULE_TYPES.has(m.moduleType) && m.fv.length > 0))) {
    for (const mode of [...modes.keys()]) if (!MODES_WITH_SMM.has(mode)) modes.delete(mode);
  }

  const sorted = new Map<CcMode, readonly [Evidence, ...Evidence[]]>();
  for (const mode of [...modes.keys()].sort(cmp)) {
    const [first, ...rest] = modes.get(mode)!;
    if (first) sorted.set(mode, [first, ...rest]);
  }
  return { modes: sorted };
}

/** Evidence of the modes a platform supports from what one resolution builds and links. */
function moduleEvidence(
  model: AnalysisModel,
  options: SupportOptions,
  res: PlatformResolution,
  registry: ReadonlyMap<string, readonly CcId[]>,
  vendorTech: (t: CcId) => boolean,
  add: (mode: CcMode, e: Evidence) => void,
): void {
  for (const m of res.modules) {
    if (m.isLibrary) continue;
    const cm: CcModule | undefined = model.cc.moduleByInf.get(m.inf);
    if (cm && !cm.isNullInstance) {
      // The feature registry knows best (IoMmuDxe is vendor-neutral there, though its code may
      // hold one vendor's branch only); for modules it does not list, the CC model's dedication.
      const dedicated =
        registry.get(m.inf) ??
        cm.dedicatedTo.filter((t) => cm.techs.some((x) => x.cc === t && x.level === 'A'));
      for (const t of dedicated) {
        if (!vendorTech(t)) continue;
        if (!runsIn(model, options, res, m, t)) continue;
        add(t, {
          kind: 'platform',
          detail: `builds ${m.inf}, a module dedicated to ${modeLabel(t)}${m.fv.length > 0 ? ` (in ${m.fv.join(', ')})` : ''}`,
          path: m.component.origin.file,
          line: m.component.origin.line,
        });
      }
    }
    for (const b of m.libraries.values()) {
      const mode = options.evidenceClasses[b.className];
      if (mode === undefined || isNullInstance(model, b.instance) || !runsIn(model, options, res, m, mode))
        continue;
      add(mode, {
        kind: 'dsc',
        detail: `links the real ${b.className} instance ${b.instance} into ${m.inf}`,
        path: b.origin.file,
        line: b.origin.line,
      });
    }
    for (const b of m.nullLibraries) {
      const cmLib = model.cc.moduleByInf.get(b.instance);
      if (!cmLib || cmLib.isNullInstance) continue;
      for (const cls of cmLib.libraryClasses) {
        const mode = options.evidenceClasses[cls];
        if (mode === undefined || !runsIn(model, options, res, m, mode)) continue;
        add(mode, {
          kind: 'dsc',
          detail: `links ${b.instance} (${cls}) into ${m.inf} as a NULL hook`,
          path: b.origin.file,
          line: b.origin.line,
        });
      }
    }
  }
}

/** The reset vector an FDF places with `RuleOverride = RESET_VECTOR`, if any (any arch). */
export function resetVectorOf(r: PlatformResolution): string | undefined {
  for (const fv of r.fdf?.fvs ?? []) {
    for (const st of fv.infs)
      if (st.options.get('RULEOVERRIDE')?.toUpperCase() === 'RESET_VECTOR') return st.inf;
  }
  return undefined;
}

/** A platform's short name for messages: the DSC's file name without extension. */
export function platformName(dsc: string): string {
  return relBasename(dsc).replace(/\.dsc$/i, '');
}

const instanceCache = new WeakMap<AnalysisModel, Map<string, string[]>>();

/**
 * Real (non-Null) instances of a library class whose LIBRARY_CLASS accepts this module type, for
 * fix suggestions: the ones the analysed platforms already link first, then any the tree has.
 */
export function realInstancesFor(
  model: AnalysisModel,
  className: string,
  moduleType: string,
  arch: string,
): string[] {
  let perModel = instanceCache.get(model);
  if (!perModel) {
    perModel = new Map();
    instanceCache.set(model, perModel);
  }
  const key = `${className}\0${moduleType}\0${arch}`;
  const cached = perModel.get(key);
  if (cached) return cached;
  const linked = new Set<string>();
  for (const p of model.platforms) {
    for (const r of p.resolutions) {
      for (const m of r.modules) {
        const b = m.libraries.get(className);
        if (b) linked.add(b.instance);
      }
    }
  }
  const produced = model.cc.modules
    .filter((m) => m.isLibrary && m.libraryClasses.includes(className))
    .map((m) => m.inf);
  const accepts = (inf: string): boolean => {
    if (isNullInstance(model, inf)) return false;
    const lib = model.store.inf(inf);
    if (!lib) return false;
    const decls = lib.libraryClassDecls.filter((d) => d.arch === 'common' || d.arch === arch);
    const first = decls[0];
    if (!first || !decls.some((d) => d.name === className)) return false;
    return first.moduleTypes.length === 0 || first.moduleTypes.includes(moduleType);
  };
  const out = [
    ...[...linked].filter(accepts).sort(cmp),
    ...produced.filter((p) => !linked.has(p) && accepts(p)).sort(cmp),
  ];
  perModel.set(key, out);
  return out;
}

const registryCache = new WeakMap<AnalysisModel, Map<string, CcId[]>>();

/** INF → the technologies of the registry features that list it. */
function featureTechsByInf(model: AnalysisModel): Map<string, CcId[]> {
  let out = registryCache.get(model);
  if (out) return out;
  out = new Map();
  for (const f of model.config.features) {
    for (const inf of f.infs) {
      const list = out.get(inf) ?? [];
      if (!list.includes(f.cc)) list.push(f.cc);
      out.set(inf, list);
    }
  }
  registryCache.set(model, out);
  return out;
}

/**
 * Vendor technologies whose CC PCDs (signatures such as PcdOvmfSnpSecretsBase) the platform sets
 * itself to something else than the DEC default, with the first such setting as evidence.
 */
function technologiesLaidOut(model: AnalysisModel, r: PlatformResolution): Map<CcId, Evidence> {
  const out = new Map<CcId, Evidence>();
  const index = model.store.packageIndex();
  for (const [key, settings] of platformFacts(model, r).pcds) {
    const dot = key.lastIndexOf('.');
    const name = key.slice(dot + 1);
    const tp = findTouchpoints({ path: '<pcd>', text: name, language: 'metadata' }, model.table).find(
      (t) => t.text === name && !t.weak,
    );
    if (
      !tp ||
      out.has(tp.technology) ||
      model.table.technologyById.get(tp.technology)?.vendorNeutral !== false
    )
      continue;
    const set = settings[settings.length - 1]!;
    // Layout is fixed at build time (FDF regions, SETs, [PcdsFixedAtBuild]); a dynamic default
    // such as PcdSevEsIsEnabled|FALSE says nothing about the platform's memory.
    if (isDynamicSection(set.section)) continue;
    if (samePcdValue(set.value, index.pcdDefault(key.slice(0, dot), name, r.arch))) continue;
    out.set(tp.technology, {
      kind: 'dsc',
      detail: `sets ${name} = ${set.value} itself: it lays out ${modeLabel(tp.technology)} memory`,
      path: set.origin.file,
      line: set.origin.line,
    });
  }
  return out;
}

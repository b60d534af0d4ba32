/**
 * platform/one-image (spec 1.1): the common platform is one image that boots a plain guest and a
 * guest of every CC mode it supports, with its default defines. Two ways to break that: a library
 * class the mode needs resolved to a Null instance for modules that run in the mode (the real edk2
 * bug: CloudHvX64 and MicrovmX64 mapped CcProbeLib to CcProbeLibNull until 8b87eb9dfb, which let
 * untrusted option ROMs into SEV-SNP guests), and a basic module of the mode listed only under a
 * build switch that is off by default.
 */
import type { AnalysedPlatform, AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import type { ResolvedFeature } from '../../config/types.js';
import { cmp } from '../../diagnostics.js';
import type { Origin } from '../../metadata/model.js';
import type { PlatformResolution, ResolvedModule } from '../../platform/model.js';
import { resolvePlatformArchs } from '../../platform/resolve.js';
import type { Rule, RuleContext } from '../types.js';
import {
  DEFAULT_MODE_ARCHS,
  DEFAULT_REQUIRED_CLASSES,
  type ModeSupport,
  REQUIRED_CLASSES_SCHEMA,
  type RequiredClass,
  requiredClasses,
  supportedModes,
} from './cc-support.js';
import {
  builtInfs,
  capEvidence,
  dscEvidence,
  infName,
  inImage,
  isVendorTech,
  joinNames,
  modeLabel,
  NEUTRAL_CC,
  nullInstanceReason,
  platformName,
  platformsWithRoles,
  shortOrigin,
  stringListOption,
  stringListRecordOption,
} from './facts.js';
import { type InactiveReference, inactiveReferences } from './inactive-references.js';

const DEFAULT_OPTIONS = {
  /**
   * Platforms judged: the common platform and its siblings (CloudHvX64, MicrovmX64, OvmfXen, …),
   * each one image for the plain guest and the CC modes it supports. CC-specific platforms exist for
   * one mode and are platform/null-cc-instance's business.
   */
  platformRoles: ['common', 'sibling'],
  requiredClasses: DEFAULT_REQUIRED_CLASSES,
  modeArchs: DEFAULT_MODE_ARCHS,
  /** Module types that never run in a CC guest: OVMF supports no SMM or MM with SEV-ES, SNP or TDX. */
  exemptModuleTypes: [
    'SMM_CORE',
    'DXE_SMM_DRIVER',
    'MM_STANDALONE',
    'MM_CORE_STANDALONE',
    'HOST_APPLICATION',
  ],
  /** Firmware volumes a CC guest never loads (IntelTdxX64's non-CC FV). */
  fvsNotLoadedInCc: ['NCCFV'],
} as const;

interface NullGroup {
  readonly origin: Origin;
  readonly className: string;
  readonly instance: string;
  readonly reason: string;
  readonly modules: ResolvedModule[];
  readonly ccs: Set<CcId>;
  /** Mode labels (`SEV-ES`, `TDX`) the affected modules run in. */
  readonly modes: Set<string>;
}

function check(ctx: RuleContext): void {
  const { model, options } = ctx;
  const roles = stringListOption(options, 'platformRoles', DEFAULT_OPTIONS.platformRoles);
  const required = requiredClasses(options.requiredClasses);
  const modeArchs = stringListRecordOption(options, 'modeArchs', DEFAULT_OPTIONS.modeArchs);
  const exemptTypes = new Set(
    stringListOption(options, 'exemptModuleTypes', DEFAULT_OPTIONS.exemptModuleTypes).map((t) =>
      t.toUpperCase(),
    ),
  );
  const unloadedFvs = new Set(
    stringListOption(options, 'fvsNotLoadedInCc', DEFAULT_OPTIONS.fvsNotLoadedInCc).map((f) =>
      f.toUpperCase(),
    ),
  );
  for (const p of platformsWithRoles(model, roles)) {
    for (const r of defaultResolutions(model, p)) {
      const modes = supportedModes(model, r, required, modeArchs);
      const runsInCc = (m: ResolvedModule): boolean =>
        !exemptTypes.has(m.moduleType.toUpperCase()) &&
        inImage(r, m) &&
        !(m.fv.length > 0 && m.fv.every((fv) => unloadedFvs.has(fv.toUpperCase())));
      if (modes.size > 0) reportNullBindings(ctx, p, r, modes, required, runsInCc);
      reportLeftOut(ctx, p, r, modes);
    }
  }
}

/**
 * The platform as its default defines build it: the config's platform defines, without the
 * command line's `-D`, which describe another image than the one users boot by default. The
 * parse is cached in the store, so this costs a library resolution per platform.
 */
function defaultResolutions(model: AnalysisModel, p: AnalysedPlatform): readonly PlatformResolution[] {
  // Without `-D` the model's resolutions already are the default image.
  if (Object.keys(model.cliDefines).length === 0) return p.resolutions;
  return p.resolutions.map(
    (r) =>
      resolvePlatformArchs(model.store, p.dsc, {
        arch: r.arch,
        defines: model.config.platforms.defines,
      })[0] ?? r,
  );
}

/** The modes (technology and, where it matters, sub-mode) that need `className`. */
function modesNeeding(
  className: string,
  modes: ReadonlyMap<CcId, ModeSupport>,
  required: ReadonlyMap<CcId, readonly RequiredClass[]>,
): { cc: CcId; mode: string }[] {
  const out: { cc: CcId; mode: string }[] = [];
  for (const [cc, support] of modes) {
    const entry = (required.get(cc) ?? []).find(
      (e) => e.className === className && (e.subMode === undefined || support.subModes.has(e.subMode)),
    );
    if (entry) out.push({ cc, mode: entry.subMode ?? cc });
  }
  return out;
}

function reportNullBindings(
  ctx: RuleContext,
  p: AnalysedPlatform,
  r: PlatformResolution,
  modes: ReadonlyMap<CcId, ModeSupport>,
  required: ReadonlyMap<CcId, readonly RequiredClass[]>,
  runsInCc: (m: ResolvedModule) => boolean,
): void {
  const { model } = ctx;
  const groups = new Map<string, NullGroup>();
  for (const m of r.modules) {
    if (!runsInCc(m)) continue;
    for (const b of m.libraries.values()) {
      const reason = nullInstanceReason(model, b.instance, r.arch);
      if (!reason) continue;
      const needing = modesNeeding(b.className, modes, required);
      if (needing.length === 0) continue;
      const key = `${b.origin.file}:${b.origin.line}|${b.className}|${b.instance}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          origin: b.origin,
          className: b.className,
          instance: b.instance,
          reason,
          modules: [],
          ccs: new Set(),
          modes: new Set(),
        };
        groups.set(key, g);
      }
      g.modules.push(m);
      for (const n of needing) {
        g.ccs.add(n.cc);
        g.modes.add(modeLabel(n.mode));
      }
    }
  }
  for (const g of [...groups.values()].sort(
    (a, b) => cmp(a.origin.file, b.origin.file) || a.origin.line - b.origin.line,
  )) {
    g.modules.sort((a, b) => directness(a, g.className) - directness(b, g.className) || compareModules(a, b));
    const name = platformName(p.dsc);
    const types = [...new Set(g.modules.map((m) => m.moduleType))].sort(cmp);
    const modeList = joinNames([...g.modes].sort(cmp));
    const evidence: Evidence[] = [
      dscEvidence(g.origin, `maps ${g.className} to ${g.instance}: ${g.reason}`),
      ...supportEvidence(g.ccs, modes, g.className, required),
      ...capEvidence(
        g.modules.map((m) => moduleEvidence(m, g.className)),
        6,
        'modules',
      ),
    ];
    const ccs = [...g.ccs].sort(cmp);
    ctx.report({
      cc: ccs.length === 1 ? ccs[0]! : NEUTRAL_CC,
      path: g.origin.file,
      line: g.origin.line,
      endLine: g.origin.line,
      message: `${name} maps ${g.className} to the Null instance ${infName(g.instance)} for ${g.modules.length} ${joinNames(types)} ${g.modules.length === 1 ? 'module that runs' : 'modules that run'} in ${modeList} guests (${moduleList(g.modules)})`,
      evidence: evidence as [Evidence, ...Evidence[]],
      fix: nullFix(ctx.model, p, r, g, types),
      key: `${p.dsc}|${r.arch}|${g.className}|${g.instance}|${types.join(',')}`,
    });
  }
}

function supportEvidence(
  ccs: ReadonlySet<CcId>,
  modes: ReadonlyMap<CcId, ModeSupport>,
  className: string,
  required: ReadonlyMap<CcId, readonly RequiredClass[]>,
): Evidence[] {
  const out: Evidence[] = [];
  for (const cc of [...ccs].sort(cmp)) {
    const support = modes.get(cc);
    if (!support) continue;
    out.push(
      ...capEvidence(
        support.evidence.map((e) => ({ ...e, detail: `supports ${modeLabel(cc)}: ${e.detail}` })),
        2,
        `${modeLabel(cc)} evidence`,
      ),
    );
    const subMode = (required.get(cc) ?? []).find((e) => e.className === className)?.subMode;
    const subEvidence = subMode ? support.subModes.get(subMode) : undefined;
    if (subMode && subEvidence) {
      out.push(
        ...capEvidence(
          subEvidence.map((e) => ({ ...e, detail: `supports ${modeLabel(subMode)}: ${e.detail}` })),
          2,
          `${modeLabel(subMode)} evidence`,
        ),
      );
    }
  }
  return out;
}

/** 0 for a module that asks for the class itself, 1 for one that gets it through a library. */
function directness(m: ResolvedModule, className: string): number {
  return m.libraries.get(className)?.consumedBy === m.inf ? 0 : 1;
}

function compareModules(a: ResolvedModule, b: ResolvedModule): number {
  return (
    cmp(a.component.origin.file, b.component.origin.file) ||
    a.component.origin.line - b.component.origin.line ||
    cmp(a.inf, b.inf)
  );
}

function moduleEvidence(m: ResolvedModule, className: string): Evidence {
  const via = m.libraries.get(className)?.consumedBy;
  const through = via && via !== m.inf ? ` through ${infName(via)}` : '';
  const fv = m.fv.length > 0 ? `, in ${m.fv.join(', ')}` : '';
  return {
    kind: 'platform',
    detail: `${m.inf} (${m.moduleType}${fv}) links ${className}${through}`,
    path: m.component.origin.file,
    line: m.component.origin.line,
  };
}

/** `PlatformPei, CpuMpPei ×2`: base names, repeated builds counted. */
function moduleList(modules: readonly ResolvedModule[]): string {
  const counts = new Map<string, number>();
  for (const m of modules) counts.set(m.baseName, (counts.get(m.baseName) ?? 0) + 1);
  const names = [...counts.entries()].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n));
  return names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
}

/**
 * A real instance of the class that serves a module type: the one this platform links for other
 * modules first, then one another platform links, then any instance of the tree.
 */
function realInstanceFor(
  model: AnalysisModel,
  r: PlatformResolution,
  className: string,
  moduleType: string,
): { inf: string; where?: string } | undefined {
  const real = (inf: string): boolean => {
    const decl = model.store.inf(inf)?.libraryClassDecls.find((d) => d.name === className);
    if (!decl || nullInstanceReason(model, inf, r.arch) !== undefined) return false;
    const allowed = decl.moduleTypes.map((t) => t.toUpperCase());
    return allowed.length === 0 || allowed.includes(moduleType.toUpperCase());
  };
  const resolutions = [
    r,
    ...model.platforms.flatMap((p) => p.resolutions).filter((x) => x.platform !== r.platform),
  ];
  for (const res of resolutions) {
    for (const b of [...builtInfs(res).values()].sort((x, y) => cmp(x.inf, y.inf))) {
      const use = b.bindings.find((u) => u.binding.className === className);
      if (use && real(b.inf))
        return {
          inf: b.inf,
          where: `${platformName(res.platform)} links it at ${shortOrigin(use.binding.origin)}`,
        };
    }
  }
  const any = model.store
    .parsedInfs()
    .map((m) => m.path)
    .filter(real)
    .sort(cmp)[0];
  return any ? { inf: any } : undefined;
}

function nullFix(
  model: AnalysisModel,
  p: AnalysedPlatform,
  r: PlatformResolution,
  g: NullGroup,
  types: readonly string[],
): string {
  const byInstance = new Map<string, { where?: string; types: string[] }>();
  const unserved: string[] = [];
  for (const t of types) {
    const real = realInstanceFor(model, r, g.className, t);
    if (!real) {
      unserved.push(t);
      continue;
    }
    const e = byInstance.get(real.inf) ?? { ...(real.where ? { where: real.where } : {}), types: [] };
    e.types.push(t);
    byInstance.set(real.inf, e);
  }
  const targets = [...byInstance].map(
    ([inf, e]) => `${inf} for ${joinNames(e.types)}${e.where ? ` (${e.where})` : ''}`,
  );
  if (unserved.length > 0) targets.push(`a real instance for ${joinNames(unserved)}`);
  return `In ${platformName(p.dsc)}, map ${g.className} to ${joinNames(targets)} instead of ${infName(g.instance)} at ${shortOrigin(g.origin)}. If some of these modules can never run in a CC guest, give them the Null instance in a component-scoped <LibraryClasses> override with a comment saying why.`;
}

/** Basic features of the registry: the modules a CC mode cannot boot without (spec 2.2). */
function basicFeatureModules(model: AnalysisModel): Map<string, ResolvedFeature> {
  const out = new Map<string, ResolvedFeature>();
  for (const f of model.config.features) {
    if (f.kind !== 'basic') continue;
    for (const inf of f.infs) if (!out.has(inf)) out.set(inf, f);
  }
  return out;
}

/**
 * Whether leaving the INF out changes the image: a driver not built into it, or a NULL-class hook
 * linked into no module. A library of a real class is judged by what the class resolves to (a
 * Null instance is reported as such), not by the lines that name it.
 */
function isLeftOut(model: AnalysisModel, r: PlatformResolution, inf: string): boolean {
  const b = builtInfs(r).get(inf);
  const classes = (model.store.inf(inf)?.libraryClassDecls ?? []).map((d) => d.name);
  if (classes.length === 0) return !b?.components.some((m) => inImage(r, m));
  if (classes.some((c) => c !== 'NULL')) return false;
  return (b?.bindings.length ?? 0) === 0;
}

function reportLeftOut(
  ctx: RuleContext,
  p: AnalysedPlatform,
  r: PlatformResolution,
  modes: ReadonlyMap<CcId, ModeSupport>,
): void {
  const { model } = ctx;
  const basic = basicFeatureModules(model);
  if (basic.size === 0) return;
  const seen = new Set<string>();
  for (const ref of inactiveReferences(model, r, new Set(basic.keys()))) {
    if (seen.has(ref.inf) || !isLeftOut(model, r, ref.inf)) continue;
    const feature = basic.get(ref.inf)!;
    const vendor = isVendorTech(model, feature.cc);
    // A mode the platform otherwise supports, or — in the common image, which spec 1.1 asks to
    // boot in every CC mode — a mode offered only behind the switch.
    const ccs = vendor
      ? modes.has(feature.cc) || p.role === 'common'
        ? [feature.cc]
        : []
      : [...modes.keys()].sort(cmp);
    if (ccs.length === 0) continue;
    seen.add(ref.inf);
    reportOneLeftOut(ctx, p, r, ref, feature, ccs, modes);
  }
}

function macroValues(text: string, defines: ReadonlyMap<string, string>): string[] {
  const names = [
    ...new Set(
      [...text.matchAll(/\$\(([A-Za-z_]\w*)\)|\b(?:!ifn?def)\s+([A-Za-z_]\w*)/g)].map((m) => m[1] ?? m[2]!),
    ),
  ];
  return names.map((n) => `${n} = ${defines.get(n) ?? 'undefined'}`);
}

function reportOneLeftOut(
  ctx: RuleContext,
  p: AnalysedPlatform,
  r: PlatformResolution,
  ref: InactiveReference,
  feature: ResolvedFeature,
  ccs: readonly CcId[],
  modes: ReadonlyMap<CcId, ModeSupport>,
): void {
  const name = platformName(p.dsc);
  const inner = ref.conditionals[ref.conditionals.length - 1]!;
  const values = ref.conditionals.flatMap((c) => macroValues(c.opening.text, r.defines));
  const branch =
    inner.branch.line === inner.opening.line
      ? `\`${inner.opening.text}\``
      : `the \`${inner.branch.text}\` branch of \`${inner.opening.text}\``;
  const evidence: Evidence[] = [
    dscEvidence(ref.origin, `${ref.inf} is listed only here, in an inactive branch`),
    ...ref.conditionals.flatMap((c) => {
      const list = [dscEvidence(c.opening, `${c.opening.text}${macroSuffix(c.opening.text, r.defines)}`)];
      if (c.branch.line !== c.opening.line) list.push(dscEvidence(c.branch, c.branch.text));
      return list;
    }),
    {
      kind: 'config',
      detail:
        `feature ${feature.name} (${feature.cc}, basic, ${feature.source === 'builtin' ? 'built-in registry' : 'config'}): ${feature.description ?? ''}`.trim(),
    },
    ...ccs.flatMap((cc) =>
      capEvidence(
        (modes.get(cc)?.evidence ?? []).map((e) => ({
          ...e,
          detail: `supports ${modeLabel(cc)}: ${e.detail}`,
        })),
        2,
        `${modeLabel(cc)} evidence`,
      ),
    ),
  ];
  const modeList = joinNames(ccs.map(modeLabel));
  ctx.report({
    cc: ccs.length === 1 ? ccs[0]! : NEUTRAL_CC,
    path: ref.origin.file,
    line: ref.origin.line,
    endLine: ref.origin.line,
    message: `${name} leaves the basic ${modeLabel(feature.cc)} module ${infName(ref.inf)} out under its default defines: it is listed only inside ${branch}${values.length > 0 ? ` (${values.join(', ')})` : ''}, so a ${modeList} guest boots without it`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: `Build ${ref.inf} unconditionally in ${name} (move it out of \`${inner.opening.text}\`), or change the default of ${values.map((v) => v.split(' = ')[0]).join(', ') || 'the switch'} so that the default build includes it: spec 1.1 asks one image to boot in every CC mode it supports, without build switches.`,
    key: `${p.dsc}|${r.arch}|left-out|${ref.inf}`,
  });
}

function macroSuffix(text: string, defines: ReadonlyMap<string, string>): string {
  const v = macroValues(text, defines);
  return v.length > 0 ? ` (${v.join(', ')})` : '';
}

export const oneImage: Rule = {
  meta: {
    id: 'platform/one-image',
    title: 'The common platform boots in every CC mode it supports with default defines',
    specSection: '1.1',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A CC-required library class resolved to a Null instance, or a basic CC module left out by a default-off switch, in a platform that is one image for the plain guest and its CC modes.',
      what: [
        'For the common platform (OvmfPkgX64) and its siblings (CloudHvX64, MicrovmX64, OvmfXen, OvmfPkgIa32X64, …), resolved with their default defines, ccguard first reads which CC modes the platform supports — never assumed, always from what it builds: a driver that exists for the technology in the image (AmdSevDxe, TdxDxe), or a real instance of a class only a platform running that mode would choose (MemEncryptSevLib, AmdSvsmLib, TdxHelperLib, TdxMailboxLib; a real CcExitLib shows SEV-ES). It then reports:',
        '',
        '- every DSC line that resolves a library class that mode needs (option `requiredClasses`) to a Null instance for modules that run in that mode: one finding per mapping line, listing the modules. A Null instance is an INF or BASE_NAME ending in `Null`, or an instance that builds only `…Null` sources for the arch (MdePkg TdxLib for IA32). Modules that never run in a CC guest are left alone: SMM and MM types, modules in no firmware volume, modules only in a volume CC guests never load (NCCFV), arches the mode does not run in (IA32 PEI of OvmfPkgIa32X64).',
        '- every basic CC module (the feature registry) that the DSC or FDF lists only inside a conditional branch its default defines leave off. In the common platform this holds for every mode (spec 1.1: one image for all modes); in a sibling only for modes it otherwise supports.',
      ].join('\n'),
      why: 'Spec 1.1: "The one OVMF image can boot in normal OVMF mode, SEV mode, or TDX mode." A Null instance fails silently: the guest boots, the CC protection does not run. edk2 shipped exactly this: CloudHvX64 and MicrovmX64 (and the SEV platform) mapped CcProbeLib to CcProbeLibNull from 2022 until 8b87eb9dfb (January 2025), so CcProbe() said "not a CC guest", PCI option ROMs from the hypervisor were run in SEV-SNP guests and KVM failed to map them.',
      failing: [
        '```ini',
        '# OvmfPkgX64.dsc: SEC links the real CcExitLib (so SEV-ES #VC is handled), TdxDxe is built',
        '[LibraryClasses.common]',
        '  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf',
        '[LibraryClasses.common.PEIM]',
        '  CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf   # PEIMs get no #VC/#VE handling',
        '```',
      ].join('\n'),
      passing: [
        '```ini',
        '[LibraryClasses.common]',
        '  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf',
        '[Components]',
        '  OvmfPkg/QemuFlashFvbServicesRuntimeDxe/FvbServicesSmm.inf {',
        '    <LibraryClasses>',
        '      CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf   # SMM: never runs in a CC guest',
        '  }',
        '```',
      ].join('\n'),
      fix: 'Map the class to its real instance for the module types listed (the fix suggests the instance the platform or a CC platform already uses). Build basic CC modules unconditionally. If a module really never runs in a CC guest, give it the Null instance in a component-scoped override and say why in a comment.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        platformRoles: { type: 'array', items: { enum: ['common', 'sibling', 'cc'] } },
        requiredClasses: REQUIRED_CLASSES_SCHEMA,
        modeArchs: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        exemptModuleTypes: { type: 'array', items: { type: 'string' } },
        fvsNotLoadedInCc: { type: 'array', items: { type: 'string' } },
      },
    },
    defaultOptions: DEFAULT_OPTIONS,
  },
  check,
};

export default oneImage;

/**
 * platform/null-cc-instance: a platform that supports a CC mode resolves a CC library class to a
 * Null instance for a module that runs in that mode. Per module, through the whole library closure;
 * one finding per DSC mapping line, listing the modules it reaches.
 */
import type { AnalysedPlatform, AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { cmp } from '../../diagnostics.js';
import type { LibraryBinding, PlatformResolution, ResolvedModule } from '../../platform/model.js';
import type { Rule, RuleContext } from '../types.js';
import {
  type CcMode,
  CLASS_MODES_SCHEMA,
  DEFAULT_CC_CLASS_MODES,
  DEFAULT_EVIDENCE_CLASSES,
  DEFAULT_UNLOADED_FVS,
  EVIDENCE_CLASSES_SCHEMA,
  isNullInstance,
  modeLabel,
  type PlatformSupport,
  platformName,
  platformSupport,
  realInstancesFor,
  runsIn,
  type SupportOptions,
  supportOptions,
  technologyOfMode,
  UNLOADED_FVS_SCHEMA,
} from './cc-platform-support.js';
import { macrosSteeringLine, overriddenMacros } from './dsc-conditions.js';

const MAX_LISTED = 3;
const MAX_EVIDENCE_MODULES = 8;

interface Affected {
  readonly module: ResolvedModule;
  readonly modes: readonly CcMode[];
}

interface Group {
  readonly className: string;
  readonly binding: LibraryBinding;
  readonly resolution: PlatformResolution;
  readonly support: PlatformSupport;
  readonly affected: Affected[];
}

/**
 * The modes in which a class needs its real instance: the option table, else, for a class the CC
 * model knows only from its Null instance, the technologies that instance is dedicated to.
 */
function classModes(
  model: AnalysisModel,
  options: SupportOptions,
  className: string,
  instance: string,
): readonly CcMode[] {
  const listed = options.classModes[className];
  if (listed) return listed;
  const cm = model.cc.moduleByInf.get(instance);
  if (!cm?.isNullInstance) return [];
  return cm.dedicatedTo.filter((t) => model.table.technologyById.get(t)?.vendorNeutral === false);
}

/**
 * How a probe class's callers use its answer: `CcProbe () == CcGuestTypeIntelTdx` needs the real
 * instance in a TD only, `if (CcProbe ())` in every CC guest.
 */
export interface ProbeCall {
  /** The function whose result the callers compare. */
  readonly call: string;
  /** Constants a caller compares the result with → the modes that comparison is about. */
  readonly constants: Readonly<Record<string, readonly CcMode[]>>;
}

const DEFAULT_PROBE_CALLS: Readonly<Record<string, ProbeCall>> = {
  CcProbeLib: { call: 'CcProbe', constants: { CcGuestTypeIntelTdx: ['tdx'], CcGuestTypeAmdSev: ['sev'] } },
};

function probeCallsOption(v: unknown): Readonly<Record<string, ProbeCall>> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return DEFAULT_PROBE_CALLS;
  const out: Record<string, ProbeCall> = {};
  for (const [cls, spec] of Object.entries(v as Record<string, unknown>)) {
    const s = spec as { call?: unknown; constants?: unknown };
    if (typeof s?.call !== 'string' || typeof s.constants !== 'object' || s.constants === null) continue;
    const constants: Record<string, CcMode[]> = {};
    for (const [c, modes] of Object.entries(s.constants as Record<string, unknown>)) {
      if (Array.isArray(modes)) constants[c] = modes.filter((m): m is string => typeof m === 'string');
    }
    out[cls] = { call: s.call, constants };
  }
  return out;
}

interface ProbeUse {
  readonly modes: readonly CcMode[];
  /** The first call that needs the answer in every mode (no listed constant on its line). */
  readonly unqualifiedCall?: { readonly path: string; readonly line: number };
}

const probeCache = new WeakMap<AnalysisModel, Map<string, ProbeUse>>();

/**
 * The modes in which one consumer INF needs the probe's real answer, from its calls: each call
 * compared with a listed constant needs that constant's modes, any other call all of them.
 */
function consumerProbeUse(
  model: AnalysisModel,
  inf: string,
  probe: ProbeCall,
  all: readonly CcMode[],
): ProbeUse {
  let perModel = probeCache.get(model);
  if (!perModel) {
    perModel = new Map();
    probeCache.set(model, perModel);
  }
  const key = `${inf}\0${probe.call}\0${all.join(',')}`;
  const cached = perModel.get(key);
  if (cached) return cached;
  const callRe = new RegExp(`\\b${probe.call}\\s*\\(`);
  const modes = new Set<CcMode>();
  let unqualifiedCall: ProbeUse['unqualifiedCall'];
  for (const src of model.store.inf(inf)?.sources ?? []) {
    const lines = model.sources.get(src.path)?.codeLines ?? model.ws.read(src.path)?.lines ?? [];
    for (let i = 0; i < lines.length; i++) {
      if (!callRe.test(lines[i]!)) continue;
      const around = `${lines[i]} ${lines[i + 1] ?? ''}`;
      const hits = Object.entries(probe.constants).filter(([c]) => new RegExp(`\\b${c}\\b`).test(around));
      if (hits.length === 0) unqualifiedCall ??= { path: src.path, line: i + 1 };
      for (const mode of hits.length > 0 ? hits.flatMap(([, m]) => m) : all) modes.add(mode);
    }
  }
  const out: ProbeUse = {
    modes: [...modes].filter((m) => all.includes(m)).sort(cmp),
    ...(unqualifiedCall ? { unqualifiedCall } : {}),
  };
  perModel.set(key, out);
  return out;
}

/** The INFs of a module's closure that consume the class themselves (the module or a library). */
function consumersOf(model: AnalysisModel, m: ResolvedModule, className: string): string[] {
  const infs = [
    m.inf,
    ...[...m.libraries.values()].map((b) => b.instance),
    ...m.nullLibraries.map((b) => b.instance),
  ];
  return [...new Set(infs)].filter((inf) =>
    model.store
      .inf(inf)
      ?.libraryClasses.some((u) => u.name === className && (u.arch === 'common' || u.arch === m.arch)),
  );
}

/** The modes in which this module needs the class's real instance. */
function neededModes(
  model: AnalysisModel,
  options: SupportOptions,
  probes: Readonly<Record<string, ProbeCall>>,
  m: ResolvedModule,
  className: string,
  instance: string,
): readonly CcMode[] {
  const all = classModes(model, options, className, instance);
  const probe = probes[className];
  if (!probe || all.length === 0) return all;
  const modes = new Set<CcMode>();
  for (const inf of consumersOf(model, m, className)) {
    for (const mode of consumerProbeUse(model, inf, probe, all).modes) modes.add(mode);
  }
  return [...modes].sort(cmp);
}

function mappingScope(r: PlatformResolution, b: LibraryBinding, module: ResolvedModule): string {
  if (b.source === 'component') return `component ${module.inf}`;
  const mapping = r.dsc.libraryClasses.find(
    (m) => m.origin.file === b.origin.file && m.origin.line === b.origin.line && m.className === b.className,
  );
  const scopes = mapping?.scopes.map((s) => `${s.arch}.${s.moduleType}`) ?? [b.source];
  return `[LibraryClasses.${scopes.join(', ')}]`;
}

function technologies(model: AnalysisModel, modes: Iterable<CcMode>): CcId[] {
  return [...new Set([...modes].map((m) => technologyOfMode(model, m)))].sort(cmp);
}

export const nullCcInstance: Rule = {
  meta: {
    id: 'platform/null-cc-instance',
    title:
      'A platform that supports a CC mode links a Null instance of a CC library into a module that runs in it',
    specSection: '1.1',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A platform that supports a CC mode must not resolve a CC library class (probe, #VC/#VE, memory encryption, TDX, SVSM, CCA) to a Null instance for a module that runs in that mode.',
      what: [
        'For every analysed platform, ccguard works out the CC modes it supports. A CC-specific platform supports every mode of its technology; any other platform supports a technology when it puts a module dedicated to it into the image (AmdSevDxe, TdxDxe) or links the real instance of an evidence class (TdxHelperLib, ArmCcaLib, option `evidenceClasses`), and a sub-mode (SEV-ES, SVSM) when a running module also links the real instance of a class needed only in that sub-mode (CcExitLib, AmdSvsmLib); SEV-SNP comes with SEV-ES. A platform that boots through a reset vector of its own (OvmfXen, Bhyve) supports a technology only if it also lays out the memory of that technology itself (CloudHvX64 reserves the SEV-SNP pages); an image with SMM modules supports plain SEV at most.',
        '',
        'Then, for every module and every library class of its whole closure, it checks the classes of the option `classModes` (CcProbeLib, CcExitLib, MemEncryptSevLib, MemEncryptTdxLib, TdxLib, TdxHelperLib, TdxMailboxLib, TdxMeasurementLib, AmdSvsmLib, ArmCca*): if the instance is a Null one (its CC model says so, or its BASE_NAME or file name ends in `Null`) and the module runs in a supported mode that needs the class, that is a finding. For a probe class (option `probeCalls`: CcProbeLib) the callers in the closure decide the modes: `CcProbe () == CcGuestTypeIntelTdx` needs the real answer in a TD only, `if (CcProbe ())` in every CC guest. One finding per DSC mapping line, listing the modules it reaches.',
        '',
        'A module does not run in a mode when it is not in the image (a library built on its own, a module in no FV) or only in volumes the mode never loads (option `unloadedFvs`; TDX never loads NCCFV); SMM modules run in plain SEV guests only (SEV-ES, SEV-SNP and TDX guests have no SMM); 32-bit x86 modules (OvmfPkgIa32, the PEI phase of OvmfPkgIa32X64) run in plain SEV guests only.',
        '',
        'On a common platform the Null instances that default defines select are reported by `platform/one-image` (spec 1.1); this rule reports there only the ones a `-D` or config define selects (the mapping sits in an `!if` on a macro whose value differs from the DSC default), unless `platform/one-image` is off.',
      ].join('\n'),
      why: 'A Null instance compiles and links silently; it only returns "not a CC guest", does nothing or fails at run time. A module linking it in a CC guest skips a protection it needs (memory encryption of DMA buffers, #VC or #VE handling, the guest-type probe). edk2 shipped several such platforms: CcProbeLib was mapped to CcProbeLibNull in platforms that boot CC guests, and the TDX and SEV-ES enablement each needed a round of DSC fixes to replace Null instances.',
      failing: [
        '```ini',
        '# OvmfPkg/AmdSev/AmdSevX64.dsc: the SEV platform',
        '  OvmfPkg/IoMmuDxe/IoMmuDxe.inf {',
        '    <LibraryClasses>',
        '      MemEncryptSevLib|OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf',
        '  }',
        '```',
      ].join('\n'),
      passing: [
        '```ini',
        '[LibraryClasses.common.DXE_DRIVER]',
        '  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/PeiDxeMemEncryptSevLib.inf',
        '[Components]',
        '  OvmfPkg/IoMmuDxe/IoMmuDxe.inf',
        '```',
      ].join('\n'),
      fix: 'Map the class to its real instance for the affected module types (the fix names one the platform already links, or one the tree has), or remove the override that selects the Null instance. If the module truly never runs in that mode, move it to a volume the mode does not load or add its FV to `unloadedFvs`.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        classModes: CLASS_MODES_SCHEMA,
        evidenceClasses: EVIDENCE_CLASSES_SCHEMA,
        unloadedFvs: UNLOADED_FVS_SCHEMA,
        probeCalls: {
          type: 'object',
          description:
            'Probe classes whose callers decide the modes that matter: class → { call, constants: { constant → modes } }.',
          additionalProperties: {
            type: 'object',
            required: ['call', 'constants'],
            additionalProperties: false,
            properties: {
              call: { type: 'string' },
              constants: {
                type: 'object',
                additionalProperties: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    defaultOptions: {
      classModes: DEFAULT_CC_CLASS_MODES,
      evidenceClasses: DEFAULT_EVIDENCE_CLASSES,
      unloadedFvs: DEFAULT_UNLOADED_FVS,
      probeCalls: DEFAULT_PROBE_CALLS,
    },
  },

  check(context) {
    const { model } = context;
    const options = supportOptions(context.options);
    const probes = probeCallsOption(context.options.probeCalls);
    // platform/one-image judges the common platform under default defines; when it is off, this
    // rule reports there too.
    const leaveToOneImage = model.config.rules['platform/one-image']?.severity !== 'off';
    for (const platform of model.platforms) {
      const groups = new Map<string, Group>();
      for (const r of platform.resolutions) {
        const support = platformSupport(model, platform, r, options);
        if (support.modes.size === 0) continue;
        for (const m of r.modules) {
          for (const [className, b] of m.libraries) {
            if (!isNullInstance(model, b.instance)) continue;
            const modes = neededModes(model, options, probes, m, className, b.instance).filter(
              (mode) => support.modes.has(mode) && runsIn(model, options, r, m, mode),
            );
            if (modes.length === 0) continue;
            if (
              leaveToOneImage &&
              platform.role === 'common' &&
              overriddenMacros(model, r, macrosSteeringLine(model, b.origin)).length === 0
            ) {
              continue;
            }
            const key = `${className}\0${b.instance}\0${b.origin.file}\0${b.origin.line}`;
            let g = groups.get(key);
            if (!g) {
              g = { className, binding: b, resolution: r, support, affected: [] };
              groups.set(key, g);
            }
            if (!g.affected.some((a) => a.module === m)) g.affected.push({ module: m, modes });
          }
        }
      }
      for (const g of [...groups.values()].sort(
        (a, b) =>
          cmp(a.binding.origin.file, b.binding.origin.file) || a.binding.origin.line - b.binding.origin.line,
      )) {
        reportGroup(context.report, model, platform, g, options, probes);
      }
    }
  },
};

function reportGroup(
  report: RuleContext['report'],
  model: AnalysisModel,
  platform: AnalysedPlatform,
  g: Group,
  options: SupportOptions,
  probes: Readonly<Record<string, ProbeCall>>,
): void {
  const { binding: b, resolution: r, className, support } = g;
  const { dsc, role } = platform;
  const direct = (a: Affected): number =>
    a.module.libraries.get(className)?.consumedBy === a.module.inf ? 0 : 1;
  const affected = [...g.affected].sort(
    (x, y) =>
      direct(x) - direct(y) || cmp(x.module.inf, y.module.inf) || cmp(x.module.fileGuid, y.module.fileGuid),
  );
  const modes = [...new Set(affected.flatMap((a) => a.modes))].sort(cmp);
  const techs = technologies(model, modes);
  const cc = techs.length === 1 ? techs[0]! : 'cc';
  const name = platformName(dsc);
  const instanceName = model.store.inf(b.instance)?.baseName ?? b.instance;
  const infs = [...new Set(affected.map((a) => a.module.inf))];
  const listed =
    infs.slice(0, MAX_LISTED).join(', ') +
    (infs.length > MAX_LISTED ? ` and ${infs.length - MAX_LISTED} more` : '');
  const modeText = modes.map(modeLabel).join('/');

  const evidence: Evidence[] = [
    {
      kind: 'dsc',
      detail: `${className} → ${b.instance} (${mappingScope(r, b, affected[0]!.module)})`,
      path: b.origin.file,
      line: b.origin.line,
    },
  ];
  for (const mode of modes) {
    const why = support.modes.get(mode);
    if (why) evidence.push({ ...why[0], detail: `${name} supports ${modeLabel(mode)}: ${why[0].detail}` });
  }
  const macros = role === 'common' ? overriddenMacros(model, r, macrosSteeringLine(model, b.origin)) : [];
  if (macros.length > 0) {
    evidence.push({
      kind: 'dsc',
      detail: `selected because ${macros.map((x) => `$(${x})`).join(', ')} differs from the DSC default (default defines are platform/one-image's)`,
      path: b.origin.file,
      line: b.origin.line,
    });
  }
  const contrast = realBindingElsewhere(model, r, className);
  if (contrast) {
    evidence.push({
      kind: 'dsc',
      detail: `the same platform links the real ${className} instance ${contrast.binding.instance} into ${contrast.module}`,
      path: contrast.binding.origin.file,
      line: contrast.binding.origin.line,
    });
  }
  const probe = probes[className];
  if (probe) {
    const calls = new Map<string, { path: string; line: number }>();
    for (const a of affected) {
      for (const inf of consumersOf(model, a.module, className)) {
        const use = consumerProbeUse(model, inf, probe, classModes(model, options, className, b.instance));
        if (use.unqualifiedCall)
          calls.set(`${use.unqualifiedCall.path}:${use.unqualifiedCall.line}`, use.unqualifiedCall);
      }
    }
    for (const c of [...calls.values()].slice(0, MAX_LISTED)) {
      evidence.push({
        kind: 'code',
        detail: `${probe.call} () is called here with no technology-specific comparison: the answer matters in every CC mode`,
        path: c.path,
        line: c.line,
      });
    }
  }
  for (const a of affected.slice(0, MAX_EVIDENCE_MODULES)) {
    const via = a.module.libraries.get(className)?.consumedBy;
    evidence.push({
      kind: 'platform',
      detail: `${a.module.inf} (${a.module.moduleType}${a.module.fv.length > 0 ? `, ${a.module.fv.join('+')}` : ''}) runs in ${a.modes
        .map(modeLabel)
        .join('/')} mode${via && via !== a.module.inf ? `; ${className} comes in through ${via}` : ''}`,
      path: a.module.component.origin.file,
      line: a.module.component.origin.line,
    });
  }

  const first = affected[0]!.module;
  const real = realInstancesFor(model, className, first.moduleType, first.arch)[0];
  const fix = real
    ? `Map ${className} to a real instance such as ${real} for ${[...new Set(affected.map((a) => a.module.moduleType))].join('/')} modules at ${b.origin.file}:${b.origin.line}${
        b.source === 'component' ? ' (or drop the component override)' : ''
      }.`
    : `Map ${className} to a real instance for these modules at ${b.origin.file}:${b.origin.line}, or keep them out of the ${modeText} image.`;

  const [e0, ...rest] = evidence;
  report({
    cc,
    path: b.origin.file,
    line: b.origin.line,
    endLine: b.origin.line,
    message: `${name} supports ${modeText} but resolves ${className} to ${instanceName} for ${infs.length} module${
      infs.length === 1 ? '' : 's'
    } that run${infs.length === 1 ? 's' : ''} in that mode: ${listed}`,
    evidence: [e0!, ...rest],
    fix,
    key: `${dsc}|${className}|${b.instance}|${mappingScope(r, b, first)}`,
  });
}

/** A module of the same platform that links a real instance of the class (the inconsistency). */
function realBindingElsewhere(
  model: AnalysisModel,
  r: PlatformResolution,
  className: string,
): { module: string; binding: LibraryBinding } | undefined {
  for (const m of r.modules) {
    const b = m.libraries.get(className);
    if (b && !isNullInstance(model, b.instance)) return { module: m.inf, binding: b };
  }
  return undefined;
}

export default nullCcInstance;

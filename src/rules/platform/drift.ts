/**
 * platform/drift: a CC or sibling platform that has drifted from its reference platform where CC
 * code depends on it: CC PCDs its shared modules read but it never sets, dynamic CC PCDs its
 * modules write but it declares fixed, producers of what its CC modules wait for, and CC build
 * options. Each finding names both platforms and the line in each.
 */
import type { AnalysedPlatform, AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { findTouchpoints } from '../../cc/touchpoints.js';
import { cmp } from '../../diagnostics.js';
import type { BuildOption, Origin } from '../../metadata/model.js';
import type { PlatformResolution, ResolvedModule } from '../../platform/model.js';
import type { ReportedFinding, Rule } from '../types.js';
import {
  DEFAULT_CC_CLASS_MODES,
  DEFAULT_EVIDENCE_CLASSES,
  DEFAULT_UNLOADED_FVS,
  EVIDENCE_CLASSES_SCHEMA,
  modeLabel,
  type PlatformSupport,
  platformName,
  platformSupport,
  resetVectorOf,
  type SupportOptions,
  supportOptions,
  UNLOADED_FVS_SCHEMA,
} from './cc-platform-support.js';
import {
  closureInfs,
  depexGuids,
  type GuidUse,
  guidUses,
  isDynamicSection,
  mayProduce,
  type PcdSetting,
  type PlatformFacts,
  platformFacts,
  samePcdValue,
  saysProduces,
} from './platform-facts.js';

/** A build flag whose absence matters for CC guests, with the technology it serves. */
export interface SecurityBuildFlag {
  /** Regular expression over a build option's value. */
  readonly pattern: string;
  readonly cc: CcId;
  readonly why: string;
}

const DEFAULT_BUILD_FLAGS: readonly SecurityBuildFlag[] = [
  {
    pattern: '[-/]D\\s*TDX_GUEST_SUPPORTED\\b',
    cc: 'tdx',
    why: 'compiles the TDX guest support of shared modules (PlatformInitLib, MpInitLib)',
  },
  {
    pattern: '[-/]D\\s*CC_MEASUREMENT_ENABLE\\b',
    cc: 'cc',
    why: 'measures the boot into the CC event log (RTMRs)',
  },
  {
    pattern: 'common-page-size=0x1000|/ALIGN:4096|-segalign 0x1000',
    cc: 'cc',
    why: '4 KiB section alignment, without which DXE cannot map code read-only and data non-executable',
  },
  {
    pattern: '-fstack-protector|/GS(?!-)\\b',
    cc: 'cc',
    why: 'stack protection',
  },
];

function buildFlagsOption(v: unknown): readonly SecurityBuildFlag[] {
  if (!Array.isArray(v)) return DEFAULT_BUILD_FLAGS;
  const out: SecurityBuildFlag[] = [];
  for (const e of v as unknown[]) {
    const f = e as Partial<SecurityBuildFlag>;
    if (typeof f?.pattern !== 'string' || typeof f.cc !== 'string') continue;
    try {
      new RegExp(f.pattern);
    } catch {
      continue;
    }
    out.push({
      pattern: f.pattern,
      cc: f.cc,
      why: typeof f.why === 'string' ? f.why : 'security-relevant build option',
    });
  }
  return out;
}

/**
 * PCD name → the CC mode it matters in, where a config knows better than the signature's sub-mode
 * and than the readers (see `modeForReaders`). Empty by default.
 */
const DEFAULT_PCD_MODES: Readonly<Record<string, string>> = {};

function stringRecord(v: unknown): Record<string, string> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

type Report = (f: ReportedFinding) => void;

interface Side {
  readonly platform: AnalysedPlatform;
  readonly r: PlatformResolution;
  readonly facts: PlatformFacts;
  readonly name: string;
}

interface Compared extends Side {
  readonly support: PlatformSupport;
}

const ARCH_FAMILY: Readonly<Record<string, string>> = { IA32: 'x86', X64: 'x86', ARM: 'arm', AARCH64: 'arm' };
const family = (arch: string): string => ARCH_FAMILY[arch] ?? arch;

export const drift: Rule = {
  meta: {
    id: 'platform/drift',
    title: 'A CC or sibling platform drifts from its reference where CC code depends on it',
    specSection: '1.3',
    defaultSeverity: 'warning',
    docs: {
      summary:
        'Every CC platform and sibling platform must give the CC code it shares with its reference platform what that code needs: its layout and work-area PCDs, dynamic PCDs it writes, the producers it waits for and the CC build options.',
      what: [
        'Each CC-specific and sibling platform is compared with the reference platform (`platforms.reference` in the config, default the first common platform), for the arch family they share (x86 platforms are not compared with Arm ones). Only drift that CC code depends on is reported, and only for technologies the platform supports (see platform/null-cc-instance for how that is decided):',
        '',
        '- **unset PCD**: a PCD the reference sets (DSC or FDF, to something else than its DEC default) and the platform never sets, although a module or library of its image that the reference builds too lists it in `[Pcd]`, when the PCD is a CC signature (PcdOvmfWorkAreaBase, PcdSevEsWorkAreaBase, PcdOvmfSecGhcbBase, PcdOvmfSnpSecretsBase, …; the signature table, which a config can extend). Generic PCDs that CC modules also read are left out: AmdSevDxe reads PcdPciExpressBaseAddress on Q35 hosts only. Memory-layout and work-area PCDs of the FDF above all: left at 0, SEC and the reset vector write the SEV-ES work area or the GHCB at address 0. Base/Size pairs are one finding.',
        '- **PCD every sibling sets**: the same, when every other compared platform of the family (at least two) sets the PCD and neither this one nor the reference does.',
        '- **fixed where written**: a shared module of the platform writes a CC PCD (`PcdSet…(PcdName, …)` in its code) that the reference declares in a `[PcdsDynamic…]` section and the platform does not (the build then fails on `_PCD_SET_MODE_…` or the write is lost).',
        "- **missing producer**: a shared module whose depex waits for a protocol, PPI or GUID that a module of the reference declares it produces (`## PRODUCES`), while nothing in this platform's image lists it; for CC modules, CC producers or CC GUIDs.",
        '- **build option**: a CC build option of the reference (option `buildFlags`: `-D TDX_GUEST_SUPPORTED`, `-D CC_MEASUREMENT_ENABLE`, 4 KiB section alignment, stack protection) that the platform lacks for some module types.',
        '',
        '- **missed switch**: a generic BOOLEAN PCD a CC-specific platform leaves at its DEC default, while the reference and every sibling that sets it (at least three) agree on the other value, and a module of the platform that holds its CC code reads it: the platform missed a change all its peers got (AmdSevX64 and PcdFirstTimeWakeUpAPsBySipi before 8b66f9df1b).',
        '',
        "Intentional drift stays quiet: a platform that does not support a technology (Microvm has no SEV, AmdSevX64 no TDX) is not asked for that technology's PCDs, flags or producers, and PCDs no shared module reads are ignored.",
      ].join('\n'),
      why: "CC platforms are forks of the common one, and edk2's history shows them falling behind: the common work area and the SNP secrets and CPUID pages were added to OvmfPkgX64.fdf but not to AmdSevX64.fdf (fixed by 36b561623a and de463163d9: a broken OvmfSevMetadata table), and PcdConfidentialComputingGuestAttr was declared dynamic in the OVMF platforms but not in Microvm (adf070ff56: build failure). When PcdFirstTimeWakeUpAPsBySipi was set to FALSE for QEMU, every OVMF platform got it but AmdSevX64, and SEV and SNP guests stopped booting (8b66f9df1b).",
      failing: [
        '```ini',
        '# OvmfPkg/OvmfPkgX64.fdf (reference)',
        'SET gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase = $(MEMFD_BASE_ADDRESS) + gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaBase + 0x10',
        '# OvmfPkg/AmdSev/AmdSevX64.fdf: never sets it, but its SecMain and reset vector read it',
        '```',
      ].join('\n'),
      passing: [
        '```ini',
        '# OvmfPkg/AmdSev/AmdSevX64.fdf',
        '[FD.MEMFD]',
        '…',
        'SET gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase = $(MEMFD_BASE_ADDRESS) + gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaBase + 0x10',
        '```',
      ].join('\n'),
      fix: 'Bring the platform in line with the reference line the finding names: set the PCD in the same FD or DSC section, declare it in `[PcdsDynamicDefault]`, add the producing module to the image, or add the build option. If the drift is intended, suppress the finding with the reason.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        evidenceClasses: EVIDENCE_CLASSES_SCHEMA,
        unloadedFvs: UNLOADED_FVS_SCHEMA,
        pcdModes: {
          type: 'object',
          description:
            "PCD name → the CC mode (technology or sub-mode) it matters in, overriding its signature's sub-mode.",
          additionalProperties: { type: 'string' },
        },
        buildFlags: {
          type: 'array',
          description:
            'CC build options compared with the reference: regular expression over the option value, technology, why it matters.',
          items: {
            type: 'object',
            required: ['pattern', 'cc'],
            additionalProperties: false,
            properties: { pattern: { type: 'string' }, cc: { type: 'string' }, why: { type: 'string' } },
          },
        },
      },
    },
    defaultOptions: {
      evidenceClasses: DEFAULT_EVIDENCE_CLASSES,
      unloadedFvs: DEFAULT_UNLOADED_FVS,
      pcdModes: DEFAULT_PCD_MODES,
      buildFlags: DEFAULT_BUILD_FLAGS,
    },
  },

  check(context) {
    const { model } = context;
    const options: SupportOptions = supportOptions({
      ...context.options,
      classModes: DEFAULT_CC_CLASS_MODES,
    });
    const refDsc = model.config.platforms.reference ?? model.platforms.find((p) => p.role === 'common')?.dsc;
    const refPlatform = model.platforms.find((p) => p.dsc === refDsc);
    const refR = refPlatform?.resolutions[0];
    if (!refPlatform || !refR) return;
    const ref: Side = {
      platform: refPlatform,
      r: refR,
      facts: platformFacts(model, refR),
      name: platformName(refPlatform.dsc),
    };
    const compared: Compared[] = [];
    for (const p of model.platforms) {
      if (p.dsc === ref.platform.dsc || (p.role !== 'cc' && p.role !== 'sibling')) continue;
      // The reference's own arch first: OvmfPkgIa32X64 resolved for IA32 and X64 is compared by its
      // X64 half, as OvmfPkgX64 is built.
      const r =
        p.resolutions.find((x) => x.arch === refR.arch) ??
        p.resolutions.find((x) => family(x.arch) === family(refR.arch));
      if (!r) continue;
      compared.push({
        platform: p,
        r,
        facts: platformFacts(model, r),
        name: platformName(p.dsc),
        support: platformSupport(model, p, r, options),
      });
    }
    const flags = buildFlagsOption(context.options.buildFlags);
    const pcdModes = stringRecord(context.options.pcdModes) ?? DEFAULT_PCD_MODES;
    const ctx = new DriftContext(model, ref, context.report, pcdModes, compared);
    for (const side of compared) {
      ctx.unsetPcds(side);
      ctx.dynamicWrites(side);
      ctx.missingProducers(side);
      ctx.buildOptions(side, flags);
    }
    ctx.siblingConsensus(compared);
  },
};

class DriftContext {
  private readonly pcdTechCache = new Map<string, { cc: CcId; subMode?: string; weak: boolean } | null>();
  private readonly writesCache = new Map<string, { path: string; line: number; cc: boolean } | null>();
  private readonly definesTested = new Map<string, number>();

  constructor(
    private readonly model: AnalysisModel,
    private readonly ref: Side,
    private readonly report: Report,
    private readonly pcdModes: Readonly<Record<string, string>>,
    /** Every platform compared with the reference: the peers of a consensus. */
    private readonly compared: readonly Compared[],
  ) {}

  // ── CC relevance ────────────────────────────────────────────────────

  /** The technology a PCD name is a signature of, if any (non-weak signatures only). */
  private pcdTech(name: string): { cc: CcId; subMode?: string } | undefined {
    const t = this.pcdSignature(name);
    return t && !t.weak ? t : undefined;
  }

  private pcdSignature(name: string): { cc: CcId; subMode?: string; weak: boolean } | undefined {
    let t = this.pcdTechCache.get(name);
    if (t === undefined) {
      const found = findTouchpoints({ path: '<pcd>', text: name, language: 'metadata' }, this.model.table);
      const tp = found.find((x) => x.text === name && !x.weak) ?? found.find((x) => x.text === name);
      t = tp ? { cc: tp.technology, ...(tp.subMode ? { subMode: tp.subMode } : {}), weak: tp.weak } : null;
      this.pcdTechCache.set(name, t);
    }
    return t ?? undefined;
  }

  /** The vendor technologies an INF is dedicated to (a CC module or library). */
  private infTechs(inf: string): CcId[] {
    const cm = this.model.cc.moduleByInf.get(inf);
    if (!cm || cm.isNullInstance) return [];
    return cm.dedicatedTo.filter((t) => this.model.table.technologyById.get(t)?.vendorNeutral === false);
  }

  /** Whether the platform supports the technology, or its sub-mode (a vendor-neutral one: any CC mode). */
  private supports(side: Compared, cc: CcId, subMode?: string): boolean {
    if (this.model.table.technologyById.get(cc)?.vendorNeutral) return side.support.modes.size > 0;
    return side.support.modes.has(subMode ?? cc);
  }

  /**
   * The mode a sub-mode PCD matters in, given who reads it: its sub-mode, unless a reader is an
   * instance of a class the technology's plain mode needs (a MemEncryptSevLib that reads
   * PcdSevEsWorkAreaBase, where edk2 caches SEV_STATUS for every SEV guest since 2022).
   */
  private modeForReaders(
    pcd: { cc: CcId; subMode?: string },
    readers: readonly string[],
  ): string | undefined {
    if (!pcd.subMode || pcd.subMode === pcd.cc) return pcd.subMode;
    for (const inf of readers) {
      for (const d of this.model.store.inf(inf)?.libraryClassDecls ?? []) {
        if (DEFAULT_CC_CLASS_MODES[d.name]?.includes(pcd.cc)) return pcd.cc;
      }
    }
    return pcd.subMode;
  }

  /**
   * The CC technology a PCD matters for on this platform: the CC signature it is. A
   * vendor-neutral CC PCD (the work area) that the shared reset vector reads matters in every
   * guest: the reset vector writes the guest type there before anything knows the mode.
   */
  private relevance(side: Compared, key: string, readers: readonly string[]): CcId | undefined {
    const name = key.slice(key.lastIndexOf('.') + 1);
    const signature = this.pcdSignature(name);
    // A weak signature (PcdOvmfSecGhcbBase: a region TDX reuses) counts where a module that exists
    // for its technology reads it (AmdSevDxe).
    const byName =
      signature && (!signature.weak || readers.some((inf) => this.infTechs(inf).includes(signature.cc)))
        ? signature
        : undefined;
    if (byName) {
      const vector = resetVectorOf(side.r);
      const neutral = this.model.table.technologyById.get(byName.cc)?.vendorNeutral === true;
      if (neutral && vector !== undefined && readers.includes(vector)) return byName.cc;
      const mode = this.pcdModes[name] ?? this.modeForReaders(byName, readers);
      return this.supports(side, byName.cc, mode) ? byName.cc : undefined;
    }
    // A generic PCD that a CC module reads (AmdSevDxe and PcdPciExpressBaseAddress) is not CC
    // layout: the module may use it only on some hosts (Q35 there), so its absence proves nothing.
    return undefined;
  }

  /**
   * A generic BOOLEAN switch that a CC platform leaves at its DEC default while the reference and
   * every sibling that sets it (at least three) agree on another value, and that a module holding
   * the platform's CC code reads: the CC platform missed a change its peers all got. AmdSevX64
   * kept PcdFirstTimeWakeUpAPsBySipi TRUE, and SEV guests stopped booting, until 8b66f9df1b.
   */
  private consensusSwitch(
    side: Compared,
    key: string,
    set: PcdSetting,
    readers: readonly string[],
  ): { cc: CcId; peers: { name: string; origin: Origin }[] } | undefined {
    const cc = side.platform.cc;
    if (side.platform.role !== 'cc' || cc === undefined) return undefined;
    const [ts, name] = splitKey(key);
    if (this.model.store.packageIndex().pcd(ts, name)?.pcd.datumType !== 'BOOLEAN') return undefined;
    // The siblings (same arch family) that set it, and with which value.
    const settings = this.compared.flatMap((p) => {
      if (p === side || p.platform.role !== 'sibling' || family(p.r.arch) !== family(side.r.arch)) return [];
      const own = p.facts.pcds.get(key);
      const last = own?.[own.length - 1];
      return last ? [{ name: p.name, origin: last.origin, value: last.value }] : [];
    });
    if (settings.length < 3 || !settings.every((x) => samePcdValue(x.value, set.value))) return undefined;
    const holdsCc = readers.some((inf) => this.model.cc.moduleByInf.get(inf)?.techs.some((t) => t.cc === cc));
    return holdsCc ? { cc, peers: settings.map(({ name: n, origin }) => ({ name: n, origin })) } : undefined;
  }

  // ── unset PCDs ──────────────────────────────────────────────────────

  unsetPcds(side: Compared): void {
    const groups = new Map<
      string,
      {
        cc: CcId;
        items: {
          key: string;
          set: PcdSetting;
          readers: string[];
          peers?: { name: string; origin: Origin }[];
        }[];
      }
    >();
    for (const [key, settings] of this.ref.facts.pcds) {
      if (side.facts.pcds.has(key)) continue;
      const set = settings[settings.length - 1]!;
      if (isDynamicSection(set.section)) continue;
      const [ts, name] = splitKey(key);
      if (samePcdValue(set.value, this.model.store.packageIndex().pcdDefault(ts, name, this.ref.r.arch)))
        continue;
      const refReaders = this.ref.facts.readers.get(key);
      const readers = [...(side.facts.readers.get(key) ?? [])]
        .filter((inf) => refReaders?.has(inf))
        .sort(cmp);
      if (readers.length === 0) continue;
      const relevant = this.relevance(side, key, readers);
      const consensus = relevant ? undefined : this.consensusSwitch(side, key, set, readers);
      const cc = relevant ?? consensus?.cc;
      if (!cc) continue;
      const stem = `${ts}.${name.replace(/(Base|Size|Offset)$/, '')}`;
      const g = groups.get(stem) ?? { cc, items: [] };
      g.items.push({ key, set, readers, ...(consensus ? { peers: consensus.peers } : {}) });
      groups.set(stem, g);
    }
    for (const [stem, g] of [...groups].sort((a, b) => cmp(a[0], b[0]))) {
      const items = g.items.sort((a, b) => cmp(a.key, b.key));
      const first = items[0]!;
      const at = this.placeFor(side, first.set);
      const readers = this.modulesFirst([...new Set(items.flatMap((i) => i.readers))]);
      const names = items.map((i) => i.key);
      const dflt = this.model.store.packageIndex().pcdDefault(...splitKey(first.key), side.r.arch) ?? 'none';
      const evidence: Evidence[] = items.map((i) => ({
        kind: 'dsc',
        detail: `the reference ${this.ref.name} sets ${i.key} = ${i.set.value}`,
        path: i.set.origin.file,
        line: i.set.origin.line,
      }));
      evidence.push({
        kind: 'dsc',
        detail: `${side.name} sets ${names.length === 1 ? 'no' : 'none of'} ${names.join(', ')} in ${side.r.dsc.path}${side.r.fdf ? ` or ${side.r.fdf.path}` : ''}: it gets the DEC default ${dflt}`,
        path: at.file,
        line: at.line,
      });
      evidence.push(...this.readerEvidence(side, readers, first.key));
      const peers = first.peers;
      if (peers && peers.length > 0) {
        // A consensus switch (see consensusSwitch): the peers are the case.
        evidence.push({
          kind: 'dsc',
          detail: `every other x86 platform that sets it agrees: ${peers.map((p) => p.name).join(', ')} set ${first.key} = ${first.set.value}`,
          path: peers[0]!.origin.file,
          line: peers[0]!.origin.line,
        });
      }
      this.emit({
        cc: g.cc,
        at,
        message: `${side.name} never sets ${names.join(' / ')} (DEC default ${dflt}) though ${listed(readers.map(shortInf))} ${
          readers.length === 1 ? 'reads' : 'read'
        } it; the reference ${this.ref.name} sets it at ${first.set.origin.file}:${first.set.origin.line}`,
        evidence,
        fix: `Set ${names.join(' and ')} in ${at.file}${at.section ? ` (${at.section})` : ''} as ${this.ref.name} does at ${first.set.origin.file}:${first.set.origin.line}, adapted to this platform's layout.`,
        key: `${side.platform.dsc}|unset-pcd|${stem}`,
      });
    }
  }

  /** Where the platform should set a PCD that the reference sets with `set`. */
  private placeFor(side: Side, set: PcdSetting): Origin & { section?: string } {
    if (set.source === 'fdf' && side.r.fdf) {
      const fdName = enclosingFd(this.ref.r, set.origin);
      const fd = side.r.fdf.fds.find((f) => f.name.toUpperCase() === fdName) ?? side.r.fdf.fds[0];
      if (fd) return { ...fd.origin, section: `[FD.${fd.name}]` };
      return { file: side.r.fdf.path, line: 1 };
    }
    const same = side.r.dsc.pcds.find((p) => p.section === set.section && p.origin.file === side.r.dsc.path);
    if (same) {
      const header = sectionHeaderAbove(this.model, same.origin);
      return { ...header, ...(set.section ? { section: `[${set.section}]` } : {}) };
    }
    return { file: side.r.dsc.path, line: 1, ...(set.section ? { section: `[${set.section}]` } : {}) };
  }

  /** Readers with the modules (drivers, SEC, reset vector) before the libraries. */
  private modulesFirst(infs: readonly string[]): string[] {
    const isLib = (inf: string): number =>
      (this.model.store.inf(inf)?.libraryClassDecls.length ?? 0) > 0 ? 1 : 0;
    return [...infs].sort((a, b) => isLib(a) - isLib(b) || cmp(a, b));
  }

  private readerEvidence(side: Side, readers: readonly string[], key: string): Evidence[] {
    const name = key.slice(key.lastIndexOf('.') + 1);
    return readers.slice(0, 6).map((inf) => {
      const listing = this.model.store.inf(inf)?.pcds.find((p) => p.name === name);
      return {
        kind: 'inf' as const,
        detail: `${inf} lists ${name} in its [Pcd] sections and is linked into ${side.name}'s image`,
        path: inf,
        ...(listing ? { line: listing.origin.line } : {}),
      };
    });
  }

  // ── PCDs every sibling sets ─────────────────────────────────────────

  siblingConsensus(compared: readonly Compared[]): void {
    for (const side of compared) {
      const peers = compared.filter((p) => p !== side && family(p.r.arch) === family(side.r.arch));
      if (peers.length < 2) continue;
      const candidates = new Map<string, PcdSetting>();
      for (const [key, settings] of peers[0]!.facts.pcds) {
        if (side.facts.pcds.has(key) || this.ref.facts.pcds.has(key)) continue;
        if (!peers.every((p) => p.facts.pcds.has(key))) continue;
        const set = settings[settings.length - 1]!;
        if (isDynamicSection(set.section)) continue;
        candidates.set(key, set);
      }
      for (const [key, set] of [...candidates].sort((a, b) => cmp(a[0], b[0]))) {
        const readers = [...(side.facts.readers.get(key) ?? [])].sort(cmp);
        if (readers.length === 0) continue;
        const cc = this.relevance(side, key, readers);
        if (!cc) continue;
        const at = this.placeFor(side, set);
        const evidence: Evidence[] = peers.slice(0, 4).map((p) => {
          const s = p.facts.pcds.get(key)!;
          const last = s[s.length - 1]!;
          return {
            kind: 'dsc',
            detail: `${p.name} sets ${key} = ${last.value}`,
            path: last.origin.file,
            line: last.origin.line,
          };
        });
        evidence.push({ kind: 'dsc', detail: `${side.name} does not set it`, path: at.file, line: at.line });
        evidence.push(...this.readerEvidence(side, readers, key));
        this.emit({
          cc,
          at,
          message: `${side.name} never sets ${key}, which every other ${family(side.r.arch)} platform sets (${peers
            .map((p) => p.name)
            .join(', ')}) and ${listed(readers.map(shortInf))} ${readers.length === 1 ? 'reads' : 'read'}`,
          evidence,
          fix: `Set ${key} in ${at.file} as ${peers[0]!.name} does at ${set.origin.file}:${set.origin.line}.`,
          key: `${side.platform.dsc}|sibling-pcd|${key}`,
        });
      }
    }
  }

  // ── dynamic PCDs written by shared code ─────────────────────────────

  dynamicWrites(side: Compared): void {
    for (const [key, refSettings] of this.ref.facts.pcds) {
      const refDynamic = refSettings.find((s) => isDynamicSection(s.section));
      if (!refDynamic) continue;
      const own = side.facts.pcds.get(key) ?? [];
      if (own.some((s) => isDynamicSection(s.section))) continue;
      const [ts, name] = splitKey(key);
      const decl = this.model.store.packageIndex().pcd(ts, name, { arch: side.r.arch });
      // Undeclared in the DSC, a PCD the DEC allows only as dynamic stays dynamic.
      if (
        own.length === 0 &&
        decl &&
        !decl.pcd.kinds.some((k) => k === 'FixedAtBuild' || k === 'PatchableInModule')
      )
        continue;
      const refReaders = this.ref.facts.readers.get(key);
      const writers: { inf: string; path: string; line: number }[] = [];
      let ccWrite = false;
      for (const inf of [...(side.facts.readers.get(key) ?? [])].sort(cmp)) {
        if (!refReaders?.has(inf)) continue;
        const w = this.writes(inf, name);
        if (!w) continue;
        writers.push({ inf, path: w.path, line: w.line });
        ccWrite ||= w.cc;
      }
      if (writers.length === 0) continue;
      const byName = this.pcdTech(name);
      const cc = byName?.cc ?? (ccWrite ? 'cc' : writers.flatMap((w) => this.infTechs(w.inf))[0]);
      if (!cc) continue;
      const fixed = own[own.length - 1];
      const at: Origin = fixed ? fixed.origin : this.dynamicSectionOf(side);
      const evidence: Evidence[] = [
        {
          kind: 'dsc',
          detail: `the reference ${this.ref.name} declares ${key} in [${refDynamic.section}]`,
          path: refDynamic.origin.file,
          line: refDynamic.origin.line,
        },
        fixed
          ? {
              kind: 'dsc',
              detail: `${side.name} declares it in [${fixed.section ?? 'FDF'}]`,
              path: fixed.origin.file,
              line: fixed.origin.line,
            }
          : {
              kind: 'dsc',
              detail: `${side.name} does not declare it: BaseTools makes it FixedAtBuild`,
              path: at.file,
              line: at.line,
            },
        ...writers.slice(0, 4).map((w) => ({
          kind: 'code' as const,
          detail: `${shortInf(w.inf)} writes ${name} (PcdSet…) and is built by ${side.name}`,
          path: w.path,
          line: w.line,
        })),
      ];
      this.emit({
        cc,
        at,
        message: `${side.name} does not declare ${key} dynamic though ${listed(writers.map((w) => shortInf(w.inf)))} ${
          writers.length === 1 ? 'writes' : 'write'
        } it; the reference ${this.ref.name} declares it in [${refDynamic.section}] at ${refDynamic.origin.file}:${refDynamic.origin.line}`,
        evidence,
        fix: `Declare ${key} in a [${refDynamic.section}] section of ${side.r.dsc.path}${fixed ? ` instead of ${fixed.origin.file}:${fixed.origin.line}` : ''}, as ${this.ref.name} does.`,
        key: `${side.platform.dsc}|dynamic-pcd|${key}`,
      });
    }
  }

  /** The first `PcdSet…(Name` in an INF's sources, and whether that line is CC code. */
  private writes(inf: string, name: string): { path: string; line: number; cc: boolean } | undefined {
    const cacheKey = `${inf}\0${name}`;
    let found = this.writesCache.get(cacheKey);
    if (found !== undefined) return found ?? undefined;
    found = null;
    const re = new RegExp(`\\bPcdSet\\w*\\s*\\(\\s*(?:&?\\w+\\s*,\\s*)?${name}\\b`);
    for (const src of this.model.store.inf(inf)?.sources ?? []) {
      const scanned = this.model.sources.get(src.path);
      const file = this.model.ws.read(src.path);
      if (!file?.text.includes(name)) continue;
      const lines = scanned?.codeLines ?? file.lines;
      const i = lines.findIndex((l) => re.test(l));
      if (i < 0) continue;
      const line = i + 1;
      const cc = (scanned?.touchpoints ?? []).some((tp) => tp.line === line && !tp.weak);
      found = { path: src.path, line, cc };
      break;
    }
    this.writesCache.set(cacheKey, found);
    return found ?? undefined;
  }

  private dynamicSectionOf(side: Side): Origin {
    const dyn = side.r.dsc.pcds.find((p) => isDynamicSection(p.section) && p.origin.file === side.r.dsc.path);
    return dyn ? sectionHeaderAbove(this.model, dyn.origin) : { file: side.r.dsc.path, line: 1 };
  }

  // ── producers ───────────────────────────────────────────────────────

  missingProducers(side: Compared): void {
    const refModules = new Set(this.ref.facts.image.map((m) => m.inf));
    const reported = new Set<string>();
    for (const m of side.facts.image) {
      if (!refModules.has(m.inf)) continue;
      for (const g of depexGuids(m)) {
        const here = guidUses(side.facts, g.name).filter((u) => u.module.inf !== m.inf && mayProduce(u));
        if (here.length > 0) continue;
        const there = guidUses(this.ref.facts, g.name).filter(
          (u) => u.module.inf !== m.inf && saysProduces(u),
        );
        if (there.length === 0) continue;
        const cc = this.producerRelevance(side, m, g.name, there);
        if (!cc) continue;
        const dedupe = `${m.inf}\0${g.name}`;
        if (reported.has(dedupe)) continue;
        reported.add(dedupe);
        const producer = there[0]!;
        const evidence: Evidence[] = [
          {
            kind: 'inf',
            detail: `${shortInf(m.inf)} waits for ${g.name} in its [Depex]`,
            path: g.origin.file,
            line: g.origin.line,
          },
          ...there.slice(0, 3).map((u: GuidUse) => ({
            kind: 'dsc' as const,
            detail: `the reference ${this.ref.name} builds ${u.module.inf}, which produces ${g.name} (${u.inf}:${u.origin.line})`,
            path: u.module.component.origin.file,
            line: u.module.component.origin.line,
          })),
          {
            kind: 'dsc',
            detail: `no module of ${side.name}'s image lists ${g.name}: ${shortInf(m.inf)} never dispatches`,
            path: m.component.origin.file,
            line: m.component.origin.line,
          },
        ];
        this.emit({
          cc,
          at: m.component.origin,
          message: `${side.name} builds ${shortInf(m.inf)}, whose depex waits for ${g.name}, but nothing in its image produces it; the reference ${this.ref.name} builds the producer ${shortInf(producer.module.inf)} at ${producer.module.component.origin.file}:${producer.module.component.origin.line}`,
          evidence,
          fix: `Add ${producer.module.inf} (or another producer of ${g.name}) to ${side.r.dsc.path}${side.r.fdf ? ` and to an FV of ${side.r.fdf.path}` : ''}, or drop ${shortInf(m.inf)} from the platform.`,
          key: `${side.platform.dsc}|producer|${m.inf}|${g.name}`,
        });
      }
    }
  }

  private producerRelevance(
    side: Compared,
    m: ResolvedModule,
    guid: string,
    producers: readonly GuidUse[],
  ): CcId | undefined {
    const candidates = [
      ...this.infTechs(m.inf),
      ...producers.flatMap((u) => [...this.infTechs(u.module.inf), ...this.infTechs(u.inf)]),
    ];
    const byName = findTouchpoints(
      { path: '<guid>', text: guid, language: 'metadata' },
      this.model.table,
    ).find((x) => x.text === guid && !x.weak);
    if (byName) candidates.push(byName.technology);
    return candidates.find((t) => this.supports(side, t));
  }

  // ── build options ───────────────────────────────────────────────────

  buildOptions(side: Compared, flags: readonly SecurityBuildFlag[]): void {
    for (const flag of flags) {
      if (!this.supports(side, flag.cc)) continue;
      const re = new RegExp(flag.pattern);
      const refOptions = this.ref.r.dsc.buildOptions.filter(
        (o) => re.test(o.value) && appliesToArch(o, this.ref.r.arch),
      );
      if (refOptions.length === 0) continue;
      const own = side.r.dsc.buildOptions.filter((o) => re.test(o.value) && appliesToArch(o, side.r.arch));
      const missing = refOptions.filter((o) => !own.some((x) => covers(x, o)));
      if (missing.length === 0) continue;
      // A `-D NAME` matters only where code tests NAME: TDX_GUEST_SUPPORTED is read by
      // OvmfPkg/Sec alone, which IntelTdxX64 (with its own SEC) does not build.
      const defines = [
        ...new Set(
          missing.flatMap((o) => [...o.value.matchAll(/(?:^|\s)[-/]D\s*([A-Za-z_]\w*)/g)].map((m) => m[1]!)),
        ),
      ];
      const testedBy = defines.length > 0 ? this.codeTesting(side, defines) : undefined;
      if (testedBy !== undefined && testedBy.length === 0) continue;
      const first = missing[0]!;
      const types = [...new Set(missing.flatMap((o) => moduleTypesOf(o)))].sort(cmp);
      const families = [...new Set(missing.map((o) => o.family || 'all toolchains'))].sort(cmp);
      const at = this.buildOptionsSection(side);
      const label = flag.cc === 'cc' ? 'CC' : modeLabel(flag.cc);
      this.emit({
        cc: flag.cc,
        at,
        message: `${side.name} lacks the ${label} build option ${first.family ? `${first.family}:` : ''}${first.key} = ${first.value.trim()}${
          types.includes('common') ? '' : ` for ${types.join('/')} modules`
        }, which the reference ${this.ref.name} sets at ${first.origin.file}:${first.origin.line} (${flag.why})`,
        evidence: [
          ...missing.slice(0, 4).map(
            (o): Evidence => ({
              kind: 'dsc',
              detail: `the reference ${this.ref.name} sets ${o.family ? `${o.family}:` : ''}${o.key} = ${o.value.trim()}${scopeText(o)}`,
              path: o.origin.file,
              line: o.origin.line,
            }),
          ),
          ...(testedBy ?? []).slice(0, 3).map(
            (t): Evidence => ({
              kind: 'code',
              detail: `${t.inf} tests ${t.define} and is built by ${side.name}`,
              path: t.path,
              line: t.line,
            }),
          ),
          {
            kind: 'dsc' as const,
            detail:
              own.length > 0
                ? `${side.name} sets it only for ${[...new Set(own.flatMap(moduleTypesOf))].join('/')}`
                : `${side.name} never sets it (${families.join(', ')})`,
            path: at.file,
            line: at.line,
          },
        ],
        fix: `Add ${first.family ? `${first.family}:` : ''}${first.key} = ${first.value.trim()} to the matching [BuildOptions${
          types.includes('common') ? '' : `.common.EDKII.${types[0]}`
        }] section of ${side.r.dsc.path}.`,
        key: `${side.platform.dsc}|build-option|${flag.pattern}|${types.join(',')}`,
      });
    }
  }

  /** Sources of the platform's image (shared with the reference) that test one of the defines. */
  private codeTesting(
    side: Side,
    defines: readonly string[],
  ): { inf: string; define: string; path: string; line: number }[] {
    const refInfs = new Set(this.ref.facts.image.flatMap(closureInfs));
    const out: { inf: string; define: string; path: string; line: number }[] = [];
    const seen = new Set<string>();
    for (const m of side.facts.image) {
      for (const inf of closureInfs(m)) {
        if (seen.has(inf) || !refInfs.has(inf)) continue;
        seen.add(inf);
        for (const src of this.model.store.inf(inf)?.sources ?? []) {
          for (const define of defines) {
            const line = this.lineTesting(src.path, define);
            if (line > 0) out.push({ inf, define, path: src.path, line });
          }
        }
      }
    }
    return out.sort((a, b) => cmp(a.path, b.path) || a.line - b.line);
  }

  /**
   * The first `#if`/`#ifdef`/`#ifndef`/`#elif` line of a file that tests `define`, or 0. Asked
   * for the same files by every compared platform: answered once, from the raw text (most files
   * never name the define), without keeping the texts of the whole image alive.
   */
  private lineTesting(path: string, define: string): number {
    const key = `${path}\0${define}`;
    let line = this.definesTested.get(key);
    if (line === undefined) {
      line = 0;
      const file = this.model.ws.readTransient(path);
      if (file?.raw.includes(define)) {
        const re = new RegExp(`^\\s*#\\s*(if|ifdef|ifndef|elif)\\b.*\\b${define}\\b`);
        line = file.lines.findIndex((l) => re.test(l)) + 1;
      }
      this.definesTested.set(key, line);
    }
    return line;
  }

  private buildOptionsSection(side: Side): Origin {
    const first = side.r.dsc.buildOptions.find((o) => o.origin.file === side.r.dsc.path);
    return first ? sectionHeaderAbove(this.model, first.origin) : { file: side.r.dsc.path, line: 1 };
  }

  // ── output ──────────────────────────────────────────────────────────

  private emit(f: {
    cc: CcId;
    at: Origin;
    message: string;
    evidence: Evidence[];
    fix: string;
    key: string;
  }): void {
    const [e0, ...rest] = f.evidence;
    if (!e0) return;
    this.report({
      cc: f.cc,
      path: f.at.file,
      line: f.at.line,
      endLine: f.at.line,
      message: f.message,
      evidence: [e0, ...rest],
      fix: f.fix,
      key: f.key,
    });
  }
}

function splitKey(key: string): [string, string] {
  const dot = key.lastIndexOf('.');
  return [key.slice(0, dot), key.slice(dot + 1)];
}

/** The `[FD.NAME]` section (upper-case name) whose body holds this FDF line, if any. */
function enclosingFd(r: PlatformResolution, at: Origin): string | undefined {
  const fdf = r.fdf;
  if (!fdf) return undefined;
  const starts: { line: number; fd?: string }[] = [
    ...fdf.fds
      .filter((f) => f.origin.file === at.file)
      .map((f) => ({ line: f.origin.line, fd: f.name.toUpperCase() })),
    ...fdf.fvs.filter((f) => f.origin.file === at.file).map((f) => ({ line: f.origin.line })),
    ...fdf.rules.filter((f) => f.origin.file === at.file).map((f) => ({ line: f.origin.line })),
    ...fdf.capsules.filter((f) => f.origin.file === at.file).map((f) => ({ line: f.origin.line })),
  ];
  let best: { line: number; fd?: string } | undefined;
  for (const s of starts) if (s.line <= at.line && (!best || s.line > best.line)) best = s;
  return best?.fd;
}

/** The section header line above a statement (the `[…]` a reviewer looks for). */
function sectionHeaderAbove(model: AnalysisModel, at: Origin): Origin {
  const lines = model.ws.read(at.file)?.lines ?? [];
  for (let i = Math.min(at.line, lines.length) - 1; i >= 0; i--) {
    if (/^\s*\[/.test(lines[i]!)) return { file: at.file, line: i + 1 };
  }
  return at;
}

function appliesToArch(o: BuildOption, arch: string): boolean {
  if (o.arch !== 'common' && o.arch !== arch) return false;
  const keyArch = o.key.split('_')[2];
  return keyArch === undefined || keyArch === '*' || keyArch.toUpperCase() === arch;
}

function moduleTypesOf(o: BuildOption): string[] {
  const t = o.scope?.moduleType;
  return t && t !== 'common' ? [t] : ['common'];
}

/** Whether `own` gives the flag to every module type and toolchain family `ref` gives it to. */
function covers(own: BuildOption, ref: BuildOption): boolean {
  const familyOk = own.family === '' || own.family === ref.family;
  const ownTypes = moduleTypesOf(own);
  const typesOk = ownTypes.includes('common') || moduleTypesOf(ref).every((t) => ownTypes.includes(t));
  return familyOk && typesOk;
}

function scopeText(o: BuildOption): string {
  const t = moduleTypesOf(o);
  return t.includes('common') ? '' : ` for ${t.join('/')}`;
}

function shortInf(inf: string): string {
  const base = inf.slice(inf.lastIndexOf('/') + 1).replace(/\.inf$/i, '');
  return base;
}

function listed(names: readonly string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= 3) return unique.join(', ');
  return `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
}

export default drift;

/**
 * platform/fv-availability: a module or file that code in a volume a CC mode loads depends on
 * (depex, file GUID, PCD holding a file GUID) lives only in volumes that mode never loads (TDX
 * Config-B's NCCFV). One finding per platform, technology and unreachable module, at its FDF line.
 */
import type { AnalysedPlatform, AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { findTouchpoints } from '../../cc/touchpoints.js';
import { cmp } from '../../diagnostics.js';
import type { Origin } from '../../metadata/model.js';
import type { PlatformResolution, ResolvedModule } from '../../platform/model.js';
import type { Rule, RuleContext } from '../types.js';
import {
  type CcMode,
  DEFAULT_EVIDENCE_CLASSES,
  DEFAULT_UNLOADED_FVS,
  EVIDENCE_CLASSES_SCHEMA,
  loadedIn,
  modeLabel,
  platformName,
  platformSupport,
  runsIn,
  type SupportOptions,
  supportOptions,
  technologyOfMode,
  UNLOADED_FVS_SCHEMA,
} from './cc-platform-support.js';
import { closureInfs, depexGuids, guidUses, mayProduce, platformFacts } from './platform-facts.js';

/** Why a consumer needs the unreachable module. */
interface Reference {
  readonly consumer: ResolvedModule;
  readonly how: 'depex' | 'file GUID' | 'PCD';
  /** The GUID or PCD name. */
  readonly name: string;
  /** Where the consumer names it (INF depex line, `[Guids]` line, `[Pcd]` line). */
  readonly at: Origin;
  /** Where the unreachable module declares that it produces it (depex only). */
  readonly producedAt?: Origin;
}

interface Group {
  readonly target: ResolvedModule;
  readonly mode: CcMode;
  readonly refs: Reference[];
}

/** A registry-format GUID, or the C-array form `{0x…, …}` of a PCD value, as lower-case registry text. */
function guidText(value: string): string | undefined {
  const v = value.trim();
  const reg = /^\{?\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*\}?$/i.exec(v);
  if (reg) return reg[1]!.toLowerCase();
  const bytes = v.match(/0x[0-9a-f]{1,2}\b/gi);
  if (/^\{/.test(v) && bytes && bytes.length === 16) {
    const b = bytes.map((x) => Number.parseInt(x.slice(2), 16).toString(16).padStart(2, '0'));
    const le = (i: number, n: number): string =>
      b
        .slice(i, i + n)
        .reverse()
        .join('');
    return `${le(0, 4)}-${le(4, 2)}-${le(6, 2)}-${b.slice(8, 10).join('')}-${b.slice(10, 16).join('')}`;
  }
  return undefined;
}

/** Files BDS cannot do without: UefiBootManagerLib looks the boot manager menu up by this PCD. */
const DEFAULT_REQUIRED_FILE_PCDS: readonly string[] = [
  'gEfiMdeModulePkgTokenSpaceGuid.PcdBootManagerMenuFile',
];

export const fvAvailability: Rule = {
  meta: {
    id: 'platform/fv-availability',
    title: 'A module that a CC mode needs lives only in a firmware volume that mode never loads',
    specSection: '—',
    defaultSeverity: 'error',
    docs: {
      summary:
        'What a module in a loaded volume depends on (depex, file GUID, PCD holding a file GUID) must not live only in a volume that a supported CC mode never loads.',
      what: [
        'For every platform with an FDF and every CC mode it supports (see platform/null-cc-instance), ccguard takes the volumes that mode never loads (option `unloadedFvs`; by default TDX never loads NCCFV, the "non-CC" volume of TDX Config-B, which only a plain guest decompresses) and checks every module that runs in the mode:',
        '',
        '- **depex**: every protocol, PPI or GUID its `[Depex]` waits for has a producer (an INF of the image listing it with `## PRODUCES`, or with no usage comment) that the mode loads, when it has a producer at all;',
        '- **file GUID**: a GUID its INF lists that is the FILE_GUID of a module of the image;',
        '- **PCD**: a PCD its INF lists whose value in the platform is the FILE_GUID of a module of the image (PcdShellFile-style).',
        '',
        "File and PCD references are reported where CC code is involved (the consumer or the target is CC code, or the GUID or PCD is a CC signature): a plain guest's shell or UiApp left out of a TD is by design. The PCDs of option `requiredFilePcds` name files every guest needs, and are reported whatever the code: by default `PcdBootManagerMenuFile`, whose BootManagerMenuApp edk2 moved to NCCFV in 03a07cb0f5, so that BDS asserted in every TD until f272dd7ea3. One finding per platform, technology and unreachable module, at its FDF line, listing who needs it.",
      ].join('\n'),
      why: 'TDX Config-B splits DXE into DXEFV, loaded in every guest, and NCCFV, loaded only when the guest is not a TD. A driver that a TD needs but that lives only in NCCFV is silently absent in exactly the guest that needs it: its dependants never dispatch and no error is printed.',
      failing: [
        '```ini',
        '[FV.DXEFV]',
        'INF  OvmfPkg/IntelTdx/TdAttestationDxe/TdAttestationDxe.inf   # [Depex] gEdkiiMemoryAcceptProtocolGuid',
        '[FV.NCCFV]',
        'INF  OvmfPkg/TdxDxe/TdxDxe.inf                                # produces gEdkiiMemoryAcceptProtocolGuid',
        '```',
      ].join('\n'),
      passing: [
        '```ini',
        '[FV.DXEFV]',
        'INF  OvmfPkg/TdxDxe/TdxDxe.inf',
        'INF  OvmfPkg/IntelTdx/TdAttestationDxe/TdAttestationDxe.inf',
        '```',
      ].join('\n'),
      fix: 'Move the needed module into a volume every mode loads (DXEFV), or move its dependants into the same mode-specific volume. If a volume is loaded in that mode after all, correct `unloadedFvs`.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        unloadedFvs: UNLOADED_FVS_SCHEMA,
        evidenceClasses: EVIDENCE_CLASSES_SCHEMA,
        requiredFilePcds: {
          type: 'array',
          description:
            'PCDs (`Name` or `TokenSpace.Name`) whose value is the FILE_GUID of a module every guest needs, CC code or not.',
          items: { type: 'string' },
        },
      },
    },
    defaultOptions: {
      unloadedFvs: DEFAULT_UNLOADED_FVS,
      evidenceClasses: DEFAULT_EVIDENCE_CLASSES,
      requiredFilePcds: DEFAULT_REQUIRED_FILE_PCDS,
    },
  },

  check(context) {
    const { model } = context;
    const options = supportOptions(context.options);
    const list = context.options.requiredFilePcds;
    const requiredPcds = new Set(
      Array.isArray(list)
        ? list.filter((x): x is string => typeof x === 'string')
        : DEFAULT_REQUIRED_FILE_PCDS,
    );
    for (const platform of model.platforms) {
      for (const r of platform.resolutions) {
        if (!r.fdf) continue;
        const support = platformSupport(model, platform, r, options);
        // One finding per module and technology: the first mode (the technology's own, when
        // it is among them) speaks for its sub-modes, which load the same volumes.
        const reported = new Set<string>();
        for (const mode of support.modes.keys()) {
          const tech = technologyOfMode(model, mode);
          for (const g of unreachable(model, options, r, mode, requiredPcds)) {
            const key = `${tech}\0${g.target.inf}\0${g.target.fileGuid}`;
            if (reported.has(key)) continue;
            reported.add(key);
            reportGroup(context.report, model, platform, r, g, support.modes.get(mode)![0]);
          }
        }
      }
    }
  },
};

function unreachable(
  model: AnalysisModel,
  options: SupportOptions,
  r: PlatformResolution,
  mode: CcMode,
  requiredPcds: ReadonlySet<string>,
): Group[] {
  const facts = platformFacts(model, r);
  const missing = (m: ResolvedModule): boolean => m.fv.length > 0 && !loadedIn(model, options, r, m, mode);
  if (!facts.image.some(missing)) return [];
  const groups = new Map<ResolvedModule, Group>();
  const add = (target: ResolvedModule, ref: Reference): void => {
    const g = groups.get(target) ?? { target, mode, refs: [] };
    if (!g.refs.some((x) => x.consumer === ref.consumer && x.name === ref.name)) g.refs.push(ref);
    groups.set(target, g);
  };
  const byFileGuid = new Map<string, ResolvedModule[]>();
  for (const m of facts.image) {
    const list = byFileGuid.get(m.fileGuid) ?? [];
    list.push(m);
    byFileGuid.set(m.fileGuid, list);
  }
  const index = model.store.packageIndex();

  for (const consumer of facts.image) {
    if (!runsIn(model, options, r, consumer, mode)) continue;
    for (const g of depexGuids(consumer)) {
      const producers = guidUses(facts, g.name).filter((u) => u.module !== consumer && mayProduce(u));
      if (producers.length === 0 || producers.some((u) => !missing(u.module))) continue;
      for (const u of producers)
        add(u.module, { consumer, how: 'depex', name: g.name, at: g.origin, producedAt: u.origin });
    }
    for (const inf of closureInfs(consumer)) {
      const module = model.store.inf(inf);
      if (!module) continue;
      for (const u of module.guids) {
        if (u.arch !== 'common' && u.arch !== r.arch) continue;
        const value = index.guid(u.name)?.declaration.value;
        const targets = value
          ? (byFileGuid.get(value.toLowerCase()) ?? []).filter((t) => t !== consumer)
          : [];
        if (targets.length === 0 || targets.some((t) => !missing(t))) continue;
        for (const t of targets)
          if (isCcReference(model, consumer, t, u.name))
            add(t, { consumer, how: 'file GUID', name: u.name, at: u.origin });
      }
      for (const p of module.pcds) {
        if (p.arch !== 'common' && p.arch !== r.arch) continue;
        const value = r.pcdValue(p.tokenSpace, p.name);
        const guid = value === undefined ? undefined : guidText(value);
        const targets = guid ? (byFileGuid.get(guid) ?? []).filter((t) => t !== consumer) : [];
        if (targets.length === 0 || targets.some((t) => !missing(t))) continue;
        // A file every guest needs (option `requiredFilePcds`) counts whether CC code is
        // involved or not: IntelTdxX64's PcdBootManagerMenuFile named BootManagerMenuApp in
        // NCCFV, and BDS asserted in every TD until f272dd7ea3.
        const required = requiredPcds.has(p.name) || requiredPcds.has(`${p.tokenSpace}.${p.name}`);
        for (const t of targets)
          if (required || isCcReference(model, consumer, t, p.name))
            add(t, { consumer, how: 'PCD', name: `${p.tokenSpace}.${p.name}`, at: p.origin });
      }
    }
  }
  return [...groups.values()].sort((a, b) => cmp(a.target.inf, b.target.inf));
}

/** File and PCD references count where CC code is involved. */
function isCcReference(
  model: AnalysisModel,
  consumer: ResolvedModule,
  target: ResolvedModule,
  name: string,
): boolean {
  const cc = (inf: string): boolean => (model.cc.moduleByInf.get(inf)?.techs.length ?? 0) > 0;
  if (cc(consumer.inf) || cc(target.inf)) return true;
  return findTouchpoints({ path: '<name>', text: name, language: 'metadata' }, model.table).some(
    (t) => t.text === name && !t.weak,
  );
}

/** The FDF `INF` line that places the module in one of its volumes. */
function fdfLine(r: PlatformResolution, m: ResolvedModule): Origin {
  for (const fv of r.fdf?.fvs ?? []) {
    if (!m.fv.includes(fv.name)) continue;
    const st = fv.infs.find((s) => s.inf === m.inf && !s.apriori);
    if (st) return st.origin;
  }
  return { file: r.fdf?.path ?? r.platform, line: 1 };
}

function reportGroup(
  report: RuleContext['report'],
  model: AnalysisModel,
  platform: AnalysedPlatform,
  r: PlatformResolution,
  g: Group,
  supportEvidence: Evidence,
): void {
  const at = fdfLine(r, g.target);
  const name = platformName(platform.dsc);
  const label = modeLabel(g.mode);
  const refs = [...g.refs].sort((a, b) => cmp(a.consumer.inf, b.consumer.inf) || cmp(a.name, b.name));
  const consumers = [...new Set(refs.map((x) => x.consumer))];
  const base = (inf: string): string => inf.slice(inf.lastIndexOf('/') + 1).replace(/\.inf$/i, '');
  const first = refs[0]!;
  const consumerText = consumers
    .slice(0, 3)
    .map((c) => `${base(c.inf)} (${c.fv.join('+')})`)
    .join(', ');
  const more = consumers.length > 3 ? ` and ${consumers.length - 3} more` : '';
  const evidence: Evidence[] = [
    {
      kind: 'dsc',
      detail: `${base(g.target.inf)} is only in ${g.target.fv.join(', ')}, which a ${label} guest never loads (unloadedFvs)`,
      path: at.file,
      line: at.line,
    },
    { ...supportEvidence, detail: `${name} supports ${label}: ${supportEvidence.detail}` },
  ];
  for (const x of refs.slice(0, 6)) {
    evidence.push({
      kind: 'inf',
      detail: `${base(x.consumer.inf)} (${x.consumer.fv.join('+')}) needs ${x.name} (${x.how})`,
      path: x.at.file,
      line: x.at.line,
    });
    if (x.producedAt) {
      evidence.push({
        kind: 'inf',
        detail: `${base(g.target.inf)} produces ${x.name}`,
        path: x.producedAt.file,
        line: x.producedAt.line,
      });
    }
    const consumerAt = fdfLine(r, x.consumer);
    evidence.push({
      kind: 'dsc',
      detail: `${base(x.consumer.inf)} is placed in ${x.consumer.fv.join('+')}`,
      path: consumerAt.file,
      line: consumerAt.line,
    });
  }
  const plural = consumers.length > 1;
  const what =
    first.how === 'depex'
      ? `${plural ? 'depend' : 'depends'} on its ${first.name} (depex)`
      : `${plural ? 'refer' : 'refers'} to it by ${first.how} ${first.name}`;
  const cc: CcId = technologyOfMode(model, g.mode);
  const loadedFvs = (r.fdf?.fvs ?? [])
    .map((f) => f.name)
    .filter((fv) => !g.target.fv.includes(fv) && consumers.some((c) => c.fv.includes(fv)));
  const [e0, ...rest] = evidence;
  report({
    cc,
    path: at.file,
    line: at.line,
    endLine: at.line,
    message: `${base(g.target.inf)} lives only in ${g.target.fv.join(', ')}, which a ${label} guest never loads, but ${consumerText}${more} ${what}`,
    evidence: [e0!, ...rest],
    fix: `Move ${g.target.inf} into ${loadedFvs[0] ?? 'a volume every mode loads'} in ${at.file} (or keep ${base(consumers[0]!.inf)} out of the ${label} image with it).`,
    key: `${platform.dsc}|${cc}|${g.target.inf}|${g.target.fileGuid}`,
  });
}

export default fvAvailability;

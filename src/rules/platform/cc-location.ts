/**
 * platform/cc-location (spec 1.3): a CC-specific platform lives in its technology's directory
 * (OvmfPkg/AmdSev, OvmfPkg/IntelTdx) and holds every feature of that CC, the ones the common
 * platform holds included. The second half compares what the two build: a module that exists for
 * the technology (a driver, or a real library instance) that the common platform builds and the CC
 * platform does not, in a boot phase the CC platform has.
 */
import type { AnalysedPlatform, AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { cmp } from '../../diagnostics.js';
import type { Origin } from '../../metadata/model.js';
import type { PlatformResolution, ResolvedModule } from '../../platform/model.js';
import { isUnder } from '../../workspace/paths.js';
import type { Rule, RuleContext } from '../types.js';
import {
  type BuiltInf,
  builtInfs,
  dscEvidence,
  findLine,
  firstOrigin,
  infName,
  joinNames,
  modeLabel,
  NEUTRAL_CC,
  nullInstanceReason,
  originList,
  platformName,
  shortOrigin,
  technologiesServed,
} from './facts.js';

/** Boot phase of a module type: a CC platform without a phase (PEI-less IntelTdxX64) needs none of its modules. */
export function phaseOf(moduleType: string): string {
  const t = moduleType.toUpperCase();
  if (t === 'PEI_CORE' || t === 'PEIM') return 'PEI';
  if (t === 'DXE_CORE' || t.startsWith('DXE_') || t.startsWith('UEFI_'))
    return t === 'DXE_SMM_DRIVER' ? 'SMM' : 'DXE';
  if (t === 'SMM_CORE') return 'SMM';
  if (t.startsWith('MM_')) return 'MM';
  return t;
}

/** What the common platform builds for the technology, with the module types that use it. */
interface CommonItem {
  readonly inf: string;
  readonly isDriver: boolean;
  /** Library classes it is linked as (libraries only; `NULL` for a NULL hook). */
  readonly classes: ReadonlySet<string>;
  readonly phases: ReadonlySet<string>;
  /** The modules that link it (libraries only). */
  readonly consumers: ReadonlySet<string>;
  readonly origin: Origin;
}

function check(ctx: RuleContext): void {
  const { model } = ctx;
  const common = model.platforms.filter((p) => p.role === 'common');
  for (const p of model.platforms) {
    if (p.role !== 'cc' || p.cc === undefined) continue;
    checkLocation(ctx, p, p.cc);
    for (const r of p.resolutions) {
      for (const c of common) {
        const cr = c.resolutions.find((x) => x.arch.toUpperCase() === r.arch.toUpperCase());
        if (cr) checkFeatures(ctx, p, p.cc, r, c, cr);
      }
    }
  }
}

function checkLocation(ctx: RuleContext, p: AnalysedPlatform, cc: CcId): void {
  const { model } = ctx;
  const dirs = model.table.technologyById.get(cc)?.directories ?? [];
  if (dirs.length === 0) return;
  const dsc = p.resolutions[0]?.dsc;
  const files: { path: string; what: string; line: number }[] = [
    { path: p.dsc, what: 'DSC', line: dsc?.defines.get('PLATFORM_NAME')?.origin.line ?? 1 },
  ];
  if (dsc?.flashDefinition) {
    files.push({
      path: dsc.flashDefinition,
      what: 'FDF',
      line: dsc.defines.get('FLASH_DEFINITION')?.origin.line ?? 1,
    });
  }
  for (const f of files) {
    if (dirs.some((d) => isUnder(f.path, d))) continue;
    const where = `${dirs[0]}/${f.path.slice(f.path.lastIndexOf('/') + 1)}`;
    ctx.report({
      cc,
      path: p.dsc,
      line: f.line,
      endLine: f.line,
      message: `The ${modeLabel(cc)} platform ${platformName(p.dsc)} keeps its ${f.what} ${f.path} outside ${joinNames(dirs)}`,
      evidence: [
        {
          kind: 'config',
          detail: `${platformName(p.dsc)} is a ${modeLabel(cc)}-specific platform (config platforms.cc)`,
          path: p.dsc,
          line: 1,
        },
        { kind: 'location', detail: `the ${modeLabel(cc)} directories are ${joinNames(dirs)}`, path: f.path },
      ],
      fix: `Move ${f.path} to ${where} and update the paths that name it (spec 1.3: the CC-specific DSC/FDF shall be in OvmfPkg/<Cc>).`,
      key: `${p.dsc}|location|${f.what}`,
    });
  }
}

/** Whether the module exists for the technology and is a real instance for the resolution's arch. */
function existsFor(model: AnalysisModel, r: PlatformResolution, inf: string, cc: CcId): boolean {
  const m = model.cc.moduleByInf.get(inf);
  return (
    m !== undefined &&
    (technologiesServed(model, m).includes(cc) || m.dedicatedTo.includes(NEUTRAL_CC)) &&
    nullInstanceReason(model, inf, r.arch) === undefined
  );
}

function commonItems(model: AnalysisModel, r: PlatformResolution, cc: CcId): CommonItem[] {
  const out: CommonItem[] = [];
  for (const b of [...builtInfs(r).values()].sort((x, y) => cmp(x.inf, y.inf))) {
    if (!existsFor(model, r, b.inf, cc)) continue;
    const origin = firstOrigin(b);
    if (!origin) continue;
    const drivers = b.components.filter((m) => !m.isLibrary);
    const users: ResolvedModule[] = drivers.length > 0 ? drivers : b.bindings.map((u) => u.module);
    out.push({
      inf: b.inf,
      isDriver: drivers.length > 0,
      classes: new Set(b.bindings.map((u) => u.binding.className)),
      phases: new Set(users.map((m) => phaseOf(m.moduleType))),
      consumers: new Set(drivers.length > 0 ? [] : b.bindings.map((u) => u.module.inf)),
      origin,
    });
  }
  return out;
}

/** The CC platform's own binding of one of the classes, for a module of one of the phases. */
function ownBinding(
  built: ReadonlyMap<string, BuiltInf>,
  classes: ReadonlySet<string>,
  phases: ReadonlySet<string>,
): { inf: string; origin: Origin } | undefined {
  const found: { inf: string; origin: Origin }[] = [];
  for (const b of built.values()) {
    for (const u of b.bindings) {
      if (classes.has(u.binding.className) && phases.has(phaseOf(u.module.moduleType))) {
        found.push({ inf: b.inf, origin: u.binding.origin });
      }
    }
  }
  found.sort((a, b) => cmp(a.origin.file, b.origin.file) || a.origin.line - b.origin.line);
  return found[0];
}

/** What the CC platform lacks: one driver, or the instances of one class it maps elsewhere on one line. */
interface Missing {
  readonly items: CommonItem[];
  readonly own: { inf: string; origin: Origin } | undefined;
}

function checkFeatures(
  ctx: RuleContext,
  p: AnalysedPlatform,
  cc: CcId,
  r: PlatformResolution,
  c: AnalysedPlatform,
  cr: PlatformResolution,
): void {
  const { model } = ctx;
  const built = builtInfs(r);
  const phases = new Set(r.modules.map((m) => phaseOf(m.moduleType)));
  const missing = new Map<string, Missing>();
  for (const item of commonItems(model, cr, cc)) {
    if (built.has(item.inf)) continue;
    const shared = new Set([...item.phases].filter((ph) => phases.has(ph)));
    if (shared.size === 0) continue;
    // A library whose every user the CC platform leaves out is not missing on its own account.
    if (!item.isDriver && ![...item.consumers].some((inf) => built.get(inf)?.components.length)) continue;
    const own = item.isDriver ? undefined : ownBinding(built, item.classes, shared);
    if (own && existsFor(model, r, own.inf, cc)) continue;
    const key = own
      ? `${own.origin.file}:${own.origin.line}|${[...item.classes].sort(cmp).join(',')}`
      : item.inf;
    const entry = missing.get(key) ?? { items: [], own };
    entry.items.push(item);
    missing.set(key, entry);
  }
  for (const m of missing.values()) report(ctx, p, cc, r, c, m);
}

function report(
  ctx: RuleContext,
  p: AnalysedPlatform,
  cc: CcId,
  r: PlatformResolution,
  c: AnalysedPlatform,
  missing: Missing,
): void {
  const { model } = ctx;
  const { items, own } = missing;
  const first = items[0]!;
  const name = platformName(p.dsc);
  const commonName = platformName(c.dsc);
  const classes = [...first.classes].filter((x) => x !== 'NULL').sort(cmp);
  const header = first.isDriver || classes.length === 0 ? /^\s*\[\s*Components/i : /^\s*\[\s*LibraryClasses/i;
  const line = own?.origin.line ?? findLine(model, p.dsc, header) ?? 1;
  const path = own?.origin.file ?? p.dsc;
  const what = first.isDriver
    ? 'builds'
    : classes.length > 0
      ? `links for ${joinNames(classes)}`
      : 'links as a NULL hook';
  const names = joinNames(items.map((i) => infName(i.inf)));
  const origins = originList(items.map((i) => i.origin));
  const evidence: Evidence[] = items.flatMap((item): Evidence[] => {
    const served = technologiesServed(model, model.cc.moduleByInf.get(item.inf)!);
    return [
      dscEvidence(item.origin, `the common platform ${commonName} ${what} ${item.inf}`),
      {
        kind: 'platform',
        detail: `${infName(item.inf)} exists for ${served.length > 0 ? joinNames(served.map(modeLabel)) : 'CC in general'}; ${name} builds no copy of it in ${joinNames([...item.phases].sort(cmp))}`,
        path: item.inf,
      },
    ];
  });
  if (own) evidence.push(dscEvidence(own.origin, `${name} maps ${joinNames(classes)} to ${own.inf} instead`));
  const instead = own ? `; it maps ${joinNames(classes)} to ${infName(own.inf)} instead` : '';
  const fix = first.isDriver
    ? `Add ${first.inf} to the [Components] of ${p.dsc} and to its FDF, as ${commonName} does at ${origins}`
    : `Map ${classes.length > 0 ? joinNames(classes) : 'the NULL hook'} to ${joinNames(items.map((i) => i.inf))} in ${p.dsc}${own ? ` (${shortOrigin(own.origin)})` : ''}, for the module types ${commonName} does at ${origins}`;
  ctx.report({
    cc,
    path,
    line,
    endLine: line,
    message: `The ${modeLabel(cc)} platform ${name} lacks ${names}, which the common platform ${commonName} ${what} (${origins})${instead}`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: `${fix}: spec 1.3 asks the CC platform to hold every feature of its CC, the common platform's included. If ${name} replaces it on purpose, say so in a comment and suppress this finding with that reason.`,
    key: `${p.dsc}|${r.arch}|${items.map((i) => i.inf).join(',')}`,
  });
}

export const ccLocation: Rule = {
  meta: {
    id: 'platform/cc-location',
    title: 'CC platforms live in OvmfPkg/<Cc> and hold every feature of their CC',
    specSection: '1.3',
    defaultSeverity: 'warning',
    docs: {
      summary:
        'A CC-specific platform outside its technology directory, or missing a module of its technology that the common platform builds.',
      what: [
        'For every CC-specific platform (config `platforms.cc`; by default the DSCs in each technology directory, e.g. OvmfPkg/AmdSev/AmdSevX64.dsc, OvmfPkg/IntelTdx/IntelTdxX64.dsc):',
        '',
        '- its DSC and FDF must lie in one of the technology directories (`signatures.technologies[].directories`);',
        '- every module the common platform builds for the same arch that exists for the technology or for CC in general (CcProbeLib, CcExitLib) — a driver, or a real library instance (Null instances are not features) — must be built by the CC platform too. A library counts as present when the CC platform links another real instance of the technology for the same class, and is not expected when the CC platform builds none of the modules that link it (the missing driver is the finding then). Modules of a boot phase the CC platform does not have (the PEI modules of the PEI-less IntelTdxX64) are not expected. The finding is on the CC platform DSC: the line that maps the class to something else, or its [Components]/[LibraryClasses] header.',
      ].join('\n'),
      why: 'Spec 1.3: "The OVMF package CC specific DSC/FDF includes *all* CC feature. The CC specific DSC/FDF shall be in OvmfPkg/<Cc>." A CC platform that lacks a feature the common image has is the weaker image for the very guests it exists for, and reviewers of the CC directory never see a platform kept elsewhere.',
      failing: [
        '```ini',
        '# OvmfPkg/OvmfPkgX64.dsc (common)',
        '  IoLib|MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsicSev.inf',
        '# OvmfPkg/AmdSev/AmdSevX64.dsc (SEV platform)',
        '  IoLib|MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsic.inf',
        '```',
      ].join('\n'),
      passing: [
        '```ini',
        '# OvmfPkg/AmdSev/AmdSevX64.dsc',
        '  IoLib|MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsicSev.inf',
        '```',
      ].join('\n'),
      fix: 'Move the platform into its technology directory; add the missing module to the CC platform (DSC and FDF) or map the class to the same real instance as the common platform.',
    },
  },
  check,
};

export default ccLocation;

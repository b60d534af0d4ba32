/**
 * location/advanced-in-cc-dir (spec 2.3): an advanced CC feature — OVMF still boots without it,
 * only with less function — lives in its technology's directory OvmfPkg/<Cc>/. The spec's own
 * example: PlatformBootManagerLibGrub, used only by the SEV platform, sat in OvmfPkg/Library.
 * Candidates are modules that exist for exactly one vendor technology and the registry's feature
 * modules of one; modules outside the technology directory's package are location/arch-code's.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { cmp } from '../../diagnostics.js';
import { relBasename } from '../../workspace/paths.js';
import { isVendorTech, joinNames, modeLabel, NEUTRAL_CC, originList } from '../platform/facts.js';
import type { Rule, RuleContext } from '../types.js';
import {
  baseNameLine,
  featureKind,
  isNullModule,
  isUnderAny,
  type KindDecision,
  movedModuleDir,
  outsideNote,
  packageOf,
  referencesOf,
  sharesDirectoryWithCommonCode,
  technologyDirectories,
} from './placement.js';

/** INF → the single vendor technology it exists for, from the CC model and the feature registry. */
function candidates(model: AnalysisModel): Map<string, CcId> {
  const out = new Map<string, CcId>();
  const dirs = technologyDirectories(model);
  for (const m of model.cc.modules) {
    // A dedication that comes only from where the module lives says nothing about where it belongs.
    const vendors = m.dedicatedTo.filter(
      (t) =>
        t !== NEUTRAL_CC &&
        isVendorTech(model, t) &&
        !(
          isUnderAny(m.inf, dirs.get(t) ?? []) &&
          !m.techs.some((x) => x.cc === t && x.evidence.some((e) => e.kind === 'name' || e.kind === 'code'))
        ),
    );
    if (vendors.length === 1) out.set(m.inf, vendors[0]!);
  }
  for (const f of model.config.features) {
    if (!isVendorTech(model, f.cc)) continue;
    for (const inf of f.infs) if (!out.has(inf)) out.set(inf, f.cc);
  }
  return out;
}

function check(ctx: RuleContext): void {
  const { model } = ctx;
  const dirs = technologyDirectories(model);
  for (const [inf, cc] of [...candidates(model)].sort((a, b) => cmp(a[0], b[0]))) {
    const own = dirs.get(cc);
    if (!own || own.length === 0 || isUnderAny(inf, own)) continue;
    const pkg = packageOf(own[0]!);
    if (!inf.startsWith(`${pkg}/`) || isNullModule(model, inf)) continue;
    const decision = featureKind(model, inf, cc);
    if (decision?.kind !== 'advanced' || sharesDirectoryWithCommonCode(model, inf, cc)) continue;
    const other = [...dirs].find(([t, list]) => t !== cc && isUnderAny(inf, list));
    report(ctx, inf, cc, own, decision, other?.[0]);
  }
}

function report(
  ctx: RuleContext,
  inf: string,
  cc: CcId,
  dirs: readonly string[],
  decision: KindDecision,
  wrongTech: CcId | undefined,
): void {
  const { model } = ctx;
  const target = dirs[0]!;
  const move = movedModuleDir(inf, target);
  const refs = referencesOf(model, inf);
  const line = baseNameLine(model, inf);
  const name = relBasename(inf).replace(/\.inf$/i, '');
  const where = wrongTech ? `in the ${modeLabel(wrongTech)} directory` : `outside ${joinNames(dirs)}`;
  const evidence: Evidence[] = [
    { kind: 'location', detail: `lives in ${move.from}, ${where}`, path: inf, line },
    ...decision.evidence,
    ...exclusiveEvidence(model, inf, cc),
  ];
  ctx.report({
    cc,
    path: inf,
    line,
    endLine: line,
    message: `${name} is an advanced ${modeLabel(cc)} module (${decision.because}) but lives ${where}; advanced CC modules belong in ${target}`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: `Move ${move.from}/ to ${move.to}/ and update the lines that name it${refs.length > 0 ? ` (${originList(refs)})` : ''}: spec 2.3 puts advanced ${modeLabel(cc)} features, which OVMF can boot without, in ${target}. If a ${modeLabel(cc)} guest cannot boot without it, mark its feature basic in the feature registry instead.${outsideNote(model, inf)}`,
    key: `${inf}|${cc}`,
  });
}

/** Why the module is the technology's: the CC model's dedication evidence, first two lines. */
function exclusiveEvidence(model: AnalysisModel, inf: string, cc: CcId): Evidence[] {
  const tech = model.cc.moduleByInf.get(inf)?.techs.find((t) => t.cc === cc);
  return (tech?.evidence ?? [])
    .filter((e) => e.kind === 'name' || e.kind === 'code' || e.kind === 'inf')
    .slice(0, 2);
}

export const advancedInCcDir: Rule = {
  meta: {
    id: 'location/advanced-in-cc-dir',
    title: 'Advanced CC modules live in OvmfPkg/<Cc>',
    specSection: '2.3',
    defaultSeverity: 'warning',
    docs: {
      summary:
        'An advanced CC module (OVMF boots without it, with less function) outside its technology directory OvmfPkg/<Cc>/.',
      what: "For every module of the technology directory's package (OvmfPkg) that exists for exactly one vendor technology — by the CC model (name, location, code) or by the feature registry — ccguard decides whether it is basic or advanced: the feature registry first, else the platforms (built only by the technology's CC platforms means advanced). An advanced one outside the technology's directory (OvmfPkg/AmdSev, OvmfPkg/IntelTdx) is reported. Null instances are not features; modules of other packages are location/arch-code's business.",
      why: 'Spec 2.3: "If it is an *advanced* OVMF CC feature, it shall be put to OvmfPkg/<Cc>. Advanced means the OVMF may still boot without it, just lose some functionality." The spec names the case it was written for: "I feel PlatformBootManagerLibGrub should be in OvmfPkg/AmdSev. Why it is not there?"',
      failing: [
        '```text',
        'OvmfPkg/Library/PlatformBootManagerLibGrub/PlatformBootManagerLibGrub.inf   # used only by AmdSevX64',
        '```',
      ].join('\n'),
      passing: [
        '```text',
        'OvmfPkg/AmdSev/PlatformBootManagerLibGrub/PlatformBootManagerLibGrub.inf',
        '```',
      ].join('\n'),
      fix: 'Move the module directory into OvmfPkg/<Cc>/ and update the DSC/FDF lines that name it; or, if a guest of that mode cannot boot without it, declare its feature basic in the config.',
    },
  },
  check,
};

export default advancedInCcDir;

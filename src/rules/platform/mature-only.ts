/**
 * platform/mature-only (spec 1.2): the common platform holds only mature CC features. A feature is
 * immature when the feature registry says so (config `features`, built-in edk2 registry in
 * config/defaults.ts: attestation, Arm CCA boot synchronisation); the common platform holds it when
 * it builds any of the feature's modules, as a component or as a linked library instance.
 */
import type { AnalysedPlatform, AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import type { ResolvedFeature } from '../../config/types.js';
import { cmp } from '../../diagnostics.js';
import type { Origin } from '../../metadata/model.js';
import type { Rule, RuleContext } from '../types.js';
import {
  builtInfs,
  dscEvidence,
  firstOrigin,
  infName,
  isVendorTech,
  joinNames,
  modeLabel,
  platformName,
  platformsWithRoles,
  shortOrigin,
  stringListOption,
} from './facts.js';

const DEFAULT_OPTIONS = {
  /** Spec 1.2 speaks of the common DSC/FDF only; siblings and CC platforms may carry what they like. */
  platformRoles: ['common'],
} as const;

function check(ctx: RuleContext): void {
  const { model, options } = ctx;
  const immature = model.config.features.filter((f) => f.maturity === 'immature' && f.infs.length > 0);
  if (immature.length === 0) return;
  const roles = stringListOption(options, 'platformRoles', DEFAULT_OPTIONS.platformRoles);
  for (const p of platformsWithRoles(model, roles)) {
    const reported = new Set<string>();
    for (const r of p.resolutions) {
      const built = builtInfs(r);
      for (const feature of immature) {
        for (const inf of feature.infs) {
          const b = built.get(inf);
          const origin = b ? firstOrigin(b) : undefined;
          if (!origin || reported.has(inf)) continue;
          reported.add(inf);
          report(
            ctx,
            p,
            feature,
            inf,
            origin,
            r.fdf?.fvs.flatMap((fv) =>
              fv.infs.filter((s) => s.inf === inf).map((s) => ({ fv: fv.name, origin: s.origin })),
            ) ?? [],
          );
        }
      }
    }
  }
}

/** The module's technology: the single vendor it exists for, else the feature's. */
function technologyOf(model: AnalysisModel, inf: string, feature: ResolvedFeature): CcId {
  const vendors = (model.cc.moduleByInf.get(inf)?.dedicatedTo ?? []).filter((t) => isVendorTech(model, t));
  return vendors.length === 1 ? vendors[0]! : feature.cc;
}

/** The CC platforms that build the module: where the feature may live (spec 1.3). */
function ccPlatformsBuilding(model: AnalysisModel, inf: string): string[] {
  return model.platforms
    .filter((p) => p.role === 'cc' && p.resolutions.some((r) => builtInfs(r).has(inf)))
    .map((p) => p.dsc)
    .sort(cmp);
}

function report(
  ctx: RuleContext,
  p: AnalysedPlatform,
  feature: ResolvedFeature,
  inf: string,
  origin: Origin,
  fdfLines: readonly { fv: string; origin: Origin }[],
): void {
  const { model } = ctx;
  const cc = technologyOf(model, inf, feature);
  const name = platformName(p.dsc);
  const homes = ccPlatformsBuilding(model, inf);
  const ccDsc = model.config.platforms.cc[cc]?.[0];
  const evidence: Evidence[] = [
    dscEvidence(origin, `${name} builds ${inf}`),
    ...fdfLines.map((l) => dscEvidence(l.origin, `${name}'s flash puts ${infName(inf)} in ${l.fv}`)),
    {
      kind: 'config',
      detail: `feature ${feature.name} (${feature.cc}, ${feature.kind ?? 'kind unset'}) is immature in the ${feature.source === 'builtin' ? 'built-in feature registry' : `config (${model.config.file ?? 'ccguard.config'})`}${feature.description ? `: ${feature.description}` : ''}`,
    },
  ];
  const also =
    fdfLines.length > 0 ? `; also in ${joinNames(fdfLines.map((l) => shortOrigin(l.origin)))}` : '';
  const keep =
    homes.length > 0
      ? `keep it in ${joinNames(homes.map(platformName))} only`
      : ccDsc
        ? `build it in ${platformName(ccDsc)} instead`
        : `build it only in a ${modeLabel(cc)}-specific platform`;
  ctx.report({
    cc,
    path: origin.file,
    line: origin.line,
    endLine: origin.line,
    message: `${name}, the common platform, holds ${infName(inf)} of the immature feature '${feature.name}'${also}; ${keep}`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: `Remove ${inf} from ${name} (${[origin, ...fdfLines.map((l) => l.origin)].map(shortOrigin).join(', ')}) and ${keep} (spec 1.2: features under discussion stay out of the common image; 1.3: the CC platform holds them). When the feature matures, mark it mature in the feature registry and add it back.`,
    key: `${p.dsc}|${feature.name}|${inf}`,
  });
}

export const matureOnly: Rule = {
  meta: {
    id: 'platform/mature-only',
    title: 'The common platform holds only mature CC features',
    specSection: '1.2',
    defaultSeverity: 'warning',
    docs: {
      summary: 'A module of a feature the feature registry marks immature, built by the common platform.',
      what: 'For each common platform (config `platforms.common`, by default OvmfPkgX64), ccguard lists the modules it builds — components and linked library instances, with default defines — and reports each one that belongs to a feature the registry marks `immature` (config `features`; the built-in registry marks CC attestation and the Arm CCA boot-synchronisation crypto immature). The finding points at the DSC line that brings the module in and names the FDF lines that place it.',
      why: 'Spec 1.2: the common DSC/FDF includes mature CC features only — "Any immature, under discussion or under review feature shall NOT be put here, such as attestation." An immature feature in the image every user boots changes behaviour for everyone while its design may still change; the CC-specific platform (1.3) is where it belongs until it matures.',
      failing: [
        '```ini',
        '# OvmfPkg/OvmfPkgX64.dsc (the common platform)',
        '[Components]',
        '  OvmfPkg/IntelTdx/TdAttestationDxe/TdAttestationDxe.inf   # feature "attestation": immature',
        '```',
      ].join('\n'),
      passing: [
        '```ini',
        '# OvmfPkg/IntelTdx/IntelTdxX64.dsc (the TDX platform)',
        '[Components]',
        '  OvmfPkg/IntelTdx/TdAttestationDxe/TdAttestationDxe.inf',
        '```',
      ].join('\n'),
      fix: 'Remove the module from the common DSC and FDF and build it in the CC-specific platform. When the feature has matured, set `maturity: mature` for it in the config (or the registry) and move it into the common platform.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { platformRoles: { type: 'array', items: { enum: ['common', 'sibling', 'cc'] } } },
    },
    defaultOptions: DEFAULT_OPTIONS,
  },
  check,
};

export default matureOnly;

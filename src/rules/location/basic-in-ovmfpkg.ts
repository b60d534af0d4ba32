/**
 * location/basic-in-ovmfpkg (spec 2.2): a basic CC feature — one OVMF cannot boot without in that
 * CC mode — lives directly in OvmfPkg, not in the technology's directory OvmfPkg/<Cc>/, which is
 * for the advanced ones. Modules outside the platform packages are location/arch-code's business.
 */
import type { CcId, Evidence } from '../../cc/model.js';
import { cmp } from '../../diagnostics.js';
import { relBasename } from '../../workspace/paths.js';
import { modeLabel, originList } from '../platform/facts.js';
import type { Rule, RuleContext } from '../types.js';
import {
  baseNameLine,
  featureKind,
  isNullModule,
  movedModuleDir,
  outsideNote,
  packageOf,
  referencesOf,
  technologyDirectories,
} from './placement.js';

function check(ctx: RuleContext): void {
  const { model } = ctx;
  const dirs = technologyDirectories(model);
  for (const m of [...model.cc.modules].sort((a, b) => cmp(a.inf, b.inf))) {
    for (const [cc, list] of dirs) {
      const dir = list.find((d) => m.inf.startsWith(`${d}/`));
      if (!dir || isNullModule(model, m.inf)) continue;
      const decision = featureKind(model, m.inf, cc);
      if (decision?.kind !== 'basic') continue;
      report(ctx, m.inf, m.isLibrary, cc, dir, decision.because, decision.evidence);
    }
  }
}

function report(
  ctx: RuleContext,
  inf: string,
  isLibrary: boolean,
  cc: CcId,
  dir: string,
  because: string,
  kindEvidence: readonly Evidence[],
): void {
  const { model } = ctx;
  const pkg = packageOf(dir);
  const target = isLibrary ? `${pkg}/Library` : pkg;
  const move = movedModuleDir(inf, target);
  const refs = referencesOf(model, inf);
  const line = baseNameLine(model, inf);
  const evidence: Evidence[] = [
    {
      kind: 'location',
      detail: `lives in ${dir}, the ${modeLabel(cc)} directory for advanced features`,
      path: inf,
      line,
    },
    ...kindEvidence,
  ];
  const name = relBasename(inf).replace(/\.inf$/i, '');
  ctx.report({
    cc,
    path: inf,
    line,
    endLine: line,
    message: `${name} is a basic ${modeLabel(cc)} module (${because}) but lives in ${dir}; basic CC modules belong directly in ${pkg}`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: `Move ${move.from}/ to ${move.to}/ and update the lines that name it${refs.length > 0 ? ` (${originList(refs)})` : ''}: spec 2.2 puts basic CC features, without which OVMF cannot boot in that mode, in ${pkg} directly. If it is not needed to boot, mark its feature advanced in the feature registry instead.${outsideNote(model, inf)}`,
    key: `${inf}|${cc}`,
  });
}

export const basicInOvmfPkg: Rule = {
  meta: {
    id: 'location/basic-in-ovmfpkg',
    title: 'Basic CC modules live directly in OvmfPkg',
    specSection: '2.2',
    defaultSeverity: 'warning',
    docs: {
      summary:
        'A basic CC module (OVMF cannot boot in that mode without it) inside the technology directory OvmfPkg/<Cc>/.',
      what: 'For every CC module inside a technology directory (OvmfPkg/AmdSev, OvmfPkg/IntelTdx; `signatures.technologies[].directories`), ccguard decides whether it is basic or advanced: the feature registry first (config `features`, built-in edk2 registry), else the platforms — built by the common platform means basic. A basic one is reported: it belongs directly in the package. Null instances are not features and are never reported.',
      why: 'Spec 2.2: "If it is a *basic* OVMF CC feature, it shall be put to OvmfPkg directly. Basic means the OVMF cannot boot without it." The technology directory is for what only the CC-specific platform carries (2.3); a basic module there hides from reviewers of OvmfPkg what the common image depends on.',
      failing: [
        '```text',
        'OvmfPkg/IntelTdx/TdxHelperLib/SecTdxHelperLib.inf   # linked into SEC by the common OvmfPkgX64',
        '```',
      ].join('\n'),
      passing: ['```text', 'OvmfPkg/Library/TdxHelperLib/SecTdxHelperLib.inf', '```'].join('\n'),
      fix: 'Move the module directory to OvmfPkg/Library/ (libraries) or OvmfPkg/ (drivers) and update the DSC/FDF lines that name it; or, if the module is not needed to boot, declare its feature advanced in the config.',
    },
  },
  check,
};

export default basicInOvmfPkg;

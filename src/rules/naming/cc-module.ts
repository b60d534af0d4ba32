/**
 * naming/cc-module: a module that exists for one CC technology carries that technology's tag in
 * its name (the spec: SecretDxe → SevSecretDxe, IoMmuDxe → IoMmuSevDxe); one that serves several
 * is named for CC in general (`Cc…`). "Exists for" comes from the CC model — content, location,
 * platforms — never from the name itself.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcId, CcModule, Evidence } from '../../cc/model.js';
import { baseNameLine, isVendorTech, NEUTRAL, shortTag, techLabel } from '../isolation/shared-code.js';
import type { ReportedFinding, Rule } from '../types.js';
import { isNullNamedForClass, moduleNameTechs, suggestModuleNames } from './cc-names.js';

function tagList(model: AnalysisModel, cc: CcId): string {
  const tags = model.table.technologyById.get(cc)?.nameTags ?? [];
  return [...new Set(tags.map((t) => t.words.join('')))].join(', ');
}

function finding(
  model: AnalysisModel,
  m: CcModule,
  serves: readonly CcId[],
  cc: CcId,
  named: readonly CcId[],
): ReportedFinding {
  const tag = shortTag(model, cc);
  const names = suggestModuleNames(m.baseName, tag, m.isLibrary);
  const servesText = serves.map(techLabel).join(' and ');
  const why: Evidence[] = [];
  for (const t of m.techs) {
    if (!serves.includes(t.cc)) continue;
    for (const e of t.evidence) {
      if (
        e.kind === 'location' ||
        e.kind === 'code' ||
        e.kind === 'inf' ||
        (e.kind === 'platform' && /only/.test(e.detail))
      )
        why.push(e);
    }
  }
  const line = baseNameLine(model, m.inf);
  const evidence: Evidence[] = [
    {
      kind: 'name',
      detail: `BASE_NAME ${m.baseName} carries ${named.length === 0 ? 'no CC tag' : `only the ${named.map(techLabel).join('/')} tag`}; ${techLabel(cc)} tags: ${tagList(model, cc)}`,
      path: m.inf,
      line,
    },
    ...why.slice(0, 5),
    ...serves.map(
      (t): Evidence => ({
        kind: 'code',
        detail: `${m.techs.find((x) => x.cc === t)?.touchpoints ?? 0} ${techLabel(t)} touchpoints in the module's files`,
        path: m.inf,
      }),
    ),
  ];
  const several = cc === NEUTRAL;
  const message = several
    ? `${m.baseName} serves ${serves.includes(NEUTRAL) ? 'CC in general' : servesText} but is not named for CC in general; name it ${names.primary}.`
    : `${m.baseName} exists for ${servesText} but its name lacks the ${tag} tag; name it ${names.primary}${names.alternative ? ` or ${names.alternative}` : ''}.`;
  const fix = `Rename the module to ${names.primary}${names.alternative && !several ? ` (or ${names.alternative})` : ''}: BASE_NAME, the INF file${m.inf.includes(`/${m.baseName}/`) ? ' and its directory' : ''}, and the references in DSC and FDF files.`;
  return {
    cc: several ? NEUTRAL : cc,
    path: m.inf,
    line,
    endLine: line,
    message,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix,
    key: m.inf,
  };
}

export const ccModuleNaming: Rule = {
  meta: {
    id: 'naming/cc-module',
    title: 'CC module without its CC tag',
    specSection: '3.1',
    defaultSeverity: 'warning',
    docs: {
      summary:
        "A module that exists for one CC carries that CC's tag in its name; one that serves several is named `Cc…`.",
      what: "For every module the CC model says exists for a CC technology — by its content, its location (OvmfPkg/AmdSev, OvmfPkg/IntelTdx) or the platforms that build it — ccguard checks that its BASE_NAME, INF file, directory or library class carries one of the technology's name tags (`Sev`, `AmdSev`, `Ghcb`, `Svsm`; `Tdx`, `Td`, `IntelTdx`; `ArmCca`, `Realm`, `Rme`). A module serving several technologies must carry the vendor-neutral `Cc` tag. Modules without CC code of their own (PlatformBootManagerLibGrub) and Null instances named after their CC class are left alone.",
      why: 'The spec names this twice: "SecretDxe (BTW: The name should be SevSecretDxe)" and "(BTW: the name should be IoMmuSevDxe)". A tagged name tells a reviewer which CC a patch touches, lets `F:` patterns in Maintainers.txt route it, and keeps DSC/FDF lists readable.',
      failing:
        '```ini\n# OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf — SEV launch secret\n[Defines]\n  BASE_NAME = SecretDxe\n```',
      passing:
        '```ini\n# OvmfPkg/AmdSev/SevSecretDxe/SevSecretDxe.inf\n[Defines]\n  BASE_NAME = SevSecretDxe\n```',
      fix: 'Rename the module (BASE_NAME, INF file, directory) to the suggested name and update the DSC and FDF files that list it. For a module serving several CCs, use the `Cc` prefix (CcIoMmuDxe).',
    },
  },
  check(context) {
    const { model } = context;
    for (const m of model.cc.modules) {
      if (m.dedicatedTo.length === 0 || isNullNamedForClass(m)) continue;
      const named = moduleNameTechs(model, m);
      if (named.includes(NEUTRAL)) continue; // named for CC in general
      const hasCode = (t: CcId): boolean => (m.techs.find((x) => x.cc === t)?.touchpoints ?? 0) > 0;
      // The vendor technologies it exists for and has code of its own for; a module that exists
      // for CC in general (IoMmuDxe, by the feature registry) serves every vendor whose code it holds.
      const general = m.dedicatedTo.includes(NEUTRAL);
      const serves = m.techs
        .filter(
          (t) => isVendorTech(model, t.cc) && hasCode(t.cc) && (m.dedicatedTo.includes(t.cc) || general),
        )
        .map((t) => t.cc);
      if (serves.length === 1 && !general) {
        const cc = serves[0]!;
        if (!named.includes(cc)) context.report(finding(model, m, serves, cc, named));
        continue;
      }
      if (serves.length === 0 && !(general && hasCode(NEUTRAL))) continue;
      if (serves.length > 0 && serves.every((t) => named.includes(t))) continue;
      context.report(finding(model, m, serves.length > 0 ? serves : [NEUTRAL], NEUTRAL, named));
    }
  },
};

export default ccModuleNaming;

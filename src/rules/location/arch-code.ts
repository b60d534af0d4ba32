/**
 * location/arch-code (spec 2.1): code that implements a CC architecture and has nothing to do
 * with OVMF may live outside OvmfPkg; code outside OvmfPkg must not depend on it. Two findings:
 * a CC module inside a virtual-platform package (OvmfPkg, ArmVirtPkg) whose INF lists none of
 * those packages and whose sources include nothing from them (it may move to an architecture
 * package), and a CC module outside them that lists one of their DECs in [Packages] (the
 * dependency points the wrong way).
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcId, CcModule, Evidence } from '../../cc/model.js';
import { cmp } from '../../diagnostics.js';
import type { InfModule } from '../../metadata/model.js';
import { isUnder, relBasename, relDirname, relJoin } from '../../workspace/paths.js';
import {
  isVendorTech,
  joinNames,
  modeLabel,
  NEUTRAL_CC,
  stringListOption,
  technologiesServed,
} from '../platform/facts.js';
import type { Rule, RuleContext } from '../types.js';
import { isNullModule } from './placement.js';

const DEFAULT_OPTIONS = {
  /**
   * Packages of virtual platforms: OVMF itself and ArmVirtPkg, which is built on OvmfPkg for Arm
   * guests (and so depends on it by design). Architecture code belongs in the packages of the CPU
   * architecture (MdePkg, UefiCpuPkg, ArmPkg, SecurityPkg).
   */
  platformPackages: ['OvmfPkg', 'ArmVirtPkg'],
} as const;

/** Where architecture code of each kind lives in edk2, most specific first: the move target among the packages a module already uses. */
const ARCHITECTURE_PACKAGES = ['SecurityPkg', 'UefiCpuPkg', 'ArmPkg', 'MdeModulePkg', 'MdePkg'];

function check(ctx: RuleContext): void {
  const { model, options } = ctx;
  const platformPackages = stringListOption(options, 'platformPackages', DEFAULT_OPTIONS.platformPackages);
  const inPlatformPackage = (path: string): string | undefined =>
    platformPackages.find((p) => isUnder(path, p));
  for (const m of [...model.cc.modules].sort((a, b) => cmp(a.inf, b.inf))) {
    const inf = model.store.inf(m.inf);
    if (!inf) continue;
    const home = inPlatformPackage(m.inf);
    const platformDecs = inf.packages.filter((p) => inPlatformPackage(p.path) !== undefined);
    if (home === undefined) {
      for (const dep of platformDecs) reportWrongDependency(ctx, m, inf, dep);
      continue;
    }
    if (platformDecs.length > 0 || m.dedicatedTo.length === 0 || isNullModule(model, m.inf)) continue;
    const include = platformInclude(model, inf, (p) => inPlatformPackage(p) !== undefined);
    if (include) continue;
    reportMayMove(ctx, m, inf, home);
  }
}

/** The technology to report: the single vendor the module serves, else CC in general. */
function technologyOf(model: AnalysisModel, m: CcModule): CcId {
  const served = technologiesServed(model, m);
  if (served.length === 1) return served[0]!;
  const vendors = m.techs.map((t) => t.cc).filter((t) => isVendorTech(model, t));
  return vendors.length === 1 ? vendors[0]! : NEUTRAL_CC;
}

/** A `#include "…"` of a source that reaches into a platform package by a relative path. */
function platformInclude(
  model: AnalysisModel,
  inf: InfModule,
  isPlatform: (path: string) => boolean,
): string | undefined {
  for (const s of inf.sources) {
    if (!/\.(c|h)$/i.test(s.path)) continue;
    const lines = model.ws.read(s.path)?.lines ?? [];
    for (const line of lines) {
      const m = /^\s*#\s*include\s*"([^"]+)"/.exec(line);
      if (!m) continue;
      const target = relJoin(relDirname(s.path), m[1]!);
      if (isPlatform(target) && !isUnder(target, inf.dir)) return target;
    }
  }
  return undefined;
}

/** The first `[Packages…]` header line of the INF, else the first package line, else 1. */
function packagesHeaderLine(model: AnalysisModel, inf: InfModule): number {
  const lines = model.ws.read(inf.path)?.lines ?? [];
  const i = lines.findIndex((l) => /^\s*\[\s*Packages\b/i.test(l));
  if (i >= 0) return i + 1;
  return inf.packages[0]?.origin.line ?? 1;
}

function reportMayMove(ctx: RuleContext, m: CcModule, inf: InfModule, home: string): void {
  const { model } = ctx;
  const cc = technologyOf(model, m);
  const line = packagesHeaderLine(model, inf);
  const decs = inf.packages.map((p) => relBasename(p.path).replace(/\.dec$/i, ''));
  const target = ARCHITECTURE_PACKAGES.find((p) => decs.includes(p)) ?? 'MdePkg';
  const tech = m.techs.find((t) => t.cc === cc) ?? m.techs[0];
  const evidence: Evidence[] = [
    {
      kind: 'inf',
      detail: `[Packages] lists only ${joinNames(decs)}: no ${home} declaration (library class, PCD, GUID, header) is used`,
      path: inf.path,
      line,
    },
    {
      kind: 'location',
      detail: `lives in ${home}`,
      path: inf.path,
      line: inf.defines.get('BASE_NAME')?.origin.line ?? 1,
    },
    ...(tech?.evidence ?? []).filter((e) => e.kind !== 'platform').slice(0, 2),
  ];
  const kind = m.isLibrary ? 'library' : 'driver';
  ctx.report({
    cc,
    path: inf.path,
    line,
    endLine: line,
    message: `${inf.baseName}, a ${cc === NEUTRAL_CC ? 'CC' : modeLabel(cc)} ${kind} in ${home}, depends only on ${joinNames(decs)}: as architecture code it may move out of ${home} (advisory)`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: `Consider moving ${inf.dir}/ to ${target} (for example ${target}/${m.isLibrary ? 'Library/' : ''}${relBasename(inf.dir)}/), where code that does not depend on ${home} can be shared by other platforms (spec 2.1: CC-architecture code irrelevant to OVMF may live outside OvmfPkg). Keep it in ${home} if it is OVMF policy rather than architecture (then location/basic-in-ovmfpkg and location/advanced-in-cc-dir say where in ${home}).`,
    key: `${inf.path}|may-move`,
    // Spec 2.1 says "may": moving architecture code out is advice, not a departure.
    severity: 'info',
  });
}

function reportWrongDependency(
  ctx: RuleContext,
  m: CcModule,
  inf: InfModule,
  dep: InfModule['packages'][number],
): void {
  const { model } = ctx;
  const cc = technologyOf(model, m);
  const depName = relBasename(dep.path).replace(/\.dec$/i, '');
  const used = usedFrom(model, inf, dep.path);
  const evidence: Evidence[] = [
    { kind: 'inf', detail: `[Packages] lists ${dep.path}`, path: inf.path, line: dep.origin.line },
    ...used.slice(0, 4).map((u) => ({
      kind: 'inf' as const,
      detail: `uses ${u.what} ${u.name}, declared in ${depName}`,
      path: inf.path,
      line: u.line,
    })),
    ...(m.techs.find((t) => t.cc === cc)?.evidence ?? []).filter((e) => e.kind !== 'platform').slice(0, 2),
  ];
  const names = used.map((u) => u.name);
  ctx.report({
    cc,
    path: inf.path,
    line: dep.origin.line,
    endLine: dep.origin.line,
    message: `${inf.baseName}, ${cc === NEUTRAL_CC ? 'CC' : modeLabel(cc)} code outside ${depName}, depends on ${dep.path}${names.length > 0 ? ` (${joinNames(names.slice(0, 3))}${names.length > 3 ? ', …' : ''})` : ''}`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: `Drop ${dep.path} from [Packages] of ${inf.path}: move what it uses from ${depName}${names.length > 0 ? ` (${joinNames(names.slice(0, 3))})` : ''} into ${relBasename(packageDirOf(inf.path))} or another architecture package, or move the module into ${depName} if it is ${depName} code (spec 2.1: code outside OvmfPkg must not depend on it).`,
    key: `${inf.path}|depends|${dep.path}`,
  });
}

function packageDirOf(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? path : path.slice(0, i);
}

/** What the INF uses that the DEC declares: library classes, PCDs, GUIDs, protocols, PPIs. */
function usedFrom(
  model: AnalysisModel,
  inf: InfModule,
  decPath: string,
): { what: string; name: string; line: number }[] {
  const dec = model.store.dec(decPath);
  if (!dec) return [];
  const out: { what: string; name: string; line: number }[] = [];
  const has = (list: readonly { name: string }[], name: string) => list.some((x) => x.name === name);
  for (const u of inf.libraryClasses)
    if (has(dec.libraryClasses, u.name))
      out.push({ what: 'library class', name: u.name, line: u.origin.line });
  for (const p of inf.pcds)
    if (dec.pcds.some((d) => d.name === p.name && d.tokenSpace === p.tokenSpace))
      out.push({ what: 'PCD', name: `${p.tokenSpace}.${p.name}`, line: p.origin.line });
  for (const u of inf.guids)
    if (has(dec.guids, u.name)) out.push({ what: 'GUID', name: u.name, line: u.origin.line });
  for (const u of inf.protocols)
    if (has(dec.protocols, u.name)) out.push({ what: 'protocol', name: u.name, line: u.origin.line });
  for (const u of inf.ppis)
    if (has(dec.ppis, u.name)) out.push({ what: 'PPI', name: u.name, line: u.origin.line });
  return out;
}

export const archCode: Rule = {
  meta: {
    id: 'location/arch-code',
    title: 'CC architecture code may live outside OvmfPkg; code outside OvmfPkg must not depend on it',
    specSection: '2.1',
    defaultSeverity: 'warning',
    docs: {
      summary:
        'A CC module in OvmfPkg that depends on no virtual-platform package (it may move out), or a CC module outside them that lists OvmfPkg.dec (or ArmVirtPkg.dec) in [Packages].',
      what: [
        'The virtual-platform packages are OvmfPkg and ArmVirtPkg (option `platformPackages`). For every module with CC code:',
        '',
        '- outside those packages: each of their DECs in its [Packages] is reported, with what the module uses from it;',
        '- inside them, when the module exists for CC (a CC driver or library, not a Null instance): if its [Packages] lists none of their DECs and no source `#include`s a file of theirs by a relative path, it is reported as architecture code that may move out (advisory: spec 2.1 says "may").',
      ].join('\n'),
      why: 'Spec 2.1: "If it is CC hardware architecture compliant (irrelevant to OVMF), it may be put to non-OvmfPkg." Architecture code in MdePkg or UefiCpuPkg can serve every platform; but once there it must not reach back into OvmfPkg, or every platform using it inherits OVMF\'s declarations and the layering that lets other platforms reuse it breaks.',
      failing: [
        '```ini',
        '# UefiCpuPkg/Library/AmdSvsmLib/AmdSvsmLib.inf',
        '[Packages]',
        '  MdePkg/MdePkg.dec',
        '  UefiCpuPkg/UefiCpuPkg.dec',
        '  OvmfPkg/OvmfPkg.dec          # architecture code depending on the OVMF platform package',
        '```',
      ].join('\n'),
      passing: [
        '```ini',
        '# UefiCpuPkg/Library/AmdSvsmLib/AmdSvsmLib.inf',
        '[Packages]',
        '  MdePkg/MdePkg.dec',
        '  UefiCpuPkg/UefiCpuPkg.dec    # the SVSM calling-area PCD declared here instead',
        '```',
      ].join('\n'),
      fix: 'For a dependency: move what the module uses (PCD, library class, header) into the architecture package, or move the module into OvmfPkg. For an OVMF-independent CC module in OvmfPkg: consider moving it to MdePkg or UefiCpuPkg.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { platformPackages: { type: 'array', items: { type: 'string' } } },
    },
    defaultOptions: DEFAULT_OPTIONS,
  },
  check,
};

export default archCode;

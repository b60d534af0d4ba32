/**
 * How the code rules name modes and mode checks in messages, evidence and fixes.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { cmp } from '../../diagnostics.js';
import { relBasename } from '../../workspace/paths.js';
import type { Mode } from './mode-conditions.js';
import type { CallerStep, GuardFact, Requirement } from './mode-guards.js';

const SUB_MODE_NAMES: Readonly<Record<string, string>> = {
  sev: 'SEV',
  'sev-es': 'SEV-ES',
  'sev-snp': 'SEV-SNP',
  svsm: 'SVSM',
};

const TECH_NAMES: Readonly<Record<string, string>> = {
  sev: 'SEV',
  tdx: 'TDX',
  cca: 'Arm CCA (Realm)',
  cc: 'CC',
};

/** The check that proves a mode, as the fix should write it. */
const SUGGESTED_CHECK: Readonly<Record<string, string>> = {
  sev: 'MemEncryptSevIsEnabled ()',
  'sev-es': 'MemEncryptSevEsIsEnabled ()',
  'sev-snp': 'MemEncryptSevSnpIsEnabled ()',
  svsm: 'AmdSvsmIsSvsmPresent ()',
  tdx: 'TdIsEnabled ()',
  cca: 'ArmCcaIsRealm ()',
  cc: 'CcProbe () != CcGuestTypeNonEncrypted',
};

export function modeName(m: Requirement | Mode): string {
  if (m.subMode !== undefined && SUB_MODE_NAMES[m.subMode]) return SUB_MODE_NAMES[m.subMode]!;
  return TECH_NAMES[m.tech] ?? m.tech.toUpperCase();
}

/** `an SEV-ES`, `a TDX`: the article as the name is spoken. */
export function withArticle(name: string): string {
  return `${/^(SEV|SVSM|Arm|[AEIOU])/.test(name) ? 'an' : 'a'} ${name}`;
}

export function suggestedCheck(m: Requirement): string {
  return (
    SUGGESTED_CHECK[m.subMode ?? m.tech] ??
    SUGGESTED_CHECK[m.tech] ??
    `${withArticle(modeName(m))} mode check`
  );
}

/** `MemEncryptSevIsEnabled () (if at line 51)` */
export function describeFact(f: GuardFact): string {
  if (f.kind === 'owner') return `${f.mode.via} (presumed ${modeName(f.mode)})`;
  const where = f.kind === 'early-exit' ? 'early exit' : f.kind === 'else' ? 'else of the check' : f.kind;
  return `\`${f.mode.via}\` (${modeName(f.mode)}; ${where} at ${relBasename(f.path)}:${f.line})`;
}

export function factEvidence(f: GuardFact, prefix: string): Evidence {
  return { kind: 'code', detail: `${prefix}${describeFact(f)}`, path: f.path, line: f.line };
}

export function chainEvidence(path: string, chain: readonly CallerStep[]): Evidence[] {
  return chain.map((s) => ({
    kind: 'code' as const,
    detail: `${s.caller} calls ${s.callee} at line ${s.line} without a check`,
    path,
    line: s.line,
  }));
}

export function chainText(chain: readonly CallerStep[]): string {
  if (chain.length === 0) return '';
  const last = chain[chain.length - 1]!;
  return chain.length === 1
    ? ` (reached from ${last.caller} at line ${last.line})`
    : ` (reached from ${last.caller} through ${chain
        .slice(0, -1)
        .map((s) => s.caller)
        .join(', ')})`;
}

/** Calls of the same API elsewhere that are guarded: the evidence that a check is expected. */
export function siblingEvidence(
  analysisGuarded: ReadonlyMap<string, readonly { path: string; line: number; fact: GuardFact }[]>,
  name: string,
  path: string,
  req: Requirement,
  modelTechName: (r: Requirement) => string,
): Evidence[] {
  const list = analysisGuarded.get(name) ?? [];
  const same = list.filter((g) => g.path === path);
  // One example per file: two calls under the same check say no more than one.
  const chosen = (same.length > 0 ? same : list)
    .filter((g, i, all) => all.findIndex((x) => x.path === g.path) === i)
    .slice(0, 2);
  return chosen.map((g) => ({
    kind: 'code' as const,
    detail: `${g.path === path ? 'in this file' : 'elsewhere'}, ${name} is called under ${describeFact(g.fact)} — ${withArticle(modelTechName(req))} check`,
    path: g.path,
    line: g.line,
  }));
}

/** A file of the module named for the technology, where a self-checking hook would go. */
export function hookFileFor(model: AnalysisModel, path: string, tech: CcId): string | undefined {
  const infs = model.cc.modulesOfFile.get(path) ?? [];
  const candidates: string[] = [];
  for (const [file, list] of model.cc.modulesOfFile) {
    if (file === path || !list.some((i) => infs.includes(i))) continue;
    if (!/\.c$/i.test(file)) continue;
    if (model.cc.files.get(file)?.nameTags.includes(tech)) candidates.push(file);
  }
  return candidates.sort(cmp)[0];
}

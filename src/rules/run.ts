/**
 * Runs rules over an analysis: severities and options from the config, fingerprints, sorting,
 * suppressions. A rule that throws is reported as a diagnostic and the others still run.
 */
import type { AnalysisModel } from '../analysis/model.js';
import { isSuppressed } from '../config/suppressions.js';
import { cmp, type Diagnostic, DiagnosticCode } from '../diagnostics.js';
import { computeFingerprint } from '../report/fingerprint.js';
import type { Finding, FindingSeverity, ReportedFinding, Rule } from './types.js';

export interface RunOptions {
  readonly rules: readonly Rule[];
  /** Run only these rule ids (`--rule`); others are skipped whatever their severity. */
  readonly only?: readonly string[];
}

export interface RunResult {
  /** Reported findings, sorted by path, line, rule id, message. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly { readonly finding: Finding; readonly reason: string }[];
  readonly diagnostics: readonly Diagnostic[];
  /** The rules that ran. */
  readonly ran: readonly Rule[];
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.path, b.path) ||
    a.line - b.line ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

export function ruleSeverity(rule: Rule, model: AnalysisModel): FindingSeverity | 'off' {
  return model.config.rules[rule.meta.id]?.severity ?? rule.meta.defaultSeverity;
}

export function runRules(model: AnalysisModel, options: RunOptions): RunResult {
  const findings: Finding[] = [];
  const suppressed: { finding: Finding; reason: string }[] = [];
  const diagnostics: Diagnostic[] = [];
  const ran: Rule[] = [];
  const only = options.only ? new Set(options.only) : undefined;
  for (const rule of options.rules) {
    if (only && !only.has(rule.meta.id)) continue;
    const severity = ruleSeverity(rule, model);
    if (severity === 'off') continue;
    const configuredSeverity = model.config.rules[rule.meta.id]?.severity;
    ran.push(rule);
    const configured = model.config.rules[rule.meta.id]?.options ?? {};
    const reported: ReportedFinding[] = [];
    try {
      rule.check({
        model,
        options: { ...(rule.meta.defaultOptions ?? {}), ...configured },
        report: (f) => reported.push(f),
      });
    } catch (e) {
      diagnostics.push({
        severity: 'error',
        code: DiagnosticCode.RuleFailed,
        message: `rule ${rule.meta.id} failed: ${e instanceof Error ? e.message : String(e)}`,
      });
      continue;
    }
    const seen = new Map<string, number>();
    for (const r of reported) {
      const lines = model.ws.read(r.path)?.lines.slice(r.line - 1, r.endLine) ?? [];
      let fingerprint = computeFingerprint(rule.meta.id, r.key, [...lines]);
      // Two findings with the same key and code (two identical spots) stay distinguishable.
      const n = seen.get(fingerprint) ?? 0;
      seen.set(fingerprint, n + 1);
      if (n > 0) fingerprint = computeFingerprint(rule.meta.id, `${r.key}#${n + 1}`, [...lines]);
      const finding: Finding = {
        ...r,
        ruleId: rule.meta.id,
        severity: configuredSeverity !== undefined ? severity : (r.severity ?? severity),
        fingerprint,
      };
      const s = isSuppressed(finding, model.config.suppressions);
      if (s) suppressed.push({ finding, reason: s.reason });
      else findings.push(finding);
    }
  }
  findings.sort(compareFindings);
  suppressed.sort((a, b) => compareFindings(a.finding, b.finding));
  return { findings, suppressed, diagnostics, ran };
}

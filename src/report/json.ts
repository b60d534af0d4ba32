/**
 * `--format json`: the public machine shape. Keys are written in a fixed order and every array is
 * sorted, so two runs over the same tree give the same bytes and diffs of the output mean something.
 */
import type { Evidence } from '../cc/model.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Finding } from '../rules/types.js';
import { type ReportInput, reviewState, type StaleBaselineEntry } from './input.js';
import { countOf, sortFindings, sortStale, tally } from './tally.js';

export function formatJson(input: ReportInput): string {
  const findings = sortFindings(input.findings);
  const t = tally(findings);
  const review = input.review;
  const doc = {
    findings: review
      ? findings.map((f) => ({ ...findingJson(f), change: reviewState(review, f) }))
      : findings.map(findingJson),
    // A review adds the findings the change resolves, in the same shape, with their old places.
    ...(review
      ? { resolved: sortFindings(review.resolved).map((f) => ({ ...findingJson(f), change: 'resolved' })) }
      : {}),
    summary: {
      byRule: Object.fromEntries([...t.byRule].map(([rule, counts]) => [rule, countOf(counts)])),
      bySeverity: { error: t.bySeverity.error, warning: t.bySeverity.warning, info: t.bySeverity.info },
      byCc: Object.fromEntries([...t.byCc].map(([cc, counts]) => [cc, countOf(counts)])),
      total: t.total,
      suppressed: input.suppressed?.length ?? 0,
      baselined: input.baselined ?? 0,
      ...(review
        ? {
            review: {
              change: review.change,
              new: findings.filter((f) => reviewState(review, f) === 'new').length,
              touched: findings.filter((f) => reviewState(review, f) === 'touched').length,
              resolved: review.resolved.length,
              unchanged: review.unchanged,
            },
          }
        : {}),
    },
    stale: sortStale(input.staleBaseline ?? []).map(staleJson),
    diagnostics: [...input.diagnostics].sort(compareDiagnostics).map(diagnosticJson),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function findingJson(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    cc: f.cc,
    path: f.path,
    line: f.line,
    endLine: f.endLine,
    message: f.message,
    evidence: f.evidence.map(evidenceJson),
    fix: f.fix,
    fingerprint: f.fingerprint,
  };
}

export function evidenceJson(e: Evidence): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: e.kind, detail: e.detail };
  if (e.path !== undefined) out.path = e.path;
  if (e.line !== undefined) out.line = e.line;
  if (e.signature !== undefined) out.signature = e.signature;
  return out;
}

function staleJson(s: StaleBaselineEntry): Record<string, unknown> {
  return { ruleId: s.ruleId, path: s.path, fingerprint: s.fingerprint, message: s.message };
}

function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  const out: Record<string, unknown> = { code: d.code, severity: d.severity };
  if (d.file !== undefined) out.file = d.file;
  if (d.line !== undefined) out.line = d.line;
  out.message = d.message;
  return out;
}

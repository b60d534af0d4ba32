/**
 * `--format junit`: the shape edk2's stuart CI writes (edk2-pytool-library's junit_report_format,
 * as used by `stuart_ci_build`): `<testsuites>` of `<testsuite id name package tests failures
 * errors skipped>` of `<testcase classname name time>`, each with at most one `<failure>` — which
 * is also all that Azure Pipelines, GitLab and Jenkins read of a test case.
 *
 * So that each finding is its own failure, a rule is a test suite and each of its findings a test
 * case (named `path:line`); a rule without findings is one passing test case named after the rule.
 * A finding fails when its severity is at or above `failOn` (default `warning`): below that it is a
 * passing test case whose output holds the finding, so an info finding is visible but does not
 * fail the CI job — exactly as it does not change ccguard's exit code. Suppressed findings are
 * skipped test cases whose message gives the reason. Diagnostics and stale baseline entries are
 * listed in the output of passing test cases of a last suite, `ccguard`: they describe the input,
 * not departures from the design.
 */

import { cmp, compareDiagnostics } from '../diagnostics.js';
import type { Finding, FindingSeverity } from '../rules/types.js';
import { DEFAULT_FAIL_ON, type ReportInput } from './input.js';
import { compareFindings, failsAt, sortStale } from './tally.js';
import { xmlAttr, xmlText } from './xml.js';

type CaseOutcome =
  | { readonly kind: 'pass'; readonly output?: string }
  | {
      readonly kind: 'failure';
      readonly message: string;
      readonly type: FindingSeverity;
      readonly body: string;
    }
  | { readonly kind: 'skipped'; readonly message: string };

interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly outcome: CaseOutcome;
}

interface TestSuite {
  readonly name: string;
  readonly package: string;
  readonly cases: readonly TestCase[];
}

export function formatJunit(input: ReportInput): string {
  const suites = buildSuites(input);
  const counts = suites.map(suiteCounts);
  const sum = (key: keyof ReturnType<typeof suiteCounts>) => counts.reduce((n, c) => n + c[key], 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ccguard" tests="${sum('tests')}" failures="${sum('failures')}" errors="0" skipped="${sum('skipped')}" time="0">`,
  ];
  suites.forEach((suite, id) => {
    const c = counts[id]!;
    out.push(
      `  <testsuite id="${id}" name="${xmlAttr(suite.name)}" package="${xmlAttr(suite.package)}" ` +
        `tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="0">`,
    );
    for (const tc of suite.cases) out.push(...testCaseXml(tc));
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function buildSuites(input: ReportInput): TestSuite[] {
  const failOn = input.failOn ?? DEFAULT_FAIL_ON;
  const byRule = new Map<string, { finding: Finding; suppressedBecause?: string }[]>();
  for (const r of input.rules) byRule.set(r.id, []);
  const add = (finding: Finding, suppressedBecause?: string) => {
    const list = byRule.get(finding.ruleId) ?? [];
    list.push(suppressedBecause === undefined ? { finding } : { finding, suppressedBecause });
    byRule.set(finding.ruleId, list);
  };
  for (const f of input.findings) add(f);
  for (const s of input.suppressed ?? []) add(s.finding, s.reason);

  const suites: TestSuite[] = [];
  for (const [ruleId, entries] of [...byRule].sort(([a], [b]) => cmp(a, b))) {
    const classname = `ccguard.${ruleId.replace(/\//g, '.')}`;
    const pkg = `ccguard.${input.rootLabel}`;
    if (entries.length === 0) {
      suites.push({
        name: ruleId,
        package: pkg,
        cases: [{ classname, name: ruleId, outcome: { kind: 'pass' } }],
      });
      continue;
    }
    entries.sort((a, b) => compareFindings(a.finding, b.finding));
    const names = new Map<string, number>();
    const cases = entries.map(({ finding, suppressedBecause }): TestCase => {
      const base = `${finding.path}:${finding.line}`;
      const seen = (names.get(base) ?? 0) + 1;
      names.set(base, seen);
      const name = seen === 1 ? base : `${base} #${seen}`;
      return { classname, name, outcome: outcomeOf(finding, suppressedBecause, failOn) };
    });
    suites.push({ name: ruleId, package: pkg, cases });
  }

  const runCases: TestCase[] = [];
  if (input.diagnostics.length > 0) {
    const lines = [...input.diagnostics].sort(compareDiagnostics).map((d) => {
      const where = d.file === undefined ? '' : `${d.file}${d.line === undefined ? '' : `:${d.line}`}: `;
      return `${where}${d.severity} ${d.code}: ${d.message}`;
    });
    runCases.push({
      classname: 'ccguard.run',
      name: 'diagnostics',
      outcome: { kind: 'pass', output: lines.join('\n') },
    });
  }
  const stale = sortStale(input.staleBaseline ?? []);
  if (stale.length > 0) {
    const lines = stale.map((s) => `${s.path}: ${s.ruleId}: ${s.message} (fingerprint ${s.fingerprint})`);
    lines.push('These baseline entries match no finding any more; --update-baseline drops them.');
    runCases.push({
      classname: 'ccguard.run',
      name: 'stale baseline entries',
      outcome: { kind: 'pass', output: lines.join('\n') },
    });
  }
  if (runCases.length > 0)
    suites.push({ name: 'ccguard', package: `ccguard.${input.rootLabel}`, cases: runCases });
  return suites;
}

function outcomeOf(f: Finding, suppressedBecause: string | undefined, failOn: FindingSeverity): CaseOutcome {
  if (suppressedBecause !== undefined)
    return { kind: 'skipped', message: `suppressed: ${suppressedBecause}` };
  const body = findingBody(f);
  if (failsAt(f.severity, failOn)) return { kind: 'failure', message: f.message, type: f.severity, body };
  return { kind: 'pass', output: `${f.severity} below --fail-on ${failOn}\n${body}` };
}

function findingBody(f: Finding): string {
  const span = f.endLine > f.line ? `${f.line}-${f.endLine}` : String(f.line);
  const lines = [`${f.path}:${span}${f.cc === null ? '' : ` [${f.cc}]`}`, f.message, 'evidence:'];
  for (const e of f.evidence) {
    const where = e.path === undefined ? '' : ` (${e.path}${e.line === undefined ? '' : `:${e.line}`})`;
    lines.push(`  - ${e.kind}: ${e.detail}${where}`);
  }
  lines.push(`fix: ${f.fix}`, `fingerprint: ${f.fingerprint}`);
  return lines.join('\n');
}

function testCaseXml(tc: TestCase): string[] {
  const open = `    <testcase classname="${xmlAttr(tc.classname)}" name="${xmlAttr(tc.name)}" time="0"`;
  const o = tc.outcome;
  switch (o.kind) {
    case 'pass':
      if (o.output === undefined) return [`${open}/>`];
      return [`${open}>`, `      <system-out>${xmlText(o.output)}</system-out>`, '    </testcase>'];
    case 'skipped':
      return [`${open}>`, `      <skipped message="${xmlAttr(o.message)}"/>`, '    </testcase>'];
    case 'failure':
      return [
        `${open}>`,
        `      <failure message="${xmlAttr(o.message)}" type="${o.type}">${xmlText(o.body)}</failure>`,
        '    </testcase>',
      ];
  }
}

function suiteCounts(suite: TestSuite): { tests: number; failures: number; skipped: number } {
  return {
    tests: suite.cases.length,
    failures: suite.cases.filter((c) => c.outcome.kind === 'failure').length,
    skipped: suite.cases.filter((c) => c.outcome.kind === 'skipped').length,
  };
}

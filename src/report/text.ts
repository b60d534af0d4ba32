/**
 * `--format text`: for a person at a terminal, after ESLint's and rustc's output. Findings are
 * grouped by file; each shows its location, severity, message and rule, a code frame, the evidence
 * that led to it and the fix; a summary closes the report. Colour only when asked for.
 */
import type { Evidence } from '../cc/model.js';
import type { Finding, FindingSeverity } from '../rules/types.js';
import { codeFrame } from './code-frame.js';
import {
  DEFAULT_FAIL_ON,
  type ReportInput,
  type ReviewInfo,
  reviewState,
  type StaleBaselineEntry,
} from './input.js';
import {
  failsAt,
  findingsPhrase,
  plural,
  SEVERITIES,
  type SeverityCounts,
  sortFindings,
  sortStale,
  type Tally,
  tally,
} from './tally.js';

export interface TextOptions {
  /** ANSI colour; the CLI passes `process.stdout.isTTY && !process.env.NO_COLOR`. */
  readonly color: boolean;
  /** Findings shown in full; the rest are only counted (the summary always counts all). */
  readonly maxFindings?: number;
}

export function formatText(input: ReportInput, options: TextOptions): string {
  const paint = painter(options.color);
  const findings = sortFindings(input.findings);
  const shown = options.maxFindings === undefined ? findings : findings.slice(0, options.maxFindings);
  const out: string[] = [];

  for (const group of groupByPath(shown)) {
    out.push(paint.header(visible(group.path)));
    const locWidth = Math.max(...group.findings.map((f) => location(f).length));
    for (const f of group.findings) out.push(...findingBlock(f, locWidth, input, paint), '');
  }
  const hidden = findings.length - shown.length;
  if (hidden > 0) {
    out.push(paint.dim(`... ${plural(hidden, 'more finding')} not shown (--format json lists all)`), '');
  }
  if (input.review && input.review.resolved.length > 0) out.push(...resolvedBlock(input.review, paint), '');
  const stale = sortStale(input.staleBaseline ?? []);
  if (stale.length > 0) out.push(...staleBlock(stale, paint), '');
  out.push(...summaryBlock(input, tally(findings), paint));
  return `${out.join('\n')}\n`;
}

function findingBlock(f: Finding, locWidth: number, input: ReportInput, paint: Painter): string[] {
  const cc = f.cc === null ? '' : `[${f.cc}] `;
  const head =
    `  ${location(f).padEnd(locWidth)}  ${paint.severity(f.severity, f.severity.padEnd(7))}  ` +
    `${visible(cc + f.message)}  ${paint.dim(f.ruleId)}` +
    (input.review ? ` ${paint.dim(`(${reviewState(input.review, f)})`)}` : '');
  const out = [head];
  const lines = input.readLines(f.path);
  const rows = lines ? codeFrame(lines, f.line, f.endLine) : [];
  const gap = '...';
  const width = Math.max(
    String(Math.max(0, ...rows.map((r) => r.lineNo ?? 0))).length,
    rows.some((r) => r.lineNo === null) ? gap.length : 0,
  );
  for (const r of rows) {
    const marker = r.marked && r.lineNo !== null ? paint.severity(f.severity, '>') : ' ';
    const no = r.lineNo === null ? gap : String(r.lineNo);
    out.push(`    ${marker} ${paint.dim(`${no.padStart(width)} |`)} ${visible(r.text)}`.trimEnd());
  }
  out.push('    evidence:');
  for (const e of f.evidence) out.push(`      - ${paint.dim(`${e.kind}:`)} ${visible(evidenceText(e))}`);
  out.push(...indentLines(`${paint.fix('fix:')} ${visible(f.fix)}`, '    '));
  return out;
}

/** The findings a review's change removes, at their old places (no code frame: that code is gone). */
function resolvedBlock(review: ReviewInfo, paint: Painter): string[] {
  const resolved = sortFindings(review.resolved);
  const out = [paint.bold(`Resolved by this change (${resolved.length}):`)];
  for (const f of resolved) {
    const cc = f.cc === null ? '' : `[${f.cc}] `;
    out.push(
      `  ${paint.ok('✔')} ${visible(`${f.path}:${location(f)}`)}  ${visible(cc + f.message)}  ${paint.dim(f.ruleId)}`,
    );
  }
  return out;
}

function staleBlock(stale: readonly StaleBaselineEntry[], paint: Painter): string[] {
  const out = [paint.bold('Stale baseline entries (no longer found; --update-baseline drops them):')];
  for (const s of stale) out.push(`  ${visible(s.path)}  ${visible(s.message)}  ${paint.dim(s.ruleId)}`);
  return out;
}

function summaryBlock(input: ReportInput, t: Tally, paint: Painter): string[] {
  const out = [paint.bold(`Summary for ${visible(input.rootLabel)}`)];
  if (t.total > 0) {
    out.push(...table('rule', t.byRule), '', ...table('cc', t.byCc), '');
  }
  const review = input.review;
  const extras = review
    ? [plural(input.diagnostics.length, 'diagnostic'), `${input.suppressed?.length ?? 0} suppressed`]
    : [
        plural(input.diagnostics.length, 'diagnostic'),
        `${input.suppressed?.length ?? 0} suppressed`,
        `${input.baselined ?? 0} baselined`,
        plural(input.staleBaseline?.length ?? 0, 'stale baseline entry', 'stale baseline entries'),
      ];
  out.push(`  ${extras.join(', ')}`);
  if (review) {
    const fresh = input.findings.filter((f) => reviewState(review, f) === 'new').length;
    out.push(
      `  review of ${visible(review.change)}: ${fresh} new, ${t.total - fresh} touched, ` +
        `${review.resolved.length} resolved, ${review.unchanged} unchanged`,
    );
  }
  if (t.total === 0) {
    out.push(paint.ok('✔ no findings'));
  } else {
    const failOn = input.failOn ?? DEFAULT_FAIL_ON;
    const failing = SEVERITIES.some((s) => t.bySeverity[s] > 0 && failsAt(s, failOn));
    out.push(paint.result(failing, `✖ ${findingsPhrase(t)}`));
  }
  return out;
}

/** Rows of counts by severity with a total column and a total row; numbers right-aligned. */
function table(title: string, counts: ReadonlyMap<string, SeverityCounts>): string[] {
  const rows: string[][] = [[title, ...SEVERITIES, 'total']];
  const sum: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const [key, c] of counts) {
    rows.push([visible(key), ...SEVERITIES.map((s) => String(c[s])), String(c.error + c.warning + c.info)]);
    for (const s of SEVERITIES) sum[s] += c[s];
  }
  rows.push(['total', ...SEVERITIES.map((s) => String(sum[s])), String(sum.error + sum.warning + sum.info)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map(
    (r) =>
      `  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`,
  );
}

function location(f: Finding): string {
  return f.endLine > f.line ? `${f.line}-${f.endLine}` : String(f.line);
}

function evidenceText(e: Evidence): string {
  if (e.path === undefined) return e.detail;
  return `${e.detail} (${e.path}${e.line === undefined ? '' : `:${e.line}`})`;
}

function groupByPath(findings: readonly Finding[]): { path: string; findings: Finding[] }[] {
  const groups: { path: string; findings: Finding[] }[] = [];
  for (const f of findings) {
    const last = groups[groups.length - 1];
    if (last && last.path === f.path) last.findings.push(f);
    else groups.push({ path: f.path, findings: [f] });
  }
  return groups;
}

function indentLines(text: string, indent: string): string[] {
  const [first = '', ...rest] = text.split('\n');
  return [indent + first, ...rest.map((l) => `${indent}  ${l}`.trimEnd())];
}

/**
 * Text from the analysed tree with control characters shown as `\xNN`: a file name or code line
 * must not be able to move the cursor or recolour the terminal. Tabs and newlines stay.
 */
export function visible(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

interface Painter {
  header(s: string): string;
  severity(severity: FindingSeverity, s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  fix(s: string): string;
  ok(s: string): string;
  result(failing: boolean, s: string): string;
}

const SEVERITY_COLOR: Readonly<Record<FindingSeverity, string>> = { error: '31', warning: '33', info: '36' };

function painter(color: boolean): Painter {
  const sgr = (code: string) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    header: sgr('1;4'),
    severity: (severity, s) => sgr(SEVERITY_COLOR[severity])(s),
    dim: sgr('2'),
    bold: sgr('1'),
    fix: sgr('32'),
    ok: sgr('1;32'),
    result: (failing, s) => sgr(failing ? '1;31' : '1;33')(s),
  };
}

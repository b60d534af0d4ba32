/**
 * `--format markdown`: a summary to paste into a pull-request comment or a mailing-list reply —
 * counts by rule and by CC technology, then the findings grouped by rule, each with its place
 * (a link when a blob URL base is given), message, evidence and fix. Many findings fold into
 * `<details>` blocks so a comment stays short.
 *
 * Every string from the analysed tree is escaped: a path or message holding `|`, backticks or
 * `<script>` must show as that text, not break a table or become markup.
 */
import type { Evidence } from '../cc/model.js';
import { cmp } from '../diagnostics.js';
import type { Finding, RuleMeta } from '../rules/types.js';
import { type ReportInput, type ReviewInfo, reviewState, type StaleBaselineEntry } from './input.js';
import {
  countOf,
  findingsPhrase,
  plural,
  SEVERITIES,
  type SeverityCounts,
  sortFindings,
  sortStale,
  type Tally,
  tally,
} from './tally.js';

export interface MarkdownOptions {
  /**
   * Where files are browsed, e.g. `https://github.com/o/r/blob/<sha>/`: each `path:line` becomes
   * a link to `<linkBase><path>#L<line>-L<endLine>`.
   */
  readonly linkBase?: string;
  /** Above this many findings, each rule's findings fold into a `<details>` block. */
  readonly collapseAbove?: number;
}

const DEFAULT_COLLAPSE_ABOVE = 10;

export function formatMarkdown(input: ReportInput, options: MarkdownOptions = {}): string {
  const findings = sortFindings(input.findings);
  const t = tally(findings);
  const review = input.review;
  const out: string[] = [
    review
      ? `## ccguard review of ${code(review.change)} in ${code(input.rootLabel)}`
      : `## ccguard: ${t.total === 0 ? 'no findings' : plural(t.total, 'finding')} in ${code(input.rootLabel)}`,
    '',
  ];
  out.push(review ? reviewStatusLine(input, review, t) : statusLine(input, t), '');
  if (t.total > 0) {
    out.push(...countsTable('Rule', t.byRule, (id) => code(id, true)), '');
    out.push(...countsTable('CC technology', t.byCc, (cc) => escapeMarkdown(cc)), '');
  }

  const rules = new Map(input.rules.map((r) => [r.id, r]));
  const collapse = t.total > (options.collapseAbove ?? DEFAULT_COLLAPSE_ABOVE);
  for (const [ruleId, group] of groupByRule(findings)) {
    out.push(...ruleSection(ruleId, rules.get(ruleId), group, collapse, options.linkBase, review), '');
  }
  if (review && review.resolved.length > 0) out.push(...resolvedSection(review, options), '');
  const stale = sortStale(input.staleBaseline ?? []);
  if (stale.length > 0) out.push(...staleSection(stale, options.linkBase), '');
  return `${out.join('\n').trimEnd()}\n`;
}

function statusLine(input: ReportInput, t: Tally): string {
  const parts = [t.total === 0 ? '✔ **no findings**' : `✖ **${findingsPhrase(t)}**`];
  parts.push(`${input.suppressed?.length ?? 0} suppressed`, `${input.baselined ?? 0} baselined`);
  parts.push(plural(input.staleBaseline?.length ?? 0, 'stale baseline entry', 'stale baseline entries'));
  parts.push(plural(input.diagnostics.length, 'diagnostic'));
  return parts.join(' · ');
}

function reviewStatusLine(input: ReportInput, review: ReviewInfo, t: Tally): string {
  const fresh = input.findings.filter((f) => reviewState(review, f) === 'new').length;
  const parts = [t.total === 0 ? '✔ **no new or touched findings**' : `✖ **${findingsPhrase(t)}**`];
  parts.push(`${fresh} new`, `${t.total - fresh} touched`, `**${review.resolved.length} resolved**`);
  parts.push(`${input.suppressed?.length ?? 0} suppressed`, plural(input.diagnostics.length, 'diagnostic'));
  return parts.join(' · ');
}

/** The findings the change removes: at their old places, so never linked to the new tree. */
function resolvedSection(review: ReviewInfo, options: MarkdownOptions): string[] {
  const resolved = sortFindings(review.resolved);
  const items = resolved.map((f) => {
    const cc = f.cc === null ? '' : ` [${escapeMarkdown(f.cc)}]`;
    return `- **${f.severity}** ${place(f.path, f.line, f.endLine, undefined)}${cc} ${code(f.ruleId)} — ${escapeMarkdown(f.message)}`;
  });
  const title = `Resolved by this change (${resolved.length})`;
  if (resolved.length <= (options.collapseAbove ?? DEFAULT_COLLAPSE_ABOVE))
    return [`### ${title}`, '', ...items];
  return ['<details>', `<summary>${title}</summary>`, '', ...items, '', '</details>'];
}

function countsTable(
  title: string,
  counts: ReadonlyMap<string, SeverityCounts>,
  label: (key: string) => string,
): string[] {
  const rows = [`| ${title} | Errors | Warnings | Info | Total |`, '| --- | ---: | ---: | ---: | ---: |'];
  for (const [key, c] of counts) {
    rows.push(`| ${label(key)} | ${SEVERITIES.map((s) => c[s]).join(' | ')} | ${countOf(c)} |`);
  }
  return rows;
}

function ruleSection(
  ruleId: string,
  rule: RuleMeta | undefined,
  findings: readonly Finding[],
  collapse: boolean,
  linkBase: string | undefined,
  review: ReviewInfo | undefined,
): string[] {
  const count = plural(findings.length, 'finding');
  const title = rule ? ` — ${escapeMarkdown(rule.title)}` : '';
  const items = findings.flatMap((f) => findingItem(f, linkBase, review));
  if (!collapse) return [`### ${code(ruleId)}${title} (${count})`, '', ...items];
  const summaryTitle = rule ? ` — ${escapeHtml(rule.title)}` : '';
  return [
    '<details>',
    `<summary><code>${escapeHtml(ruleId)}</code>${summaryTitle} (${count})</summary>`,
    '',
    ...items,
    '',
    '</details>',
  ];
}

function findingItem(f: Finding, linkBase: string | undefined, review: ReviewInfo | undefined): string[] {
  const cc = f.cc === null ? '' : ` [${escapeMarkdown(f.cc)}]`;
  const state = review ? ` *(${reviewState(review, f)})*` : '';
  const lines = [
    `- **${f.severity}** ${place(f.path, f.line, f.endLine, linkBase)}${cc}${state} — ${escapeMarkdown(f.message)}`,
  ];
  for (const e of f.evidence) lines.push(`  - ${e.kind}: ${evidenceText(e, linkBase)}`);
  lines.push(`  - **Fix:** ${escapeMarkdown(f.fix)}`);
  return lines;
}

function staleSection(stale: readonly StaleBaselineEntry[], linkBase: string | undefined): string[] {
  return [
    '<details>',
    `<summary>${plural(stale.length, 'stale baseline entry', 'stale baseline entries')} (no longer found; <code>--update-baseline</code> drops them)</summary>`,
    '',
    ...stale.map(
      (s) =>
        `- ${place(s.path, undefined, undefined, linkBase)} ${code(s.ruleId)} — ${escapeMarkdown(s.message)}`,
    ),
    '',
    '</details>',
  ];
}

function evidenceText(e: Evidence, linkBase: string | undefined): string {
  const detail = escapeMarkdown(e.detail);
  return e.path === undefined ? detail : `${detail} (${place(e.path, e.line, e.line, linkBase)})`;
}

/** `path:line` as a code span, or as a link to the blob view when a link base is known. */
function place(
  path: string,
  line: number | undefined,
  endLine: number | undefined,
  linkBase: string | undefined,
): string {
  const span =
    line === undefined ? '' : endLine !== undefined && endLine > line ? `:${line}-${endLine}` : `:${line}`;
  if (linkBase === undefined) return code(`${path}${span}`);
  const base = linkBase.endsWith('/') ? linkBase : `${linkBase}/`;
  const anchor =
    line === undefined ? '' : endLine !== undefined && endLine > line ? `#L${line}-L${endLine}` : `#L${line}`;
  return `[${escapeMarkdown(`${path}${span}`)}](${base}${urlPath(path)}${anchor})`;
}

function groupByRule(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.ruleId);
    if (list) list.push(f);
    else groups.set(f.ruleId, [f]);
  }
  return new Map([...groups].sort(([a], [b]) => cmp(a, b)));
}

/**
 * Inline Markdown text: backslash before every character that could start markup inline (emphasis,
 * code, links, HTML, table cells, strikethrough, entities); line breaks become spaces, because a
 * line break inside a list item or table cell would end it.
 */
export function escapeMarkdown(s: string): string {
  return singleLine(s).replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/**
 * A code span that holds `s` literally: fenced with more backticks than any run inside it. In a
 * table cell `|` is still escaped, because GFM splits cells on it even inside code spans (and
 * drops the backslash there); elsewhere the backslash would show.
 */
export function code(s: string, inTableCell = false): string {
  const line = singleLine(s);
  const text = inTableCell ? line.replace(/\|/g, '\\|') : line;
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function escapeHtml(s: string): string {
  return singleLine(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function singleLine(s: string): string {
  // Control characters too: they have no business in a comment and some break rendering.
  return s.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');
}

/** A path for a link destination: each segment percent-encoded, parentheses too (they end a link). */
function urlPath(path: string): string {
  return path
    .split('/')
    .map((seg) =>
      encodeURIComponent(seg).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

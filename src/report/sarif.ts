/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning takes it. Every known rule is described
 * in the driver (so the alert pages carry the rule's documentation); results point at paths
 * relative to the `SRCROOT` base, never absolute ones; `partialFingerprints` carry ccguard's own
 * fingerprint so that an alert keeps its identity across commits.
 *
 * A finding's fix is advice in words, while SARIF `fixes` must be byte replacements, so the advice
 * goes into the message's second paragraph and `properties.fix` instead. Diagnostics (problems with
 * the input) become tool execution notifications; stale baseline entries become configuration
 * notifications, since the baseline file is configuration.
 *
 * A review (`ccguard review`) marks each result with SARIF's `baselineState`: `new` for a finding
 * the change introduces, `updated` for one it touches. The findings it resolves are deliberately
 * not results with `baselineState: absent`: GitHub code scanning turns every result into an alert
 * whatever its `baselineState` or `kind`, so an absent result would open an alert on code the
 * change removed. They are listed in the run's `properties.resolved` instead.
 */
import type { Evidence } from '../cc/model.js';
import { cmp, compareDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Finding, FindingSeverity, RuleMeta } from '../rules/types.js';
import { type ReportInput, type ReviewInfo, reviewState, type StaleBaselineEntry } from './input.js';
import { evidenceJson } from './json.js';
import { compareFindings, sortStale } from './tally.js';

/** The `id` of the official OASIS schema (SARIF 2.1.0, errata 01). */
export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Results' paths are relative to this base; its absolute location is left to the consumer. */
export const SRCROOT = 'SRCROOT';

/** The key under `partialFingerprints`; bump the version if the fingerprint recipe changes. */
export const FINGERPRINT_KEY = 'ccguard/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<FindingSeverity, SarifLevel>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export interface SarifArtifactLocation {
  readonly uri: string;
  readonly uriBaseId: typeof SRCROOT;
}

export interface SarifLocation {
  readonly id?: number;
  readonly physicalLocation: {
    readonly artifactLocation: SarifArtifactLocation;
    readonly region?: { readonly startLine: number; readonly endLine?: number };
  };
  readonly message?: { readonly text: string };
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex?: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly SarifLocation[];
  readonly relatedLocations?: readonly SarifLocation[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly baselineState?: 'new' | 'updated';
  readonly suppressions?: readonly { kind: 'external'; status: 'accepted'; justification: string }[];
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly [Readonly<Record<string, unknown>> & { readonly results: readonly SarifResult[] }];
}

export function formatSarif(input: ReportInput): string {
  return `${JSON.stringify(buildSarif(input), null, 2)}\n`;
}

export function buildSarif(input: ReportInput): SarifLog {
  const rules = [...input.rules].sort((a, b) => cmp(a.id, b.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const entries: { finding: Finding; reason?: string }[] = [
    ...input.findings.map((finding) => ({ finding })),
    ...(input.suppressed ?? []).map((s) => ({ finding: s.finding, reason: s.reason })),
  ].sort((a, b) => compareFindings(a.finding, b.finding));

  const driver: Record<string, unknown> = { name: input.tool.name, version: input.tool.version };
  if (input.tool.informationUri !== undefined) driver.informationUri = input.tool.informationUri;
  driver.rules = rules.map(ruleDescriptor);

  const run: Record<string, unknown> = {
    tool: { driver },
    invocations: [invocation(input, ruleIndex)],
    originalUriBaseIds: {
      [SRCROOT]: { description: { text: `The root of the analysed tree (${input.rootLabel}).` } },
    },
  };
  const results = entries.map((e) =>
    result(e.finding, ruleIndex.get(e.finding.ruleId), e.reason, input.review),
  );
  const properties: Record<string, unknown> = {};
  if (input.baselined !== undefined) properties.baselined = input.baselined;
  if (input.review) {
    properties.change = input.review.change;
    properties.resolved = [...input.review.resolved].sort(compareFindings).map(resolvedJson);
  }
  if (Object.keys(properties).length > 0) run.properties = properties;
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [{ ...run, results }] };
}

function ruleDescriptor(rule: RuleMeta): Record<string, unknown> {
  const area = rule.id.split('/')[0] ?? rule.id;
  const tags = ['confidential-computing', area];
  if (hasSpecSection(rule)) tags.push(`spec-${rule.specSection}`);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.summary },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags, specSection: rule.specSection },
  };
}

function result(
  f: Finding,
  index: number | undefined,
  suppressedBecause: string | undefined,
  review: ReviewInfo | undefined,
): SarifResult {
  const related = f.evidence
    .filter((e): e is Evidence & { path: string } => e.path !== undefined)
    .map((e, id): SarifLocation => ({ id, ...physical(e.path, e.line), message: { text: e.detail } }));
  return {
    ruleId: f.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: LEVEL[f.severity],
    message: { text: `${f.message}\n\nFix: ${f.fix}` },
    locations: [physical(f.path, f.line, f.endLine)],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(review ? { baselineState: reviewState(review, f) === 'new' ? 'new' : 'updated' } : {}),
    ...(suppressedBecause === undefined
      ? {}
      : { suppressions: [{ kind: 'external', status: 'accepted', justification: suppressedBecause }] }),
    properties: {
      cc: f.cc,
      fix: f.fix,
      evidence: f.evidence.map(evidenceJson),
    },
  };
}

/** A resolved finding in the run's property bag: where it was, and its identity. */
function resolvedJson(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    level: LEVEL[f.severity],
    message: f.message,
    uri: uriReference(f.path),
    startLine: f.line,
    endLine: f.endLine,
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
  };
}

function invocation(input: ReportInput, ruleIndex: ReadonlyMap<string, number>): Record<string, unknown> {
  const inv: Record<string, unknown> = { executionSuccessful: true };
  const diagnostics = [...input.diagnostics].sort(compareDiagnostics).map(diagnosticNotification);
  if (diagnostics.length > 0) inv.toolExecutionNotifications = diagnostics;
  const stale = sortStale(input.staleBaseline ?? []).map((s) =>
    staleNotification(s, ruleIndex.get(s.ruleId)),
  );
  if (stale.length > 0) inv.toolConfigurationNotifications = stale;
  return inv;
}

function diagnosticNotification(d: Diagnostic): Record<string, unknown> {
  const n: Record<string, unknown> = {
    level: LEVEL[d.severity],
    message: { text: d.message },
    descriptor: { id: d.code },
  };
  if (d.file !== undefined) n.locations = [physical(d.file, d.line)];
  return n;
}

function staleNotification(s: StaleBaselineEntry, index: number | undefined): Record<string, unknown> {
  return {
    level: 'note',
    message: {
      text: `Stale baseline entry: no finding matches it any more (${s.message}); --update-baseline drops it.`,
    },
    descriptor: { id: 'stale-baseline-entry' },
    associatedRule: index === undefined ? { id: s.ruleId } : { id: s.ruleId, index },
    locations: [physical(s.path)],
    properties: { fingerprint: s.fingerprint },
  };
}

function physical(path: string, line?: number, endLine?: number): SarifLocation {
  const artifactLocation: SarifArtifactLocation = { uri: uriReference(path), uriBaseId: SRCROOT };
  if (line === undefined || !Number.isInteger(line) || line < 1)
    return { physicalLocation: { artifactLocation } };
  const region =
    endLine !== undefined && Number.isInteger(endLine) && endLine >= line
      ? { startLine: line, endLine }
      : { startLine: line };
  return { physicalLocation: { artifactLocation, region } };
}

/**
 * A workspace-relative path as a relative URI reference: each segment percent-encoded, so spaces,
 * `#`, `%` and a `:` in the first segment (which would read as a scheme) survive the trip.
 */
export function uriReference(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** `isolation/inline-cc-logic` → `IsolationInlineCcLogic`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function hasSpecSection(rule: RuleMeta): boolean {
  return rule.specSection !== '' && rule.specSection !== '—';
}

function specLine(rule: RuleMeta): string {
  return hasSpecSection(rule)
    ? `Section ${rule.specSection} of the edk2 confidential-computing design (rfc-cc-ovmf-2021-07).`
    : 'A rule beyond the sections of the edk2 confidential-computing design.';
}

function helpText(rule: RuleMeta): string {
  const d = rule.docs;
  return [
    d.what,
    `Why: ${d.why}`,
    `Failing example:\n${d.failing}`,
    `Passing example:\n${d.passing}`,
    `How to fix: ${d.fix}`,
    specLine(rule),
  ].join('\n\n');
}

function helpMarkdown(rule: RuleMeta): string {
  const d = rule.docs;
  return [
    d.what,
    `**Why.** ${d.why}`,
    '**Failing example**',
    d.failing,
    '**Passing example**',
    d.passing,
    `**How to fix.** ${d.fix}`,
    `*${specLine(rule)}*`,
  ].join('\n\n');
}

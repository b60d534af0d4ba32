/**
 * Baselines: the findings a team has accepted for now, so that later runs report only new ones
 * (as ESLint's and ruff's baselines, Psalm's and PHPStan's). Entries are matched by rule id and
 * fingerprint, never by line, so that edits elsewhere in a file do not revive them; entries that
 * no finding matches any more are reported as stale, so that the baseline shrinks as code is fixed.
 */
import { cmp, type Diagnostic, DiagnosticCode } from '../diagnostics.js';
import type { Finding } from '../rules/types.js';
import type { Workspace } from '../workspace/workspace.js';
import { readToolFile } from './read-file.js';
import { validateAgainst } from './validate.js';
import { parseSource } from './yaml-source.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  readonly ruleId: string;
  /** Workspace-relative path of the finding, for people reading the file and for stale reports. */
  readonly path: string;
  readonly fingerprint: string;
  /** The finding's message when the baseline was written, for people reading the file. */
  readonly message: string;
}

export interface Baseline {
  readonly version: typeof BASELINE_VERSION;
  /** The ccguard version that wrote the file (informative: fingerprints are stable across versions). */
  readonly toolVersion: string;
  /** Sorted by path, rule id, fingerprint, message. */
  readonly entries: readonly BaselineEntry[];
}

const ENTRY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['ruleId', 'path', 'fingerprint', 'message'],
  properties: {
    ruleId: { type: 'string', minLength: 1 },
    path: { type: 'string', minLength: 1 },
    fingerprint: { type: 'string', minLength: 1 },
    message: { type: 'string' },
  },
} as const;

export const BASELINE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'toolVersion', 'entries'],
  properties: {
    version: { const: BASELINE_VERSION },
    toolVersion: { type: 'string' },
    entries: { type: 'array', items: ENTRY_SCHEMA },
  },
} as const;

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    cmp(a.path, b.path) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.fingerprint, b.fingerprint) ||
    cmp(a.message, b.message)
  );
}

/** The baseline of `findings`, as an object. */
export function createBaseline(
  findings: readonly Pick<Finding, 'ruleId' | 'path' | 'fingerprint' | 'message'>[],
  toolVersion: string,
): Baseline {
  const entries = findings
    .map((f) => ({ ruleId: f.ruleId, path: f.path, fingerprint: f.fingerprint, message: f.message }))
    .sort(compareEntries);
  return { version: BASELINE_VERSION, toolVersion, entries };
}

/** The baseline file's text for `findings`: stable JSON, one entry per finding, sorted. */
export function writeBaseline(
  findings: readonly Pick<Finding, 'ruleId' | 'path' | 'fingerprint' | 'message'>[],
  toolVersion: string,
): string {
  return `${JSON.stringify(createBaseline(findings, toolVersion), null, 2)}\n`;
}

export interface BaselineComparison<F> {
  /** Findings the baseline does not hold: the ones to report. */
  readonly fresh: F[];
  /** Findings the baseline holds. */
  readonly baselined: F[];
  /** Baseline entries no finding matches any more (fixed, or changed beyond recognition). */
  readonly stale: BaselineEntry[];
}

/**
 * Splits findings by the baseline. Matching is by (rule id, fingerprint) and counts: two equal
 * findings need two entries, so a copy of an accepted problem still shows as new.
 */
export function applyBaseline<F extends Pick<Finding, 'ruleId' | 'fingerprint'>>(
  findings: readonly F[],
  baseline: Baseline,
): BaselineComparison<F> {
  const available = new Map<string, BaselineEntry[]>();
  for (const e of [...baseline.entries].sort(compareEntries)) {
    const key = `${e.ruleId}\0${e.fingerprint}`;
    const list = available.get(key) ?? [];
    list.push(e);
    available.set(key, list);
  }
  const fresh: F[] = [];
  const baselined: F[] = [];
  for (const f of findings) {
    const entry = available.get(`${f.ruleId}\0${f.fingerprint}`)?.shift();
    if (entry === undefined) fresh.push(f);
    else baselined.push(f);
  }
  const stale = [...available.values()].flat().sort(compareEntries);
  return { fresh, baselined, stale };
}

export interface ReadBaselineResult {
  /** Undefined when the file is missing or unusable (see diagnostics). */
  readonly baseline: Baseline | undefined;
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads a baseline file (workspace-relative, or absolute outside the tree). A missing file is a
 * warning (every finding is then new); a malformed one is an error.
 */
export function readBaseline(ws: Workspace, path: string): ReadBaselineResult {
  const read = readToolFile(ws, path);
  const diagnostic = (severity: 'error' | 'warning', message: string, line?: number): Diagnostic => ({
    severity,
    code: DiagnosticCode.BaselineInvalid,
    file: read.file,
    message,
    ...(line === undefined ? {} : { line }),
  });
  if (read.text === undefined) {
    const missing = read.problem.startsWith('file not found');
    return {
      baseline: undefined,
      diagnostics: [
        missing
          ? diagnostic(
              'warning',
              'baseline file not found: every finding is reported as new (`ccguard check --update-baseline` writes it)',
            )
          : diagnostic('error', `baseline ${read.problem}`),
      ],
    };
  }
  const source = parseSource(read.text, { json: true });
  const parseErrors = source.problems.filter((p) => p.severity === 'error');
  if (parseErrors.length > 0) {
    return {
      baseline: undefined,
      diagnostics: parseErrors.map((p) => diagnostic('error', p.message, p.line)),
    };
  }
  const data = source.data;
  if (typeof data === 'object' && data !== null && 'version' in data && data.version !== BASELINE_VERSION) {
    return {
      baseline: undefined,
      diagnostics: [
        diagnostic(
          'error',
          `unsupported baseline version ${JSON.stringify(data.version)}; this ccguard reads version ${BASELINE_VERSION} (rewrite it with \`ccguard check --update-baseline\`)`,
          source.lineOf(['version']),
        ),
      ],
    };
  }
  const problems = validateAgainst(BASELINE_SCHEMA, data, source);
  if (problems.length > 0) {
    return {
      baseline: undefined,
      diagnostics: problems.map((p) =>
        diagnostic('error', p.message.replace(/^the config/, 'the baseline'), p.line),
      ),
    };
  }
  const baseline = data as Baseline;
  return { baseline: { ...baseline, entries: [...baseline.entries].sort(compareEntries) }, diagnostics: [] };
}

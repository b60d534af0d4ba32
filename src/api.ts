/**
 * ccguard as a library: every CLI command is also a typed function here.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { analyze } from './analysis/analyze.js';
import { ResultMemo, treeFingerprint } from './analysis/memo.js';
import type { AnalysisModel } from './analysis/model.js';
import { buildMapJson, type MapJson } from './cc/map-report.js';
import { buildSignatureTable, type SignatureTableConfig } from './cc/signatures.js';
import { applyBaseline, readBaseline, writeBaseline } from './config/baseline.js';
import { loadConfig } from './config/load.js';
import { type Diagnostic, DiagnosticSink } from './diagnostics.js';
import type { ReportInput, StaleBaselineEntry } from './report/input.js';
import { ALL_RULES } from './rules/index.js';
import { runRules } from './rules/run.js';
import type { Finding, Rule } from './rules/types.js';
import { DiskScanCache, defaultCacheDir } from './source/cache.js';
import { CCGUARD_VERSION } from './version.js';
import { Workspace } from './workspace/workspace.js';

export class ConfigError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file ?? ''}${d.line ? `:${d.line}` : ''}: ${d.message}`).join('\n'));
  }
}

export interface TreeOptions {
  /** Workspace root folder. */
  readonly root: string;
  /** Extra package roots (PACKAGES_PATH). */
  readonly packagesPath?: readonly string[];
  /** Config file (workspace-relative or absolute); default: ccguard.config.{json,yaml,yml} at the root. */
  readonly configPath?: string;
  /** `-D NAME=VALUE` for every platform. */
  readonly defines?: Readonly<Record<string, string>>;
  /** Scan cache folder; `false` disables the cache. Default: the user's cache directory. */
  readonly cacheDir?: string | false;
  readonly onPhase?: (phase: string) => void;
}

export interface Analysis {
  readonly model: AnalysisModel;
  /** Diagnostics about the config itself (warnings; errors throw ConfigError). */
  readonly configDiagnostics: readonly Diagnostic[];
}

/** Load the config and analyse the tree once. Throws ConfigError when the config is invalid. */
export function analyzeTree(options: TreeOptions): Analysis {
  return analyzeOpenTree(openTree(options), options);
}

function openTree(options: TreeOptions): Workspace {
  return Workspace.open(path.resolve(options.root), { packagesPath: options.packagesPath ?? [] });
}

/** analyzeTree on a workspace already open (whose listing and stats are then not taken twice). */
function analyzeOpenTree(ws: Workspace, options: TreeOptions): Analysis {
  const root = path.resolve(options.root);
  const { config, diagnostics } = loadConfig(ws, options.configPath, {
    rules: ALL_RULES.map((r) => ({
      id: r.meta.id,
      ...(r.meta.optionsSchema ? { optionsSchema: r.meta.optionsSchema } : {}),
    })),
  });
  if (diagnostics.some((d) => d.severity === 'error')) throw new ConfigError(diagnostics);
  const cache =
    options.cacheDir === false
      ? undefined
      : new DiskScanCache(options.cacheDir ?? defaultCacheDir(), root, scanSalt(config.signatures));
  const model = analyze(ws, {
    config,
    ...(options.defines ? { defines: options.defines } : {}),
    ...(cache ? { cache } : {}),
    ...(options.onPhase ? { onPhase: options.onPhase } : {}),
  });
  cache?.save();
  return { model, configDiagnostics: diagnostics };
}

/**
 * What scans depend on besides the files: the merged signature table (built-in and config), so
 * that a changed built-in signature (a new `weak` flag) cannot be served from an older cache.
 */
function scanSalt(signatures: SignatureTableConfig | undefined): string {
  const table = buildSignatureTable(signatures);
  const data = JSON.stringify([table.technologies, table.signatures, table.excludes]);
  return createHash('sha1').update(data).digest('hex');
}

export interface CheckOptions extends TreeOptions {
  /** Only these rule ids. */
  readonly rules?: readonly string[];
  /** Compare with this baseline file (default: the config's `baseline`); `false` ignores baselines. */
  readonly baseline?: string | false;
}

export interface CheckResult {
  readonly model: AnalysisModel;
  /** New findings (after suppressions and baseline), sorted. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly { readonly finding: Finding; readonly reason: string }[];
  readonly baselined: readonly Finding[];
  readonly stale: readonly StaleBaselineEntry[];
  /** Every finding before the baseline (what `--update-baseline` records). */
  readonly allFindings: readonly Finding[];
  readonly rules: readonly Rule[];
  readonly diagnostics: readonly Diagnostic[];
}

/** `ccguard check`: every rule over the tree, with suppressions and the baseline applied. */
export function check(options: CheckOptions): CheckResult {
  const { model, configDiagnostics } = analyzeTree(options);
  return checkModel(model, configDiagnostics, options);
}

export function checkModel(
  model: AnalysisModel,
  configDiagnostics: readonly Diagnostic[],
  options: Pick<CheckOptions, 'rules' | 'baseline'> = {},
): CheckResult {
  const unknown = (options.rules ?? []).filter((id) => !ALL_RULES.some((r) => r.meta.id === id));
  if (unknown.length > 0) throw new RangeError(`unknown rule ${unknown.join(', ')}; see \`ccguard rules\``);
  const result = runRules(model, {
    rules: ALL_RULES,
    ...(options.rules && options.rules.length > 0 ? { only: options.rules } : {}),
  });
  const sink = new DiagnosticSink();
  for (const d of [...model.diagnostics, ...configDiagnostics, ...result.diagnostics]) sink.report(d);
  const baselinePath = options.baseline === false ? undefined : (options.baseline ?? model.config.baseline);
  let findings = result.findings;
  let baselined: readonly Finding[] = [];
  let stale: readonly StaleBaselineEntry[] = [];
  if (baselinePath) {
    const read = readBaseline(model.ws, baselinePath);
    for (const d of read.diagnostics) sink.report(d);
    if (read.baseline) {
      const cmpd = applyBaseline(result.findings, read.baseline);
      findings = cmpd.fresh;
      baselined = cmpd.baselined;
      stale = cmpd.stale;
    }
  }
  return {
    model,
    findings,
    suppressed: result.suppressed,
    baselined,
    stale,
    allFindings: result.findings,
    rules: result.ran,
    diagnostics: sink.sorted(),
  };
}

/** The text of a baseline file recording every current finding. */
export function baselineText(result: CheckResult): string {
  return writeBaseline(result.allFindings, CCGUARD_VERSION);
}

/** The input every report format takes, from a check result. */
export function reportInput(result: CheckResult, failOn: ReportInput['failOn']): ReportInput {
  const ws = result.model.ws;
  return {
    tool: { name: 'ccguard', version: CCGUARD_VERSION },
    rootLabel: path.basename(ws.label),
    rules: ALL_RULES.map((r) => r.meta),
    findings: result.findings,
    suppressed: result.suppressed,
    baselined: result.baselined.length,
    staleBaseline: result.stale,
    diagnostics: result.diagnostics,
    readLines: (p) => ws.read(p)?.lines,
    ...(failOn ? { failOn } : {}),
  };
}

export interface MapOptions extends TreeOptions {
  readonly cc?: readonly string[];
}

/**
 * `ccguard map`: the CC map of the tree as its public JSON shape. With the cache on, an unchanged
 * tree (same files, sizes and mtimes, same config and options) returns the previous map.
 */
export function map(options: MapOptions): MapJson {
  const root = path.resolve(options.root);
  const memo =
    options.cacheDir === false
      ? undefined
      : new ResultMemo<MapJson>(options.cacheDir ?? defaultCacheDir(), root, 'map');
  let key: string | undefined;
  const ws = openTree(options);
  if (memo) {
    key = treeFingerprint(
      ws,
      JSON.stringify({
        p: options.packagesPath ?? [],
        c: options.configPath ?? '',
        d: options.defines ?? {},
        cc: options.cc ?? [],
      }),
    );
    const hit = key ? memo.get(key) : undefined;
    if (hit) return hit;
  }
  const { model } = analyzeOpenTree(ws, options);
  const result = buildMapJson(model, options.cc);
  if (memo && key) memo.set(key, result);
  return result;
}

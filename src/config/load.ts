/**
 * Finds, reads, validates and resolves ccguard's config: `ccguard.config.json`, `.yaml` or `.yml`
 * at the workspace root, or an explicit file. Every problem comes back as a diagnostic with the
 * config file's line; errors (the CLI exits 2 on them) leave the built-in defaults in force, so a
 * caller always gets a usable config. No config file at all is normal: the defaults apply.
 */
import {
  cmp,
  compareDiagnostics,
  type Diagnostic,
  DiagnosticCode,
  type DiagnosticSeverity,
} from '../diagnostics.js';
import type { Workspace } from '../workspace/workspace.js';
import { type EdkDefaults, edkDefaults, expandModules, resolvedFeature } from './defaults.js';
import { type ReadResult, readToolFile, readWorkspaceFile } from './read-file.js';
import { checkSemantics, isToggle, type KnownRule } from './semantics.js';
import type {
  CcGuardConfig,
  FeatureConfig,
  FeatureToggle,
  ResolvedConfig,
  ResolvedFeature,
  RuleConfig,
  RuleSetting,
} from './types.js';
import { validateConfigData } from './validate.js';
import { parseSource } from './yaml-source.js';

/** The names ccguard looks for at the workspace root, in this order. */
export const CONFIG_FILE_NAMES = [
  'ccguard.config.json',
  'ccguard.config.yaml',
  'ccguard.config.yml',
] as const;

export type { KnownRule } from './semantics.js';

export interface LoadConfigOptions {
  /** The rules ccguard has; without them rule ids and options are not checked. */
  readonly rules?: readonly KnownRule[];
}

export interface LoadedConfig {
  readonly config: ResolvedConfig;
  readonly diagnostics: Diagnostic[];
}

/**
 * Loads the config of `ws`. `explicitPath` is workspace-relative, or absolute for a config kept
 * outside the tree; without it the workspace root is searched for CONFIG_FILE_NAMES.
 */
export function loadConfig(
  ws: Workspace,
  explicitPath?: string,
  options: LoadConfigOptions = {},
): LoadedConfig {
  const diagnostics: Diagnostic[] = [];
  const located =
    explicitPath === undefined ? findConfigFile(ws, diagnostics) : readToolFile(ws, explicitPath);
  if (located === undefined) return { config: resolveConfig(ws, {}), diagnostics };

  const { file } = located;
  const report = (severity: DiagnosticSeverity, line: number | undefined, message: string): void => {
    diagnostics.push({
      severity,
      code: DiagnosticCode.ConfigInvalid,
      file,
      message,
      ...(line === undefined ? {} : { line }),
    });
  };
  const fallback = (): LoadedConfig => ({
    config: { ...resolveConfig(ws, {}), file },
    diagnostics: sorted(diagnostics),
  });

  if (located.text === undefined) {
    report('error', undefined, `config ${located.problem}`);
    return fallback();
  }
  const source = parseSource(located.text, { json: file.toLowerCase().endsWith('.json') });
  for (const p of source.problems) report(p.severity, p.line, p.message);
  if (source.problems.some((p) => p.severity === 'error')) return fallback();

  const data = source.data ?? {}; // an empty file or one holding only comments
  const schemaProblems = validateConfigData(data, source);
  for (const p of schemaProblems) report('error', p.line, p.message);
  if (schemaProblems.length > 0) return fallback();

  const raw = data as CcGuardConfig;
  checkSemantics(ws, raw, source, options.rules, report);
  return { config: resolveConfig(ws, raw, file), diagnostics: sorted(diagnostics) };
}

function findConfigFile(ws: Workspace, diagnostics: Diagnostic[]): ReadResult | undefined {
  const present = CONFIG_FILE_NAMES.filter((n) => ws.isFile(n));
  const [first, ...others] = present;
  if (first === undefined) return undefined;
  for (const other of others) {
    diagnostics.push({
      severity: 'warning',
      code: DiagnosticCode.ConfigInvalid,
      file: other,
      message: `ignored: ${first} is the config in force (keep one config file)`,
    });
  }
  return readWorkspaceFile(ws, first);
}

/**
 * The config in force for `raw` (assumed valid against the schema) over the built-in defaults of
 * this tree. Platforms that do not exist are left out. Exported for tests and embedders that
 * build a config in memory.
 */
export function resolveConfig(ws: Workspace, raw: CcGuardConfig, file?: string): ResolvedConfig {
  const defaults = edkDefaults(ws, raw.signatures?.technologies ?? []);
  const platforms = raw.platforms ?? {};
  const exists = (dsc: string): boolean => ws.isFile(dsc);

  const common = (platforms.common ?? defaults.platforms.common).filter(exists);
  const cc: Record<string, readonly string[]> = {};
  const ccEntries = { ...defaults.platforms.cc, ...(platforms.cc ?? {}) };
  for (const tech of Object.keys(ccEntries).sort(cmp)) {
    const dscs = [...new Set(ccEntries[tech]!.filter(exists))];
    if (dscs.length > 0) cc[tech] = dscs;
  }
  const siblings = (platforms.siblings ?? defaults.platforms.siblings).filter(exists);
  const reference =
    platforms.reference !== undefined && exists(platforms.reference) ? platforms.reference : common[0];
  const defines: Record<string, string> = {};
  for (const [name, value] of Object.entries(platforms.defines ?? {})) {
    defines[name] = typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value);
  }

  return {
    ...(file === undefined ? {} : { file }),
    raw,
    signatures: raw.signatures ?? {},
    platforms: {
      common,
      cc,
      siblings,
      reference,
      defines,
      arch: { ...defaults.platforms.arch, ...(platforms.arch ?? {}) },
    },
    features: mergeFeatures(ws, defaults, raw.features ?? []),
    rules: normalizeRules(raw.rules ?? {}),
    include: raw.include ?? ['**'],
    exclude: mergeExcludes(defaults.exclude, raw.exclude ?? []),
    suppressions: raw.suppressions ?? [],
    baseline: raw.baseline,
  };
}

function mergeFeatures(
  ws: Workspace,
  defaults: EdkDefaults,
  configured: readonly (FeatureConfig | FeatureToggle)[],
): ResolvedFeature[] {
  const byName = new Map<string, ResolvedFeature>(defaults.features.map((f) => [f.name, f]));
  for (const f of configured) {
    if (isToggle(f)) byName.delete(f.name);
    else byName.set(f.name, resolvedFeature(f, expandModules(ws, f.modules), 'config'));
  }
  return [...byName.values()];
}

function normalizeRules(
  rules: Readonly<Record<string, RuleSetting | RuleConfig>>,
): Record<string, RuleConfig> {
  const out: Record<string, RuleConfig> = {};
  for (const id of Object.keys(rules).sort(cmp)) {
    const setting = rules[id]!;
    out[id] = typeof setting === 'string' ? { severity: setting } : setting;
  }
  return out;
}

function mergeExcludes(defaults: readonly string[], configured: readonly string[]): string[] {
  const removed = new Set(configured.filter((e) => e.startsWith('!')).map((e) => e.slice(1)));
  const out = defaults.filter((e) => !removed.has(e));
  for (const e of configured) if (!e.startsWith('!') && !out.includes(e)) out.push(e);
  return out;
}

function sorted(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(compareDiagnostics);
}

/**
 * The checks a schema cannot make: technology and rule ids that exist, platforms that exist,
 * globs that match, names used twice, rule options against each rule's own schema. Unknown ids
 * and dead globs are warnings (the config still works, minus the typo); an unknown technology or
 * a duplicate feature name is an error, because the entry cannot be used.
 */
import picomatch from 'picomatch';
import { BUILTIN_TECHNOLOGIES } from '../cc/technologies.js';
import { cmp, type DiagnosticSeverity } from '../diagnostics.js';
import type { Workspace } from '../workspace/workspace.js';
import { BUILTIN_FEATURES, DEFAULT_EXCLUDES, expandModules } from './defaults.js';
import { closest, formatPath } from './schema-errors.js';
import type { CcGuardConfig, FeatureConfig, FeatureToggle } from './types.js';
import { schemaCompileError, validateAgainst } from './validate.js';
import type { DataPath, ParsedSource } from './yaml-source.js';

/** What loadConfig needs to know of a rule: its id and the schema of its options. */
export interface KnownRule {
  readonly id: string;
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
}

export type Report = (severity: DiagnosticSeverity, line: number | undefined, message: string) => void;

interface Context {
  readonly ws: Workspace;
  readonly raw: CcGuardConfig;
  readonly source: Pick<ParsedSource, 'lineOf' | 'lineOfKey'>;
  readonly report: Report;
}

export function checkSemantics(
  ws: Workspace,
  raw: CcGuardConfig,
  source: Pick<ParsedSource, 'lineOf' | 'lineOfKey'>,
  rules: readonly KnownRule[] | undefined,
  report: Report,
): void {
  const cx: Context = { ws, raw, source, report };
  const technologies = knownIds([
    ...BUILTIN_TECHNOLOGIES.map((t) => t.id),
    ...(raw.signatures?.technologies ?? []).map((t) => t.id),
  ]);
  checkPlatforms(cx, technologies);
  checkFeatures(cx, technologies);
  if (rules !== undefined) {
    const ruleIds = knownIds(rules.map((r) => r.id));
    checkRules(cx, rules, ruleIds);
    checkSuppressedRules(cx, ruleIds);
  }
  checkSuppressedPaths(cx);
  checkExcludes(cx);
}

export function isToggle(f: FeatureConfig | FeatureToggle): f is FeatureToggle {
  return f.enabled === false;
}

interface KnownIds {
  has(id: string): boolean;
  readonly sorted: readonly string[];
  /** "unknown X 'id' (did you mean 'y'?); known: …" */
  unknown(what: string, id: string): string;
}

function knownIds(ids: readonly string[]): KnownIds {
  const set = new Set(ids);
  const sorted = [...set].sort(cmp);
  return {
    has: (id) => set.has(id),
    sorted,
    unknown: (what, id) => {
      const hint = closest(id, sorted);
      return `unknown ${what} '${id}'${hint ? ` (did you mean '${hint}'?)` : ''}; known: ${sorted.join(', ')}`;
    },
  };
}

function checkPlatforms({ ws, raw, source, report }: Context, technologies: KnownIds): void {
  const platforms = raw.platforms ?? {};
  const checkDsc = (dsc: string, at: DataPath, line = source.lineOf(at)): void => {
    if (!ws.isFile(dsc))
      report('warning', line, `${formatPath(at)}: ${dsc} does not exist in the workspace; ignored`);
  };
  for (const [i, d] of (platforms.common ?? []).entries()) checkDsc(d, ['platforms', 'common', i]);
  for (const [i, d] of (platforms.siblings ?? []).entries()) checkDsc(d, ['platforms', 'siblings', i]);
  if (platforms.reference !== undefined) checkDsc(platforms.reference, ['platforms', 'reference']);
  for (const dsc of Object.keys(platforms.arch ?? {})) {
    checkDsc(dsc, ['platforms', 'arch', dsc], source.lineOfKey(['platforms', 'arch'], dsc));
  }
  for (const [tech, dscs] of Object.entries(platforms.cc ?? {})) {
    if (!technologies.has(tech)) {
      report(
        'error',
        source.lineOfKey(['platforms', 'cc'], tech),
        `platforms.cc: ${technologies.unknown('technology', tech)}`,
      );
    }
    for (const [i, d] of dscs.entries()) checkDsc(d, ['platforms', 'cc', tech, i]);
  }
}

function checkFeatures({ ws, raw, source, report }: Context, technologies: KnownIds): void {
  const builtinNames = new Set(BUILTIN_FEATURES.map((f) => f.name));
  const firstIndex = new Map<string, number>();
  for (const [i, f] of (raw.features ?? []).entries()) {
    const at: DataPath = ['features', i];
    const earlier = firstIndex.get(f.name);
    if (earlier !== undefined) {
      report(
        'error',
        source.lineOf([...at, 'name']),
        `features[${i}]: feature '${f.name}' is already defined at features[${earlier}]`,
      );
      continue;
    }
    firstIndex.set(f.name, i);
    if (isToggle(f)) {
      if (!builtinNames.has(f.name)) {
        report(
          'warning',
          source.lineOf([...at, 'name']),
          `features[${i}]: '${f.name}' is not a built-in feature; 'enabled: false' drops nothing`,
        );
      }
      continue;
    }
    if (!technologies.has(f.cc)) {
      report(
        'error',
        source.lineOf([...at, 'cc']),
        `features[${i}].cc: ${technologies.unknown('technology', f.cc)}`,
      );
    }
    for (const [j, m] of f.modules.entries()) {
      if (expandModules(ws, [m]).length === 0) {
        report(
          'warning',
          source.lineOf([...at, 'modules', j]),
          `features[${i}].modules[${j}]: '${m}' matches no INF file in the workspace`,
        );
      }
    }
  }
}

function checkRules({ raw, source, report }: Context, rules: readonly KnownRule[], ruleIds: KnownIds): void {
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    const rule = ruleById.get(id);
    if (rule === undefined) {
      report(
        'warning',
        source.lineOfKey(['rules'], id),
        `rules: ${ruleIds.unknown('rule', id).replace('; known:', '; known rules:')}`,
      );
      continue;
    }
    if (typeof setting !== 'object' || setting.options === undefined) continue;
    const at: DataPath = ['rules', id, 'options'];
    if (rule.optionsSchema === undefined) {
      if (Object.keys(setting.options).length > 0)
        report('warning', source.lineOf(at), `rules.${id}.options: the rule takes no options`);
      continue;
    }
    const broken = schemaCompileError(rule.optionsSchema);
    if (broken !== undefined) {
      report(
        'error',
        source.lineOf(at),
        `rules.${id}.options: the rule's options schema does not compile (${broken})`,
      );
      continue;
    }
    for (const p of validateAgainst(rule.optionsSchema, setting.options, source, at))
      report('error', p.line, p.message);
  }
}

function checkSuppressedRules({ raw, source, report }: Context, ruleIds: KnownIds): void {
  for (const [i, s] of (raw.suppressions ?? []).entries()) {
    const matchRule = picomatch(s.rule);
    if (!ruleIds.sorted.some((id) => matchRule(id))) {
      const message = ruleIds.unknown('rule', s.rule).replace('; known:', '; known rules:');
      report('warning', source.lineOf(['suppressions', i, 'rule']), `suppressions[${i}].rule: ${message}`);
    }
  }
}

function checkSuppressedPaths({ ws, raw, source, report }: Context): void {
  const suppressions = raw.suppressions ?? [];
  if (suppressions.length === 0) return;
  const files = ws.listFiles();
  for (const [i, s] of suppressions.entries()) {
    const matchPath = picomatch(s.path, { dot: true });
    if (!files.some((f) => matchPath(f))) {
      report(
        'warning',
        source.lineOf(['suppressions', i, 'path']),
        `suppressions[${i}].path: '${s.path}' matches no file in the workspace`,
      );
    }
  }
}

function checkExcludes({ raw, source, report }: Context): void {
  const defaults = new Set(DEFAULT_EXCLUDES);
  for (const [i, e] of (raw.exclude ?? []).entries()) {
    if (e.startsWith('!') && !defaults.has(e.slice(1))) {
      report(
        'warning',
        source.lineOf(['exclude', i]),
        `exclude[${i}]: '${e.slice(1)}' is not a default exclude; '${e}' removes nothing (defaults: ${DEFAULT_EXCLUDES.join(', ')})`,
      );
    }
  }
}

/**
 * `ccguard review`: the findings a change introduces or touches, and those it resolves.
 *
 * Both trees are analysed with the same config (the head's) and the same rules, then their
 * findings are matched (compare.ts). The change is either a git range — the base commit against
 * the work tree, or against a head commit — or a patch series applied in memory on top of the
 * work tree. Neither way writes anything into the user's tree: git trees are read from the object
 * store (GitSource), patched files live in an overlay (OverlaySource).
 *
 * A review reads no baseline: the base tree is the baseline.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../analysis/analyze.js';
import type { AnalysisModel } from '../analysis/model.js';
import { ConfigError, type TreeOptions } from '../api.js';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { type Diagnostic, DiagnosticSink } from '../diagnostics.js';
import { ALL_RULES } from '../rules/index.js';
import { compareFindings, runRules } from '../rules/run.js';
import type { Finding, Rule } from '../rules/types.js';
import { DiskScanCache, defaultCacheDir } from '../source/cache.js';
import type { ScanCache } from '../source/scan.js';
import { DiskSource, type FileSource } from '../workspace/file-source.js';
import { GitError, locateRepo, type RepoLocation, resolveCommit, runGit } from '../workspace/git.js';
import { GitSource } from '../workspace/git-source.js';
import { OverlaySource } from '../workspace/overlay-source.js';
import { toPosix } from '../workspace/paths.js';
import { Workspace } from '../workspace/workspace.js';
import { PatchApplyError, PatchSeries } from './apply.js';
import { type FileChange, TreeChanges } from './changes.js';
import { compareFindingSets } from './compare.js';
import { splitPatchFile } from './mbox.js';
import { MemoryScanCache } from './memory-scan-cache.js';
import { parseUnifiedDiff } from './unified-diff.js';

export { GitError } from '../workspace/git.js';
export { PatchApplyError } from './apply.js';

export interface ReviewOptions extends TreeOptions {
  /** Only these rule ids. */
  readonly rules?: readonly string[];
  /** The rules to run (default: every rule ccguard has), for library users with rules of their own. */
  readonly ruleSet?: readonly Rule[];
}

export interface ReviewBaseOptions extends ReviewOptions {
  /** The revision the change starts from (a commit, branch, tag, `HEAD~3`…). */
  readonly base: string;
  /** The revision the change ends at; default: the work tree at `root` as it is, uncommitted edits included. */
  readonly head?: string;
}

/** A patch file given by content (stdin, a test) rather than by path. */
export interface PatchInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ReviewPatchesOptions extends ReviewOptions {
  /** Patch files, mboxes or bare diffs, applied in order; a string is a file path. */
  readonly patches: readonly (string | PatchInput)[];
}

export interface ReviewResult {
  /** The workspace root, absolute. */
  readonly root: string;
  /** The tree after the change. */
  readonly model: AnalysisModel;
  /** The tree before the change. */
  readonly baseModel: AnalysisModel;
  /** The change in words: `2ddacfb6b8..work tree`, `3 patches (series.mbox)`. */
  readonly change: string;
  /** Findings the change introduces or touches, sorted; not suppressed. */
  readonly findings: readonly Finding[];
  /** Fingerprints of the findings the base had too (the change touched their code); the others are new. */
  readonly touched: ReadonlySet<string>;
  /** Findings of the base tree the change removes, sorted (base paths and lines). */
  readonly resolved: readonly Finding[];
  /** Findings of the head tree that the change left alone. */
  readonly unchanged: number;
  /** New or touched findings that a suppression of the config covers. */
  readonly suppressed: readonly { readonly finding: Finding; readonly reason: string }[];
  /** Files the change created, modified, renamed or deleted. */
  readonly changedFiles: number;
  readonly rules: readonly Rule[];
  readonly diagnostics: readonly Diagnostic[];
}

/** One workspace root in both trees. */
interface RootPair {
  readonly base: FileSource;
  readonly head: FileSource;
}

/** The two trees of a change, before any analysis. */
interface ChangePair {
  readonly roots: readonly RootPair[];
  readonly changes: TreeChanges;
  readonly change: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Review a git range: `base` against the work tree at `root` (tracked edits and untracked files
 * alike), or against the commit `head`. Throws GitError for a bad revision or a folder outside git,
 * ConfigError for an invalid config, RangeError for an unknown rule id.
 */
export function reviewBase(options: ReviewBaseOptions): ReviewResult {
  return reviewPair(gitPair(options), options);
}

/**
 * Review a patch series applied in memory on top of the work tree at `root`. Paths in the patches
 * are relative to the top of the git work tree holding `root` (as `git am` reads them), or to
 * `root` outside git. Throws PatchApplyError naming the patch and hunk that does not apply.
 */
export function reviewPatches(options: ReviewPatchesOptions): ReviewResult {
  return reviewPair(patchPair(options), options);
}

function reviewPair(pair: ChangePair, options: ReviewOptions): ReviewResult {
  const ruleSet = options.ruleSet ?? ALL_RULES;
  const unknown = (options.rules ?? []).filter((id) => !ruleSet.some((r) => r.meta.id === id));
  if (unknown.length > 0) throw new RangeError(`unknown rule ${unknown.join(', ')}; see \`ccguard rules\``);

  const headWs = new Workspace(pair.roots.map((r) => r.head));
  const baseWs = new Workspace(pair.roots.map((r) => r.base));
  const { config, diagnostics: configDiagnostics } = loadConfig(headWs, options.configPath, {
    rules: ruleSet.map((r) => ({
      id: r.meta.id,
      ...(r.meta.optionsSchema ? { optionsSchema: r.meta.optionsSchema } : {}),
    })),
  });
  if (configDiagnostics.some((d) => d.severity === 'error')) throw new ConfigError(configDiagnostics);

  const cache = scanCache(options, config);
  const run = (ws: Workspace, side: string): AnalysisModel =>
    analyze(ws, {
      config,
      cache,
      ...(options.defines ? { defines: options.defines } : {}),
      ...(options.onPhase ? { onPhase: (p: string) => options.onPhase!(`${side}: ${p}`) } : {}),
    });
  const model = run(headWs, 'head');
  const baseModel = run(baseWs, 'base');
  if (cache instanceof DiskScanCache) cache.save();

  const only = options.rules && options.rules.length > 0 ? { only: options.rules } : {};
  const head = runRules(model, { rules: ruleSet, ...only });
  const base = runRules(baseModel, { rules: ruleSet, ...only });

  // Suppressed findings take part in the matching, so that a suppressed finding that the change
  // touches is listed as suppressed, never as new; resolved ones count only if they were reported.
  const reason = new Map(head.suppressed.map((s) => [s.finding, s.reason]));
  const baseReported = new Set(base.findings);
  const matched = compareFindingSets(
    [...base.findings, ...base.suppressed.map((s) => s.finding)],
    [...head.findings, ...head.suppressed.map((s) => s.finding)],
    pair.changes,
  );
  const changed = [...matched.fresh, ...matched.touched].sort(compareFindings);
  const touched = new Set(matched.touched.map((f) => f.fingerprint));

  const sink = new DiagnosticSink();
  for (const d of [...model.diagnostics, ...configDiagnostics, ...head.diagnostics, ...pair.diagnostics])
    sink.report(d);
  return {
    root: path.resolve(options.root),
    model,
    baseModel,
    change: pair.change,
    findings: changed.filter((f) => !reason.has(f)),
    touched,
    resolved: matched.resolved.filter((f) => baseReported.has(f)).sort(compareFindings),
    unchanged: matched.unchanged,
    suppressed: changed.filter((f) => reason.has(f)).map((f) => ({ finding: f, reason: reason.get(f)! })),
    changedFiles: pair.changes.size,
    rules: head.ran,
    diagnostics: sink.sorted(),
  };
}

/** One cache for both trees: a file the change left alone is scanned once. */
function scanCache(options: TreeOptions, config: ResolvedConfig): ScanCache {
  const salt = JSON.stringify(config.signatures ?? {});
  if (options.cacheDir === false) return new MemoryScanCache();
  return new DiskScanCache(options.cacheDir ?? defaultCacheDir(), path.resolve(options.root), salt);
}

// ---------------------------------------------------------------------------------------------
// A git range

function gitPair(options: ReviewBaseOptions): ChangePair {
  const root = path.resolve(options.root);
  const repo = locateRepo(root);
  const bare = repo.topLevel === undefined;
  if (bare && options.head === undefined)
    throw new GitError(`${root} is a bare repository (no work tree): give the head revision too`);
  const baseCommit = resolveCommit(root, options.base);
  const headCommit = options.head === undefined ? undefined : resolveCommit(root, options.head);

  const roots: RootPair[] = [];
  const changes: FileChange[] = [];
  for (const dir of workspaceRoots(root, options.packagesPath ?? [], bare)) {
    const loc = dir.path === root ? repo : (dir.inTree ?? sameRepo(dir.path, repo));
    if (!loc) {
      // A root outside the repository (another checkout) is the same on both sides.
      const disk = new DiskSource(dir.path);
      roots.push({ base: disk, head: disk });
      continue;
    }
    const head = headCommit ? GitSource.open(loc.dir, headCommit, loc.prefix) : new DiskSource(dir.path);
    roots.push({ base: GitSource.open(loc.dir, baseCommit, loc.prefix), head });
    changes.push(...gitChanges(loc, baseCommit, headCommit, bare));
  }
  const short = (c: string) => c.slice(0, 12);
  return {
    roots,
    changes: new TreeChanges(changes),
    change: `${short(baseCommit)}..${headCommit ? short(headCommit) : 'work tree'}`,
    diagnostics: [],
  };
}

interface RootDir {
  readonly path: string;
  /** Set for roots given as folders inside a bare repository's tree. */
  readonly inTree?: RepoLocation;
}

function workspaceRoots(root: string, packagesPath: readonly string[], bare: boolean): RootDir[] {
  const out: RootDir[] = [{ path: root }];
  for (const p of packagesPath) {
    if (bare && !path.isAbsolute(p)) {
      // A bare repository has no folders on disk: a relative package root names a tree folder.
      const prefix = toPosix(path.posix.normalize(toPosix(p))).replace(/^\.\/?|\/$/g, '');
      out.push({ path: path.join(root, p), inTree: { dir: root, prefix } });
    } else out.push({ path: path.resolve(root, p) });
  }
  return out;
}

function sameRepo(dir: string, repo: RepoLocation): RepoLocation | undefined {
  let loc: RepoLocation;
  try {
    loc = locateRepo(dir);
  } catch {
    return undefined;
  }
  if (loc.topLevel === undefined || repo.topLevel === undefined) return undefined;
  return realpath(loc.topLevel) === realpath(repo.topLevel) ? loc : undefined;
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The changed lines between two commits, or a commit and the work tree, below one root. */
function gitChanges(
  loc: RepoLocation,
  baseCommit: string,
  headCommit: string | undefined,
  bare: boolean,
): FileChange[] {
  const relative = bare ? (loc.prefix === '' ? [] : [`--relative=${loc.prefix}`]) : ['--relative'];
  const diff = runGit(loc.dir, [
    '-c',
    'core.quotePath=true',
    'diff',
    '-M',
    '--unified=0',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    ...relative,
    baseCommit,
    ...(headCommit ? [headCommit] : []),
    '--',
  ]);
  const changes = TreeChanges.fromDiff(parseUnifiedDiff(diff.toString('latin1')).files);
  if (headCommit === undefined) {
    // Files git does not track yet are part of the tree as it is: wholly new.
    const untracked = runGit(loc.dir, ['ls-files', '-z', '--others', '--exclude-standard'])
      .toString('utf8')
      .split('\0')
      .filter((p) => p !== '');
    for (const p of untracked) changes.push({ oldPath: null, newPath: p, copy: false, ranges: [] });
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------
// A patch series

function patchPair(options: ReviewPatchesOptions): ChangePair {
  const root = path.resolve(options.root);
  if (options.patches.length === 0) throw new PatchApplyError('no patch files given');
  const patchRoot = gitTopLevel(root) ?? root;
  const disk = new DiskSource(patchRoot);
  const series = new PatchSeries((p) => (disk.isFile(p) ? disk.readBytes(p) : undefined));
  const names: string[] = [];
  for (const input of options.patches) {
    const { name, bytes } = typeof input === 'string' ? readPatchFile(input) : input;
    names.push(name);
    for (const message of splitPatchFile(name, bytes)) series.apply(message);
  }
  if (series.appliedCount === 0) throw new PatchApplyError(`no diff found in ${names.join(', ')}`);
  const patched = series.result();

  const roots: RootPair[] = [];
  const changes: FileChange[] = [];
  for (const dir of [root, ...(options.packagesPath ?? []).map((p) => path.resolve(root, p))]) {
    const base = new DiskSource(dir);
    const prefix = toPosix(path.relative(patchRoot, dir));
    if (prefix.startsWith('..') || path.isAbsolute(prefix)) {
      roots.push({ base, head: base });
      continue;
    }
    const inRoot = (p: string | null): string | null => {
      if (p === null) return null;
      if (prefix === '') return p;
      return p.startsWith(`${prefix}/`) ? p.slice(prefix.length + 1) : null;
    };
    const layer = new Map<string, Uint8Array | null>();
    for (const [p, bytes] of patched.contents) {
      const rel = inRoot(p);
      if (rel !== null) layer.set(rel, bytes);
    }
    roots.push({ base, head: layer.size === 0 ? base : new OverlaySource(base, layer) });
    for (const c of patched.changes) {
      const oldPath = inRoot(c.oldPath);
      const newPath = inRoot(c.newPath);
      if (oldPath !== null || newPath !== null) changes.push({ ...c, oldPath, newPath });
    }
  }
  const count = series.appliedCount;
  return {
    roots,
    changes: new TreeChanges(changes),
    change: `${count} ${count === 1 ? 'patch' : 'patches'} (${names.map((n) => path.basename(n)).join(', ')})`,
    diagnostics: patched.diagnostics,
  };
}

function readPatchFile(file: string): PatchInput {
  try {
    return { name: file, bytes: fs.readFileSync(file) };
  } catch (e) {
    throw new PatchApplyError(`cannot read patch file ${file}: ${(e as Error).message}`);
  }
}

/** The top of the git work tree holding `dir`, or undefined outside one. */
function gitTopLevel(dir: string): string | undefined {
  try {
    return locateRepo(dir).topLevel;
  } catch {
    return undefined;
  }
}

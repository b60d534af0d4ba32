/**
 * `ccguard map`: per CC technology, the modules, files and functions that hold its code with
 * their isolation level and evidence; the mixed spots; per platform which CC code is built into
 * which FV; summary figures per package and for the tree. The JSON is a public interface.
 */
import type { AnalysisModel } from '../analysis/model.js';
import { cmp } from '../diagnostics.js';
import { type DiagnosticJson, diagnosticJson } from '../platform/json.js';
import { isUnder } from '../workspace/paths.js';
import { mixedLineSet } from './mixed-lines.js';
import type { CcFunction, CcId, Evidence, IsolationLevel } from './model.js';

/** Where a touchpoint sits on the isolation ladder; `glue` = hook calls, dispatches, mode checks. */
export type TouchpointPlacement = IsolationLevel | 'glue' | 'declaration';
export const PLACEMENTS: readonly TouchpointPlacement[] = [
  'A',
  'B',
  'C',
  'D',
  'glue',
  'declaration',
  'mixed',
];

export interface MapFileJson {
  path: string;
  touchpoints: number;
  mixedLines: number;
}

export interface MapSpotJson {
  function: string;
  path: string;
  line: number;
  endLine: number;
  lines: number;
  evidence: Evidence[];
}

export interface MapModuleJson {
  inf: string;
  moduleType: string;
  library: boolean;
  level: IsolationLevel;
  basic: boolean;
  platforms: string[];
  touchpoints: number;
  mixedLines: number;
  files: MapFileJson[];
  functions: {
    name: string;
    path: string;
    line: number;
    endLine: number;
    role: string;
    mixedLines: number;
  }[];
  mixedSpots: MapSpotJson[];
  evidence: Evidence[];
}

export interface MapSummaryJson {
  touchpoints: number;
  /** Touchpoints by placement on the ladder. */
  placement: Record<TouchpointPlacement, number>;
  /** Share of touchpoints isolated at A, B, C or D (0..1, 3 decimals). */
  isolatedShare: number;
  mixedLines: number;
  modules: number;
}

export interface MapJson {
  technologies: {
    id: CcId;
    name: string;
    modules: MapModuleJson[];
    summary: MapSummaryJson;
  }[];
  platforms: {
    dsc: string;
    role: string;
    cc?: CcId;
    arch: string;
    fv: Record<string, { inf: string; cc: CcId[] }[]>;
  }[];
  summary: {
    tree: Record<CcId, MapSummaryJson>;
    packages: Record<string, Record<CcId, MapSummaryJson>>;
  };
  diagnostics: DiagnosticJson[];
}

const emptySummary = (): MapSummaryJson => ({
  touchpoints: 0,
  placement: { A: 0, B: 0, C: 0, D: 0, glue: 0, declaration: 0, mixed: 0 },
  isolatedShare: 0,
  mixedLines: 0,
  modules: 0,
});

/** Placement of each touchpoint line of a file, per technology. */
function placementsOfFile(
  model: AnalysisModel,
  path: string,
): { cc: CcId; placement: TouchpointPlacement }[] {
  const src = model.sources.get(path);
  const file = model.cc.files.get(path);
  if (!src || !file) return [];
  const modules = (model.cc.modulesOfFile.get(path) ?? [])
    .map((m) => model.cc.moduleByInf.get(m))
    .filter((m) => m !== undefined);
  const out: { cc: CcId; placement: TouchpointPlacement }[] = [];
  for (const tp of src.touchpoints) {
    const cc = tp.technology;
    const mod = modules[0];
    const modTech = mod?.techs.find((t) => t.cc === cc);
    if (modTech && (modTech.level === 'A' || modTech.level === 'B') && mod!.dedicatedTo.includes(cc)) {
      out.push({ cc, placement: modTech.level });
      continue;
    }
    if (file.nameTags.includes(cc) || file.nameTags.includes('cc')) {
      out.push({ cc, placement: 'C' });
      continue;
    }
    const fn = file.functions.find((f) => tp.line >= f.line && tp.line <= f.endLine);
    if (!fn) {
      out.push({ cc, placement: 'declaration' });
      continue;
    }
    if (
      fn.role === 'cc-function' &&
      !fn.spots.some((s) => s.style === 'inline' && tp.line >= s.line && tp.line <= s.endLine)
    ) {
      out.push({ cc, placement: 'D' });
      continue;
    }
    const spot = fn.spots.find((s) => tp.line >= s.line && tp.line <= s.endLine);
    out.push({ cc, placement: !spot ? 'declaration' : spot.style === 'inline' ? 'mixed' : 'glue' });
  }
  return out;
}

function finishSummary(s: MapSummaryJson): MapSummaryJson {
  const iso = s.placement.A + s.placement.B + s.placement.C + s.placement.D;
  const judged = iso + s.placement.mixed;
  return { ...s, isolatedShare: judged === 0 ? 1 : Math.round((iso / judged) * 1000) / 1000 };
}

export function buildMapJson(model: AnalysisModel, only?: readonly CcId[]): MapJson {
  const techs = model.table.technologies.filter((t) => !only || only.includes(t.id));
  const packages = model.store
    .packages()
    .map((p) => p.dir)
    .sort((a, b) => b.length - a.length);
  const packageOf = (path: string): string =>
    packages.find((d) => isUnder(path, d)) ?? path.split('/')[0] ?? '';

  const tree: Record<CcId, MapSummaryJson> = {};
  const perPackage: Record<string, Record<CcId, MapSummaryJson>> = {};
  for (const t of techs) tree[t.id] = emptySummary();
  for (const path of [...model.cc.files.keys()].sort(cmp)) {
    const pkg = packageOf(path);
    for (const { cc, placement } of placementsOfFile(model, path)) {
      if (!tree[cc]) continue;
      tree[cc].touchpoints++;
      tree[cc].placement[placement]++;
      const pkgEntry = perPackage[pkg] ?? {};
      perPackage[pkg] = pkgEntry;
      const ps = pkgEntry[cc] ?? emptySummary();
      pkgEntry[cc] = ps;
      ps.touchpoints++;
      ps.placement[placement]++;
    }
  }

  const technologies: MapJson['technologies'] = [];
  for (const t of techs) {
    const modules: MapModuleJson[] = [];
    for (const m of model.cc.modules) {
      const mt = m.techs.find((x) => x.cc === t.id);
      if (!mt) continue;
      const fileSet = new Set(mt.files.map((f) => f.path));
      const fns: CcFunction[] = [];
      for (const p of fileSet)
        for (const fn of model.cc.files.get(p)?.functions ?? []) if (fn.ccs.includes(t.id)) fns.push(fn);
      const mixedSpots: MapSpotJson[] = [];
      for (const fn of fns) {
        for (const s of fn.spots) {
          if (s.style !== 'inline' || s.cc !== t.id) continue;
          mixedSpots.push({
            function: fn.name,
            path: fn.path,
            line: s.line,
            endLine: s.endLine,
            lines: mixedLineSet([s], model.sources.get(fn.path)?.codeLines).size,
            evidence: [...s.evidence],
          });
        }
      }
      modules.push({
        inf: m.inf,
        moduleType: m.moduleType,
        library: m.isLibrary,
        level: mt.level,
        basic: mt.basic,
        platforms: [...m.platforms],
        touchpoints: mt.touchpoints,
        mixedLines: mt.mixedLines,
        files: mt.files.map((f) => ({ ...f })),
        functions: fns
          .map((f) => ({
            name: f.name,
            path: f.path,
            line: f.line,
            endLine: f.endLine,
            role: f.role,
            mixedLines: f.mixedLines,
          }))
          .sort((a, b) => cmp(a.path, b.path) || a.line - b.line),
        mixedSpots: mixedSpots.sort((a, b) => cmp(a.path, b.path) || a.line - b.line),
        evidence: [...mt.evidence],
      });
      const s = tree[t.id]!;
      s.mixedLines += mt.mixedLines;
      s.modules++;
      for (const f of mt.files) {
        const ps = perPackage[packageOf(f.path)]?.[t.id];
        if (ps) ps.mixedLines += f.mixedLines;
      }
    }
    technologies.push({ id: t.id, name: t.displayName, modules, summary: finishSummary(tree[t.id]!) });
  }

  const platforms: MapJson['platforms'] = [];
  for (const p of model.corePlatforms) {
    for (const r of p.resolutions) {
      const fv: Record<string, { inf: string; cc: CcId[] }[]> = {};
      for (const m of r.modules) {
        const ccs = new Set<CcId>();
        for (const inf of [
          m.inf,
          ...[...m.libraries.values()].map((l) => l.instance),
          ...m.nullLibraries.map((l) => l.instance),
        ]) {
          for (const t of model.cc.moduleByInf.get(inf)?.techs ?? [])
            if (t.touchpoints > 0 || t.level === 'A' || t.level === 'B') ccs.add(t.cc);
        }
        if (ccs.size === 0) continue;
        for (const name of m.fv.length > 0 ? m.fv : ['(no FV)']) {
          const list = fv[name] ?? [];
          list.push({ inf: m.inf, cc: [...ccs].sort(cmp) });
          fv[name] = list;
        }
      }
      for (const list of Object.values(fv)) list.sort((a, b) => cmp(a.inf, b.inf));
      platforms.push({
        dsc: p.dsc,
        role: p.role,
        ...(p.cc ? { cc: p.cc } : {}),
        arch: r.arch,
        fv: Object.fromEntries(Object.entries(fv).sort((a, b) => cmp(a[0], b[0]))),
      });
    }
  }

  const treeOut: Record<CcId, MapSummaryJson> = {};
  for (const [k, v] of Object.entries(tree)) treeOut[k] = finishSummary(v);
  const pkgOut: Record<string, Record<CcId, MapSummaryJson>> = {};
  for (const pkg of Object.keys(perPackage).sort(cmp)) {
    const entry: Record<CcId, MapSummaryJson> = {};
    for (const [cc, s] of Object.entries(perPackage[pkg]!).sort((a, b) => cmp(a[0], b[0])))
      entry[cc] = finishSummary(s);
    pkgOut[pkg] = entry;
  }
  return {
    technologies,
    platforms,
    summary: { tree: treeOut, packages: pkgOut },
    diagnostics: model.diagnostics.map(diagnosticJson),
  };
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

export function formatMapText(map: MapJson, options: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  for (const t of map.technologies) {
    if (t.modules.length === 0) continue;
    out.push(
      `${t.name} [${t.id}]: ${t.modules.length} modules, ${t.summary.touchpoints} touchpoints, ${pct(t.summary.isolatedShare)} isolated, ${t.summary.mixedLines} mixed lines`,
    );
    const w = Math.max(...t.modules.map((m) => m.inf.length));
    for (const m of t.modules) {
      out.push(
        `  ${m.level.padEnd(5)} ${m.inf.padEnd(w)}  ${m.basic ? 'basic   ' : 'advanced'}  ${String(m.touchpoints).padStart(4)} tp${m.mixedLines > 0 ? `  ${m.mixedLines} mixed` : ''}`,
      );
      const why = m.evidence[0];
      if (why)
        out.push(`        why: ${why.detail}${why.path && why.line ? ` (${why.path}:${why.line})` : ''}`);
      const spots = options.verbose ? m.mixedSpots : m.mixedSpots.slice(0, 3);
      for (const s of spots)
        out.push(
          `        mixed: ${s.path}:${s.line}-${s.endLine} in ${s.function} (${s.lines} line${s.lines === 1 ? '' : 's'})`,
        );
      if (!options.verbose && m.mixedSpots.length > 3)
        out.push(`        … ${m.mixedSpots.length - 3} more mixed spots (--verbose)`);
    }
    out.push('');
  }
  if (map.platforms.length > 0) {
    out.push('CC code per platform and firmware volume:');
    for (const p of map.platforms) {
      out.push(`  ${p.dsc} (${p.role}${p.cc ? ` ${p.cc}` : ''}, ${p.arch})`);
      for (const [fv, mods] of Object.entries(p.fv)) {
        const counts = new Map<string, number>();
        for (const m of mods) for (const c of m.cc) counts.set(c, (counts.get(c) ?? 0) + 1);
        out.push(`    ${fv.padEnd(10)} ${[...counts].map(([c, n]) => `${c} ${n}`).join(', ')} modules`);
      }
    }
    out.push('');
  }
  out.push('Summary (touchpoints by placement: A B C D glue decl mixed; isolated share; mixed lines):');
  for (const [cc, s] of Object.entries(map.summary.tree)) {
    const p = s.placement;
    out.push(
      `  ${cc.padEnd(4)} ${String(s.touchpoints).padStart(6)} tp   ${[p.A, p.B, p.C, p.D, p.glue, p.declaration, p.mixed].map((n) => String(n).padStart(5)).join(' ')}   ${pct(s.isolatedShare).padStart(4)}   ${s.mixedLines} mixed lines`,
    );
  }
  if (map.diagnostics.length > 0) out.push('', `${map.diagnostics.length} diagnostics (see --json)`);
  return `${out.join('\n')}\n`;
}

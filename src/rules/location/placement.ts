/**
 * Where a CC module lives and where the spec wants it (2.2, 2.3): basic features directly in the
 * platform package (OvmfPkg), advanced ones in the technology's directory (OvmfPkg/AmdSev,
 * OvmfPkg/IntelTdx). Basic or advanced comes from the feature registry first, then from the
 * platforms: built by the common platform means basic, built only by the technology's CC
 * platforms means advanced. Null instances are not features.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import type { ResolvedFeature } from '../../config/types.js';
import { cmp } from '../../diagnostics.js';
import type { Origin } from '../../metadata/model.js';
import { isUnder, relBasename, relDirname } from '../../workspace/paths.js';
import {
  builtInfs,
  dscEvidence,
  firstOrigin,
  isVendorTech,
  modeLabel,
  NEUTRAL_CC,
  nullInstanceReason,
  platformName,
  shortOrigin,
} from '../platform/facts.js';
import { inactiveReferences } from '../platform/inactive-references.js';

export type FeatureKind = 'basic' | 'advanced';

export interface KindDecision {
  readonly kind: FeatureKind;
  /** One line for the message: `the feature registry says so (sev-grub-boot)`. */
  readonly because: string;
  readonly evidence: readonly Evidence[];
}

/** The registry feature that lists the module for this technology (or for CC in general). */
export function registryFeature(model: AnalysisModel, inf: string, cc: CcId): ResolvedFeature | undefined {
  return model.config.features.find(
    (f) => f.kind !== undefined && f.infs.includes(inf) && (f.cc === cc || f.cc === NEUTRAL_CC),
  );
}

/** The platforms that build the INF, with the first DSC line that brings it in. */
export function buildersOf(
  model: AnalysisModel,
  inf: string,
): { dsc: string; role: string; cc?: CcId; origin: Origin }[] {
  const out: { dsc: string; role: string; cc?: CcId; origin: Origin }[] = [];
  for (const p of model.platforms) {
    for (const r of p.resolutions) {
      const b = builtInfs(r).get(inf);
      const origin = b ? firstOrigin(b) : undefined;
      if (!origin) continue;
      out.push({ dsc: p.dsc, role: p.role, ...(p.cc ? { cc: p.cc } : {}), origin });
      break;
    }
  }
  return out;
}

/** Basic or advanced for the technology, with why; undefined when neither registry nor platforms say. */
export function featureKind(model: AnalysisModel, inf: string, cc: CcId): KindDecision | undefined {
  const builders = buildersOf(model, inf);
  const builtBy = builders.map((b) =>
    dscEvidence(b.origin, `${platformName(b.dsc)} (${b.role} platform) builds it`),
  );
  const feature = registryFeature(model, inf, cc);
  if (feature?.kind) {
    const agree = platformsSay(builders, cc, feature.kind);
    return {
      kind: feature.kind,
      because: `${agree ? `${agree}, and ` : ''}the feature registry lists it under the ${feature.kind} feature '${feature.name}'`,
      evidence: [
        {
          kind: 'config',
          detail: `feature ${feature.name} (${feature.cc}, ${feature.kind}) in the ${feature.source === 'builtin' ? 'built-in feature registry' : 'config'}${feature.description ? `: ${feature.description}` : ''}`,
          path: inf,
        },
        ...builtBy.slice(0, 3),
      ],
    };
  }
  const common = builders.filter((b) => b.role === 'common');
  if (common.length > 0) {
    return {
      kind: 'basic',
      because: `the common platform ${common.map((b) => platformName(b.dsc)).join(', ')} builds it (${shortOrigin(common[0]!.origin)})`,
      evidence: builtBy,
    };
  }
  if (builders.length > 0 && builders.every((b) => b.role === 'cc' && b.cc === cc)) {
    return {
      kind: 'advanced',
      because: `only the ${modeLabel(cc)} platform ${builders.map((b) => platformName(b.dsc)).join(', ')} builds it (${shortOrigin(builders[0]!.origin)})`,
      evidence: builtBy,
    };
  }
  return undefined;
}

/** What the platforms say about the module, when it agrees with `kind`: `only AmdSevX64 builds it`. */
function platformsSay(
  builders: readonly { dsc: string; role: string; cc?: CcId }[],
  cc: CcId,
  kind: FeatureKind,
): string | undefined {
  const names = (list: readonly { dsc: string }[]) =>
    [...new Set(list.map((b) => platformName(b.dsc)))].join(', ');
  const common = builders.filter((b) => b.role === 'common');
  if (kind === 'basic' && common.length > 0) return `the common platform ${names(common)} builds it`;
  if (kind === 'advanced' && builders.length > 0 && builders.every((b) => b.role === 'cc' && b.cc === cc)) {
    return `only ${names(builders)} builds it`;
  }
  return undefined;
}

/**
 * Whether another real module of the INF's directory is built by a platform other than the
 * technology's CC platforms: then the directory is common code (QemuFwCfgLib's SEC instance beside
 * its PEI and DXE ones), and moving the module would split it rather than place a feature.
 */
export function sharesDirectoryWithCommonCode(
  model: AnalysisModel,
  inf: string,
  cc: CcId,
): string | undefined {
  const dir = relDirname(inf);
  for (const other of model.ws.listFiles()) {
    if (other === inf || relDirname(other) !== dir || !other.toLowerCase().endsWith('.inf')) continue;
    if (isNullModule(model, other)) continue;
    const foreign = buildersOf(model, other).find((b) => !(b.role === 'cc' && b.cc === cc));
    if (foreign) return `${other} in the same directory is built by ${platformName(foreign.dsc)}`;
  }
  return undefined;
}

/**
 * The technology directories that exist in the tree (`OvmfPkg/AmdSev`), by technology. A
 * technology without one (upstream Arm CCA) has not adopted the OvmfPkg/<Cc> layout; ccguard does
 * not ask to create a directory on its own say-so.
 */
export function technologyDirectories(model: AnalysisModel): Map<CcId, readonly string[]> {
  const out = new Map<CcId, readonly string[]>();
  const files = model.ws.listFiles();
  for (const t of model.table.technologies) {
    if (!isVendorTech(model, t.id)) continue;
    const existing = t.directories.filter((d) => files.some((f) => f.startsWith(`${d}/`)));
    if (existing.length > 0) out.set(t.id, existing);
  }
  return out;
}

/** The package directory a technology directory lies in: `OvmfPkg/AmdSev` → `OvmfPkg`. */
export function packageOf(dir: string): string {
  const i = dir.indexOf('/');
  return i < 0 ? dir : dir.slice(0, i);
}

/** Whether the INF is a Null instance (by name or by its sources): not a feature. */
export function isNullModule(model: AnalysisModel, inf: string): boolean {
  return nullInstanceReason(model, inf, 'COMMON') !== undefined;
}

/** The module's directory, and the path it would have under `targetDir`. */
export function movedModuleDir(inf: string, targetDir: string): { from: string; to: string } {
  const from = relDirname(inf);
  return { from, to: `${targetDir}/${relBasename(from)}` };
}

/** Every DSC/FDF line that names the INF, over all platforms, active or not (what a move must update). */
export function referencesOf(model: AnalysisModel, inf: string): Origin[] {
  const seen = new Set<string>();
  const out: Origin[] = [];
  const add = (o: Origin) => {
    const k = `${o.file}:${o.line}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(o);
  };
  for (const p of model.platforms) {
    for (const r of p.resolutions) {
      const b = builtInfs(r).get(inf);
      for (const m of b?.components ?? []) add(m.component.origin);
      for (const u of b?.bindings ?? []) add(u.binding.origin);
      for (const fv of r.fdf?.fvs ?? []) for (const s of fv.infs) if (s.inf === inf) add(s.origin);
      for (const l of r.dsc.libraryClasses) if (l.instance === inf) add(l.origin);
      for (const c of r.dsc.components) {
        if (c.inf === inf) add(c.origin);
        for (const l of c.libraryClasses) if (l.instance === inf) add(l.origin);
      }
      // Lines in branches the default defines leave off name it too (a TPM2_ENABLE block).
      for (const ref of inactiveReferences(model, r, new Set([inf]))) add(ref.origin);
    }
  }
  return out.sort((a, b) => cmp(a.file, b.file) || a.line - b.line);
}

/** The INF's BASE_NAME line (the module's name), else 1. */
export function baseNameLine(model: AnalysisModel, inf: string): number {
  return model.store.inf(inf)?.defines.get('BASE_NAME')?.origin.line ?? 1;
}

/** Under any of the directories. */
export function isUnderAny(path: string, dirs: readonly string[]): boolean {
  return dirs.some((d) => isUnder(path, d));
}

/**
 * The alternative spec 2.1 leaves open, for a fix text: a module whose INF lists no DEC of the
 * package it lives in may also leave that package (location/arch-code reports it).
 */
export function outsideNote(model: AnalysisModel, inf: string): string {
  const pkg = packageOf(inf);
  const module = model.store.inf(inf);
  if (!module || module.packages.some((p) => isUnder(p.path, pkg))) return '';
  return ` It uses nothing of ${pkg}, so as architecture code it may also leave ${pkg} altogether (location/arch-code).`;
}

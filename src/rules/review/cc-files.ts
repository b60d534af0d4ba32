/**
 * Which files of the tree are CC-specific, and why: a patch to any of them should reach CC
 * reviewers. A file is CC-specific when
 * - its name carries a CC tag (AmdSev.c, TdxDxe.inf, CcProbeLib.h, ArmCcaLib.c);
 * - it lives in a technology's directory (OvmfPkg/AmdSev/, OvmfPkg/IntelTdx/);
 * - it belongs only to modules that exist for a CC (the INF and its sources; the whole module
 *   directory when no other module lives there);
 * - its content is CC code only (every function or routine written for a CC, as naming/cc-file
 *   judges it).
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { fileNameTags } from '../../cc/touchpoints.js';
import { cmp } from '../../diagnostics.js';
import { isUnder, relBasename, relDirname } from '../../workspace/paths.js';
import { isCcModule, isVendorTech, NEUTRAL } from '../isolation/shared-code.js';
import { fileContent } from '../naming/cc-names.js';

export interface CcSpecificFile {
  readonly path: string;
  /** The vendor technology it serves, or `cc` when several or CC in general. */
  readonly cc: CcId;
  readonly evidence: readonly Evidence[];
}

/** Touchpoints a file must have for its content alone to make it CC-specific (naming/cc-file's default). */
const CONTENT_MIN_TOUCHPOINTS = 3;

/**
 * Words that start a name tag of some technology, lower-cased: a file name without any of them
 * as a substring carries no tag, which spares splitting 10,000 names into words.
 */
function tagPrefilter(model: AnalysisModel): RegExp {
  const words = new Set<string>();
  for (const t of model.table.technologies)
    for (const tag of t.nameTags) if (tag.words[0]) words.add(tag.words[0].toLowerCase());
  const alternatives = [...words].map((w) => w.replace(/[^a-z0-9]/g, '')).filter((w) => w !== '');
  return new RegExp(alternatives.length > 0 ? alternatives.join('|') : '$^', 'i');
}

/** The files below `dir` in a sorted list. */
function filesUnder(sorted: readonly string[], dir: string): string[] {
  const prefix = `${dir}/`;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(sorted[mid]!, prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}

/** CC-specific files among `files` (workspace paths that pass the config's include/exclude). */
export function ccSpecificFiles(model: AnalysisModel, files: readonly string[]): Map<string, CcSpecificFile> {
  const included = new Set(files);
  // `own`: technologies the file itself names (its name, its directory); `techs`: every reason's.
  const found = new Map<string, { own: Set<CcId>; techs: Set<CcId>; evidence: Evidence[] }>();
  const add = (path: string, techs: readonly CcId[], e: Evidence): void => {
    if (!included.has(path)) return;
    let entry = found.get(path);
    if (!entry) {
      entry = { own: new Set(), techs: new Set(), evidence: [] };
      found.set(path, entry);
    }
    for (const t of techs) {
      entry.techs.add(t);
      if (e.kind === 'name' || e.kind === 'location') entry.own.add(t);
    }
    if (entry.evidence.length < 3) entry.evidence.push(e);
  };

  // By name and by location.
  const mayCarryTag = tagPrefilter(model);
  for (const path of files) {
    const tags = mayCarryTag.test(relBasename(path)) ? fileNameTags(path, model.table) : [];
    if (tags.length > 0) {
      add(
        path,
        tags.map((t) => t.technology),
        { kind: 'name', detail: `file name carries the ${tags.map((t) => t.tag).join('/')} tag`, path },
      );
    }
    for (const t of model.table.technologies) {
      const dir = t.directories.find((d) => isUnder(path, d));
      if (dir)
        add(path, [t.id], { kind: 'location', detail: `lives in ${dir}/, the ${t.id} directory`, path });
    }
  }

  // By module: files that only modules existing for a CC build.
  // Directories that hold (or lie above) a module that does not exist for a CC.
  const sharedAbove = new Set<string>();
  for (const inf of model.store.allInfs()) {
    const m = model.cc.moduleByInf.get(inf.path);
    if (m && isCcModule(m)) continue;
    for (let d = inf.dir; d !== '' && !sharedAbove.has(d); d = relDirname(d)) sharedAbove.add(d);
  }
  const sorted = [...files].sort(cmp);
  for (const m of model.cc.modules) {
    if (!isCcModule(m)) continue;
    const dir = relDirname(m.inf);
    const e: Evidence = {
      kind: 'inf',
      detail: `part of ${m.baseName}, which exists for ${m.dedicatedTo.join(' and ')}`,
      path: m.inf,
      line: 1,
    };
    add(m.inf, m.dedicatedTo, e);
    if (!sharedAbove.has(dir)) for (const path of filesUnder(sorted, dir)) add(path, m.dedicatedTo, e);
  }
  for (const [path, infs] of model.cc.modulesOfFile) {
    if (infs.length === 0) continue;
    const mods = infs.map((inf) => model.cc.moduleByInf.get(inf));
    if (!mods.every((m) => m !== undefined && isCcModule(m))) continue;
    const techs = [...new Set(mods.flatMap((m) => m!.dedicatedTo))];
    add(path, techs, {
      kind: 'inf',
      detail: `built only by modules that exist for a CC: ${mods.map((m) => `${m!.baseName} (${m!.dedicatedTo.join(', ')})`).join(', ')}`,
      path: infs[0]!,
    });
  }

  // By content.
  for (const file of model.cc.files.values()) {
    if (found.has(file.path) || file.nameTags.length > 0) continue;
    const content = fileContent(model, file, CONTENT_MIN_TOUCHPOINTS);
    if (content) add(file.path, content.techs, content.evidence[0]!);
  }

  const out = new Map<string, CcSpecificFile>();
  for (const [path, { own, techs, evidence }] of found) {
    // A file named for one technology serves it, whatever module builds it: IoLibInternalTdx.c
    // is TDX code and IoLibFifoCc.c code for every CC, both in BaseIoLibIntrinsicSev, the I/O
    // library OVMF builds for SEV and TDX guests alike.
    const named = [...own].filter((t) => isVendorTech(model, t));
    const vendor =
      named.length === 1 || own.size > 0 ? named : [...techs].filter((t) => isVendorTech(model, t)).sort();
    const cc = vendor.length === 1 ? vendor[0]! : NEUTRAL;
    out.set(path, { path, cc, evidence });
  }
  return out;
}

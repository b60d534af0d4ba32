/**
 * review/maintainers-coverage: every CC-specific file is covered by a CC section of
 * Maintainers.txt, so that GetMaintainer.py sends patches to it to CC reviewers. Coverage is
 * GetMaintainer.py's own (sectionsForPath). A directory whose every file is CC-specific and
 * uncovered is one finding (`F: dir/` fixes it); any other uncovered file is a finding of its own.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { fileNameTechs } from '../../cc/names.js';
import { nameTags } from '../../cc/touchpoints.js';
import { pathFilter } from '../../config/path-filter.js';
import { cmp } from '../../diagnostics.js';
import { sectionsForPath } from '../../metadata/maintainers.js';
import type { MaintainersFile, MaintainersSection } from '../../metadata/model.js';
import { isUnder, relBasename, relDirname } from '../../workspace/paths.js';
import { NEUTRAL, stringListOption, techLabel } from '../isolation/shared-code.js';
import type { ReportedFinding, Rule } from '../types.js';
import { type CcSpecificFile, ccSpecificFiles } from './cc-files.js';

/**
 * Whether an `F:` pattern points at CC code: into a technology's directory, or through a path
 * component whose name carries a CC tag (`OvmfPkg/AmdSevDxe/`, `…/Tpm2DeviceLibDTpm/*Svsm*`).
 */
function isCcPattern(model: AnalysisModel, pattern: string): boolean {
  const plain = pattern.replace(/\*+/g, '').replace(/\/+$/, '');
  if (model.table.technologies.some((t) => t.directories.some((d) => isUnder(plain, d)))) return true;
  return plain.split('/').some((part) => part !== '' && fileNameTechs(part, model.table).length > 0);
}

export interface CcSection {
  readonly section: MaintainersSection;
  /** Why it counts as a CC section. */
  readonly why: string;
  /** Technologies its title names (empty: CC in general or found by its patterns). */
  readonly techs: readonly CcId[];
}

/**
 * The CC sections. Named in the options (`ccSections`: section titles), or found: a section whose
 * title carries a CC tag (`OvmfPkg: Confidential Computing`, `… TDX attestation`, `ArmVirtPkg: Arm
 * CCA (Realm) support`, `SecurityPkg: SVSM related modules`), or whose every `F:` pattern points
 * at CC code.
 */
export function findCcSections(
  model: AnalysisModel,
  file: MaintainersFile,
  named: readonly string[] | undefined,
): CcSection[] {
  const out: CcSection[] = [];
  for (const section of file.sections) {
    // A bare `CC` in a title is carbon copy ("All patches CC:d here"); CC in general is spelled out.
    const techs = nameTags(section.title, model.table)
      .filter((t) => !(t.technology === NEUTRAL && t.tag === 'Cc'))
      .map((t) => t.technology);
    if (named) {
      if (named.includes(section.title.trim()))
        out.push({ section, why: 'named in the rule options', techs });
      continue;
    }
    if (techs.length > 0) {
      out.push({ section, why: `its title names ${techs.map(techLabel).join('/')}`, techs });
      continue;
    }
    const patterns = section.entries.filter((e) => e.tag === 'F').map((e) => e.value);
    if (patterns.length > 0 && patterns.every((p) => isCcPattern(model, p))) {
      out.push({ section, why: 'every F: pattern points at CC code', techs: [] });
    }
  }
  return out;
}

function sectionName(s: MaintainersSection): string {
  return s.title === '' ? `(untitled section at line ${s.origin.line})` : `"${s.title}"`;
}

/** The CC section a fix should extend: one named for the technology, else the one covering most of its files nearby. */
function targetSection(
  cc: CcId,
  path: string,
  sections: readonly CcSection[],
  covered: ReadonlyMap<MaintainersSection, readonly CcSpecificFile[]>,
): CcSection | undefined {
  const pkg = path.split('/')[0] ?? '';
  let best: { s: CcSection; score: number } | undefined;
  for (const s of sections) {
    const near = (covered.get(s.section) ?? []).filter((f) => f.cc === cc && isUnder(f.path, pkg)).length;
    const score = (s.techs.includes(cc) ? 1000 : 0) + near;
    if (!best || score > best.score) best = { s, score };
  }
  return best?.s;
}

interface Uncovered {
  readonly file: CcSpecificFile;
  readonly sections: readonly MaintainersSection[];
}

/**
 * Directories to report as one: every file under them is CC-specific and uncovered, and they hold
 * at least two files; the highest such directory wins.
 */
function wholeDirectories(allFiles: readonly string[], uncovered: ReadonlyMap<string, Uncovered>): string[] {
  const total = new Map<string, number>();
  const bad = new Map<string, number>();
  for (const f of allFiles) {
    const isBad = uncovered.has(f);
    for (let d = relDirname(f); d !== ''; d = relDirname(d)) {
      total.set(d, (total.get(d) ?? 0) + 1);
      if (isBad) bad.set(d, (bad.get(d) ?? 0) + 1);
    }
  }
  const whole = [...total]
    .filter(([d, n]) => n >= 2 && bad.get(d) === n)
    .map(([d]) => d)
    .sort(cmp);
  return whole.filter((d) => !whole.some((o) => o !== d && isUnder(d, o)));
}

function coverageEvidence(sections: readonly MaintainersSection[], maintainersPath: string): Evidence {
  return sections.length === 0
    ? { kind: 'config', detail: 'no section of Maintainers.txt covers it', path: maintainersPath }
    : {
        kind: 'config',
        detail: `covered only by ${sections.map(sectionName).join(', ')}, not a CC section`,
        path: maintainersPath,
        line: sections[0]!.origin.line,
      };
}

function fixFor(pattern: string, target: CcSection | undefined, maintainersPath: string): string {
  return target
    ? `Add \`F: ${pattern}\` to the CC section ${sectionName(target.section)} (${maintainersPath}:${target.section.origin.line}), so that GetMaintainer.py sends its patches to CC reviewers.`
    : `Add a CC section to ${maintainersPath} (e.g. "OvmfPkg: Confidential Computing" with the CC reviewers as R:) holding \`F: ${pattern}\`.`;
}

export const maintainersCoverage: Rule = {
  meta: {
    id: 'review/maintainers-coverage',
    title: 'CC file not covered by a CC section of Maintainers.txt',
    specSection: '—',
    defaultSeverity: 'warning',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ccSections: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description:
            'Titles of the Maintainers.txt sections that count as CC sections (the line above the dashes), replacing the built-in detection.',
        },
      },
    },
    docs: {
      summary: 'Every CC-specific file is covered by a CC section of Maintainers.txt.',
      what: 'ccguard lists the CC-specific files — named for a CC, under a CC directory, built only by modules that exist for a CC, or holding only CC code — and asks, exactly as BaseTools/Scripts/GetMaintainer.py does (`F:` anchored at the start, `*` crossing `/` except at the end, `X:` only within its section), which sections cover each. A CC section is one whose title names a CC (Confidential Computing, SEV, SVSM, TDX, CCA, Realm, …) or whose every `F:` pattern points at CC code; the option `ccSections` names them instead. A directory that is CC-specific and uncovered as a whole is one finding; other files are reported one by one.',
      why: 'The spec wants CC code isolated so that "when people find something wrong, they can just focus on some SEV or TDX specific files" and reviewers can "understand better on SEV flow, TDX flow and normal OVMF flow". That only works if patches to those files reach the CC reviewers: GetMaintainer.py picks recipients from the sections that cover each changed file.',
      failing:
        '```text\nOvmfPkg: Confidential Computing\nF: OvmfPkg/AmdSev/\nF: OvmfPkg/PlatformPei/AmdSev.c\nR: …\n# OvmfPkg/PlatformPei/IntelTdx.c is covered only by "OvmfPkg" (F: OvmfPkg/)\n```',
      passing:
        '```text\nOvmfPkg: Confidential Computing\nF: OvmfPkg/AmdSev/\nF: OvmfPkg/PlatformPei/AmdSev.c\nF: OvmfPkg/PlatformPei/IntelTdx.c\nR: …\n```',
      fix: 'Add an `F:` line for the file or directory to the CC section the finding names (or create one), and check with `BaseTools/Scripts/GetMaintainer.py -l <patch>`.',
    },
  },
  check(context) {
    const { model, options } = context;
    const file = model.maintainers;
    if (!file) return;
    const sections = findCcSections(model, file, stringListOption(options, 'ccSections'));
    const isCc = new Set(sections.map((s) => s.section));
    const allFiles = model.ws.listFiles().filter(pathFilter(model.config));
    const ccFiles = ccSpecificFiles(model, allFiles);
    const covered = new Map<MaintainersSection, CcSpecificFile[]>();
    const uncovered = new Map<string, Uncovered>();
    for (const f of [...ccFiles.values()].sort((a, b) => cmp(a.path, b.path))) {
      const covering = sectionsForPath(file, f.path);
      const cc = covering.filter((s) => isCc.has(s));
      for (const s of cc) {
        const list = covered.get(s) ?? [];
        list.push(f);
        covered.set(s, list);
      }
      if (cc.length === 0) uncovered.set(f.path, { file: f, sections: covering });
    }
    const dirs = wholeDirectories(allFiles, uncovered);
    const inDir = new Set<string>();
    for (const dir of dirs) {
      const members = [...uncovered.values()].filter((u) => isUnder(u.file.path, dir));
      for (const u of members) inDir.add(u.file.path);
      context.report(directoryFinding(file, dir, members, sections, covered));
    }
    // The rest, one finding per directory and technology: one F: line per file fixes it.
    const groups = new Map<string, Uncovered[]>();
    for (const u of uncovered.values()) {
      if (inDir.has(u.file.path)) continue;
      const k = `${relDirname(u.file.path)}\0${u.file.cc}`;
      const list = groups.get(k) ?? [];
      list.push(u);
      groups.set(k, list);
    }
    for (const members of groups.values()) context.report(filesFinding(file, members, sections, covered));
  },
};

function filesFinding(
  file: MaintainersFile,
  members: readonly Uncovered[],
  sections: readonly CcSection[],
  covered: ReadonlyMap<MaintainersSection, readonly CcSpecificFile[]>,
): ReportedFinding {
  const first = members[0]!;
  const cc = first.file.cc;
  const dir = relDirname(first.file.path);
  const target = targetSection(cc, first.file.path, sections, covered);
  const names = members.map((m) => m.file.path);
  const evidence: Evidence[] = [coverageEvidence(first.sections, file.path)];
  for (const m of members.slice(0, 8)) {
    // Every reason, so that a label drawn from two of them (a TDX-named file in a module for
    // SEV is CC code) can be checked from the finding alone.
    const why = m.file.evidence;
    evidence.push({
      kind: why[0]?.kind ?? 'name',
      detail: `${m.file.path}: ${why.length > 0 ? why.map((e) => e.detail).join('; ') : 'CC-specific'}`,
      path: m.file.path,
    });
  }
  if (members.length > 8)
    evidence.push({ kind: 'name', detail: `… and ${members.length - 8} more files in ${dir}/` });
  const label = techLabel(cc);
  const patterns = names.map((n) => `F: ${n}`);
  return {
    cc,
    path: first.file.path,
    line: 1,
    endLine: 1,
    message:
      members.length === 1
        ? `${first.file.path} is ${label}-specific but no CC section of Maintainers.txt covers it, so its patches do not reach CC reviewers.`
        : `${members.length} ${label}-specific files in ${dir}/ (${names
            .map((n) => relBasename(n))
            .slice(0, 4)
            .join(
              ', ',
            )}${members.length > 4 ? ', …' : ''}) are covered by no CC section of Maintainers.txt, so their patches do not reach CC reviewers.`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: fixFor(patterns.map((p) => p.slice(3)).join('`, `F: '), target, file.path),
    key: members.length === 1 ? first.file.path : `${dir}/|${cc}`,
  };
}

function directoryFinding(
  file: MaintainersFile,
  dir: string,
  members: readonly Uncovered[],
  sections: readonly CcSection[],
  covered: ReadonlyMap<MaintainersSection, readonly CcSpecificFile[]>,
): ReportedFinding {
  const vendor = [...new Set(members.map((m) => m.file.cc))];
  const cc = vendor.length === 1 ? vendor[0]! : NEUTRAL;
  const anchor =
    members.map((m) => m.file.path).find((p) => p.toLowerCase().endsWith('.inf') && relDirname(p) === dir) ??
    members.map((m) => m.file.path).find((p) => p.toLowerCase().endsWith('.inf')) ??
    members[0]!.file.path;
  const first = members.find((m) => m.file.path === anchor) ?? members[0]!;
  const sectionsSeen = new Map<MaintainersSection, true>();
  for (const m of members) for (const s of m.sections) sectionsSeen.set(s, true);
  const target = targetSection(cc, dir, sections, covered);
  const evidence: Evidence[] = [
    {
      kind: 'location',
      detail: `every one of the ${members.length} files under ${dir}/ is CC-specific and uncovered`,
      path: anchor,
    },
    ...first.file.evidence.slice(0, 2),
    coverageEvidence([...sectionsSeen.keys()], file.path),
  ];
  return {
    cc,
    path: anchor,
    line: 1,
    endLine: 1,
    message: `${dir}/ (${members.length} ${techLabel(cc)}-specific files) is covered by no CC section of Maintainers.txt, so its patches do not reach CC reviewers.`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: fixFor(`${dir}/`, target, file.path),
    key: `${dir}/`,
  };
}

export default maintainersCoverage;

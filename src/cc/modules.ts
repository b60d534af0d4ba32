/**
 * Isolation level per (module, technology) on the spec's ladder: A a driver that exists for the
 * technology, B a library that exists for it (Null variants included), C its code confined to
 * files named for it inside a shared module, D confined to functions named for it inside common
 * files, `mixed` when any common function holds inline CC logic of it. Also basic (the common
 * platform builds it, spec 2.2) versus advanced (only CC platforms do, 2.3).
 */
import { cmp } from '../diagnostics.js';
import type { InfModule } from '../metadata/model.js';
import type { ScannedSource } from '../source/scan.js';
import { isUnder, relBasename } from '../workspace/paths.js';
import { NEUTRAL_CC } from './c-functions.js';
import type { CcFile, CcId, CcModule, CcModuleTech, Evidence, IsolationLevel, SpotStyle } from './model.js';
import { fileNameTechs, functionNameTechs } from './names.js';
import type { SignatureTable } from './signatures.js';

export interface ModuleInputs {
  readonly inf: InfModule;
  /** The module's code files that hold CC code (CcFile), in path order. */
  readonly files: readonly CcFile[];
  /** Technologies the module exists for, with evidence (moduleDedication). */
  readonly dedicated: ReadonlyMap<CcId, readonly Evidence[]>;
  /** DSCs that build it. */
  readonly platforms: readonly string[];
  /** Common platforms among them. */
  readonly commonPlatforms: readonly string[];
  /** The CC platform technologies among them. */
  readonly ccPlatformTechs: readonly CcId[];
  /** Feature registry override: basic/advanced by technology. */
  readonly featureKind?: ReadonlyMap<CcId, 'basic' | 'advanced'>;
  /** CC touchpoints of the INF itself (library classes, PCDs, GUIDs it names). */
  readonly infEvidence: readonly { readonly cc: CcId; readonly evidence: Evidence }[];
}

/** Share of a module's CC-affine function lines above which it exists for that technology. */
const DEDICATED_SHARE = 0.6;

export function moduleNameTechs(inf: InfModule, table: SignatureTable): { cc: CcId; evidence: Evidence }[] {
  const out: { cc: CcId; evidence: Evidence }[] = [];
  const names = new Set([inf.baseName, relBasename(inf.path).replace(/\.inf$/i, ''), relBasename(inf.dir)]);
  for (const d of inf.libraryClassDecls) names.add(d.name);
  for (const n of names) {
    if (!n) continue;
    for (const cc of fileNameTechs(n, table)) {
      out.push({
        cc,
        evidence: { kind: 'name', detail: `module name ${n} carries the ${cc} tag`, path: inf.path, line: 1 },
      });
    }
  }
  return out;
}

export function moduleLocationTechs(
  inf: InfModule,
  table: SignatureTable,
): { cc: CcId; evidence: Evidence }[] {
  const out: { cc: CcId; evidence: Evidence }[] = [];
  for (const t of table.technologies) {
    for (const dir of t.directories) {
      if (isUnder(inf.path, dir)) {
        out.push({
          cc: t.id,
          evidence: {
            kind: 'location',
            detail: `lives in ${dir}, the ${t.id} directory`,
            path: inf.path,
            line: 1,
          },
        });
      }
    }
  }
  return out;
}

/** A Null instance of a library class: its BASE_NAME or file name ends in `Null` (ArmCcaLibNull.inf has BASE_NAME ArmCcaLib). */
export function isNullInstance(inf: InfModule): boolean {
  const stem = relBasename(inf.path).replace(/\.inf$/i, '');
  return inf.libraryClassDecls.length > 0 && (/Null$/i.test(inf.baseName) || /Null$/i.test(stem));
}

/**
 * Technologies a module exists for, decided before its functions are classified (so that code in
 * a module that exists for SEV is never "mixed" into anything): its name or library class, its
 * location, or its content — the share of its code lines in files and functions named for the
 * technology (spec 3.1's IoMmuDxe: a driver whose code is almost all in AmdSevIoMmu.c).
 */
export function moduleDedication(
  inf: InfModule,
  sources: readonly ScannedSource[],
  table: SignatureTable,
): Map<CcId, Evidence[]> {
  const dedicated = new Map<CcId, Evidence[]>();
  const add = (cc: CcId, e: Evidence): void => {
    const list = dedicated.get(cc) ?? [];
    list.push(e);
    dedicated.set(cc, list);
  };
  for (const { cc, evidence } of [...moduleNameTechs(inf, table), ...moduleLocationTechs(inf, table)])
    add(cc, evidence);
  let total = 0;
  const ccLines = new Map<CcId, number>();
  const firstFile = new Map<CcId, string>();
  for (const s of sources) {
    // Headers declare; only code files weigh. Every code file counts in the total, CC or not.
    if (s.language === 'c' && !s.path.toLowerCase().endsWith('.c')) continue;
    // Characters, not lines: a file without CC code is never split into lines.
    const lines = s.size;
    total += lines;
    // A Null stub (AmdSevNull.c, IntelTdxNull.c) is the absence of CC code, not CC code.
    if (/Null$/i.test(fileStem(s.path))) continue;
    const fileTechs = fileNameTechs(fileStem(s.path), table);
    if (fileTechs.length > 0) {
      for (const cc of fileTechs) {
        ccLines.set(cc, (ccLines.get(cc) ?? 0) + lines);
        if (!firstFile.has(cc)) firstFile.set(cc, s.path);
      }
      continue;
    }
    for (const f of s.c?.functions ?? []) {
      for (const cc of functionNameTechs(f.name, table)) {
        // A function's share in characters, estimated from its lines at the file's average width.
        const width = s.lineCount > 0 ? s.size / s.lineCount : 0;
        ccLines.set(cc, (ccLines.get(cc) ?? 0) + (f.endLine - f.startLine + 1) * width);
      }
    }
  }
  if (total > 0) {
    for (const [cc, n] of ccLines) {
      const share = n / total;
      if (dedicated.has(cc) || share < DEDICATED_SHARE) continue;
      add(cc, {
        kind: 'code',
        detail: `${Math.round(share * 100)}% of its code (by size) is in files and functions named for ${cc}${firstFile.has(cc) ? ` (e.g. ${relBasename(firstFile.get(cc)!)})` : ''}`,
        path: inf.path,
        line: 1,
      });
    }
  }
  return dedicated;
}

function fileStem(path: string): string {
  const base = relBasename(path);
  const dot = base.indexOf('.');
  return dot < 0 ? base : base.slice(0, dot);
}

export function buildCcModule(input: ModuleInputs): CcModule | undefined {
  const { inf } = input;
  const isLibrary = inf.libraryClassDecls.length > 0;
  const dedicated = new Map<CcId, Evidence[]>([...input.dedicated].map(([k, v]) => [k, [...v]]));

  // Touchpoints per technology over the module's files.
  const touch = new Map<CcId, number>();
  for (const f of input.files) for (const [cc, n] of f.touchpoints) touch.set(cc, (touch.get(cc) ?? 0) + n);
  const techs = new Set<CcId>([...touch.keys(), ...dedicated.keys()]);
  if (techs.size === 0) return undefined;
  if (input.ccPlatformTechs.length > 0 && input.commonPlatforms.length === 0) {
    for (const cc of input.ccPlatformTechs) {
      const ev: Evidence = {
        kind: 'platform',
        detail: `built only by ${cc} platforms: ${input.platforms.join(', ')}`,
        path: inf.path,
        line: 1,
      };
      dedicated.get(cc)?.push(ev);
    }
  }

  const basicByPlatform = input.commonPlatforms.length > 0;
  const moduleTechs: CcModuleTech[] = [];
  for (const cc of [...techs].sort(cmp)) {
    const evidence: Evidence[] = [];
    const files = input.files
      .filter((f) => (f.touchpoints.get(cc) ?? 0) > 0 || f.nameTags.includes(cc))
      .map((f) => ({
        path: f.path,
        touchpoints: f.touchpoints.get(cc) ?? 0,
        mixedLines: f.mixedLinesByCc.get(cc) ?? 0,
      }));
    const mixedLines = files.reduce((a, f) => a + f.mixedLines, 0);
    let level: IsolationLevel;
    // A module named, placed or written for CC in general serves every technology it holds.
    // Vendor-neutral code in a module that exists for a vendor technology is part of that technology.
    const vendorDedication =
      cc === NEUTRAL_CC ? [...dedicated.entries()].find(([k]) => k !== NEUTRAL_CC)?.[1] : undefined;
    const ded = dedicated.get(cc) ?? dedicated.get(NEUTRAL_CC) ?? vendorDedication;
    if (ded) {
      level = isLibrary ? 'B' : 'A';
      evidence.push(...ded);
    } else {
      level = sharedModuleLevel(input.files, cc, evidence);
    }
    for (const e of input.infEvidence) if (e.cc === cc) evidence.push(e.evidence);
    if (input.platforms.length > 0) {
      evidence.push({
        kind: 'platform',
        detail: `built by ${input.platforms.join(', ')}`,
        path: inf.path,
      });
    }
    const kindOverride = input.featureKind?.get(cc);
    moduleTechs.push({
      cc,
      level,
      basic: kindOverride ? kindOverride === 'basic' : basicByPlatform,
      files,
      touchpoints: touch.get(cc) ?? 0,
      mixedLines,
      evidence,
    });
  }
  return {
    inf: inf.path,
    baseName: inf.baseName,
    moduleType: inf.moduleType,
    isLibrary,
    libraryClasses: inf.libraryClassDecls.map((d) => d.name).filter((n, i, a) => a.indexOf(n) === i),
    isNullInstance: isNullInstance(inf),
    dedicatedTo: [...dedicated.keys()].sort(cmp),
    platforms: [...input.platforms],
    techs: moduleTechs,
  };
}

/** How a spot that leaves the technology's code elsewhere reads in evidence. */
const GLUE_TEXT: Readonly<Record<Exclude<SpotStyle, 'inline'>, string>> = {
  predicate: 'only a mode check',
  'hook-call': 'only a call of a hook that checks the mode itself',
  dispatch: 'only a dispatch on the mode to CC functions',
};

/** The level of a technology's code in a module that does not exist for it. */
function sharedModuleLevel(files: readonly CcFile[], cc: CcId, evidence: Evidence[]): IsolationLevel {
  let mixed: Evidence | undefined;
  let functionLevel: Evidence | undefined;
  let fileLevel: Evidence | undefined;
  let fileLevelExact = false;
  let glue: Evidence | undefined;
  for (const f of files) {
    // Vendor-neutral code in a file named for a vendor technology is part of that file's code.
    const dedicatedFile =
      f.nameTags.includes(cc) ||
      f.nameTags.includes(NEUTRAL_CC) ||
      (cc === NEUTRAL_CC && f.nameTags.length > 0);
    if (dedicatedFile && (f.touchpoints.get(cc) ?? 0) > 0) {
      // A file named for the technology itself is the better witness than one named for CC in
      // general (IoLibFifoCc.c) or, for CC code, for one vendor.
      const exact = f.nameTags.includes(cc);
      if (!fileLevel || (exact && !fileLevelExact)) {
        const named = exact
          ? 'named for it'
          : f.nameTags.includes(NEUTRAL_CC)
            ? 'named for CC in general'
            : `named for ${f.nameTags.join(' and ')}`;
        fileLevel = {
          kind: 'name',
          detail: `${cc} code confined to ${relBasename(f.path)}, ${named}`,
          path: f.path,
          line: 1,
        };
        fileLevelExact = exact;
      }
      continue;
    }
    for (const fn of f.functions) {
      if (!fn.ccs.includes(cc)) continue;
      if (fn.role === 'cc-function' && !f.nameTags.includes(cc)) {
        const inlineOther = fn.spots.some((s) => s.style === 'inline' && s.cc === cc);
        if (!inlineOther) {
          functionLevel ??= {
            kind: fn.namedForCc ? 'name' : 'code',
            detail: `${cc} code in function ${fn.name}${fn.namedForCc ? ', named for it,' : ' (whole body mode-guarded)'} inside common file ${relBasename(f.path)}`,
            path: f.path,
            line: fn.line,
          };
          continue;
        }
      }
      for (const s of fn.spots) {
        if (s.cc !== cc && !(cc === NEUTRAL_CC && s.cc === NEUTRAL_CC)) continue;
        if (s.style === 'inline') {
          mixed ??= {
            kind: 'code',
            detail: `inline ${cc} logic in common ${fn.language === 'nasm' ? 'routine' : 'function'} ${fn.name} (${s.line === s.endLine ? `line ${s.line}` : `lines ${s.line}-${s.endLine}`})`,
            path: f.path,
            line: s.line,
          };
        } else {
          glue ??= {
            kind: 'hook',
            detail: `${GLUE_TEXT[s.style]} in ${fn.name}`,
            path: f.path,
            line: s.line,
          };
        }
      }
    }
  }
  if (mixed) {
    evidence.push(mixed);
    return 'mixed';
  }
  if (functionLevel) {
    evidence.push(functionLevel);
    return 'D';
  }
  if (fileLevel) {
    evidence.push(fileLevel);
    return 'C';
  }
  // Only hooks, dispatches and mode checks: the technology's code itself lives in a library.
  evidence.push(
    glue ?? { kind: 'code', detail: `only declarations or hook calls of ${cc}; its code lives in libraries` },
  );
  return 'B';
}

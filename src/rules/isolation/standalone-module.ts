/**
 * isolation/standalone-module (spec 3.1): a CC feature should be a standalone module (driver or
 * library) where possible. Reports each (shared module, technology) whose code sits lower on the
 * ladder — C (CC files), D (CC functions in common files) or mixed — once the technology's code
 * there is large enough to be a feature of its own.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcModule, CcModuleTech, Evidence, IsolationLevel } from '../../cc/model.js';
import { cmp } from '../../diagnostics.js';
import { relBasename } from '../../workspace/paths.js';
import type { Rule } from '../types.js';
import {
  baseNameLine,
  booleanOption,
  capEvidence,
  functionTech,
  isCcModule,
  isNullStubFile,
  isVendorTech,
  numberOption,
  shortTag,
  techLabel,
} from './shared-code.js';

/**
 * Defaults measured on edk2 master (2026) and July 2021. Below them sit one-line exception-path
 * hooks (CpuExceptionHandlerLib: 1 inline line), lone inline mode checks (VirtHstiDxe, CpuDxe:
 * 1–2 lines; EmuVariableFvbRuntimeDxe: one guarded branch with one touchpoint), a CPU feature
 * probe (ArmBaseLib ArmHasRme: 8 lines, 1 touchpoint) and Null stubs (UnitTestHostBaseLib's
 * IntelTdxNull.c) — none a feature that could stand alone. Just above them: SmmCpuFeaturesLib
 * (46 lines of SEV save-state handling, 5 touchpoints), QemuFwCfgLib's TDX fw_cfg measurement
 * (20 lines, 4 touchpoints), OvmfPkg/Sec's TDX AP parking routine (15 lines, 9 touchpoints).
 * Touchpoints count only non-weak signatures; Null stub files (`*Null.c`) count for nothing.
 */
const DEFAULTS = { minTouchpoints: 2, minLines: 10, includeVendorNeutral: false } as const;

const LEVEL_TEXT: Readonly<Record<IsolationLevel, string>> = {
  A: 'a driver of its own',
  B: 'a library of its own',
  C: 'files named for it inside the shared module',
  D: 'functions named for it inside common files',
  mixed: 'logic written inline in common functions',
};

interface Measure {
  /** Touchpoints of the technology that are not weak (generic-looking names excluded). */
  readonly strongTouchpoints: number;
  /** Lines of the technology's own functions plus its inline lines. */
  readonly lines: number;
  readonly functions: readonly string[];
}

function measure(model: AnalysisModel, t: CcModuleTech): Measure {
  let strong = 0;
  let lines = 0;
  const functions: string[] = [];
  for (const f of t.files) {
    if (isNullStubFile(f.path)) continue;
    for (const tp of model.sources.get(f.path)?.touchpoints ?? [])
      if (tp.technology === t.cc && !tp.weak) strong++;
    const file = model.cc.files.get(f.path);
    for (const fn of file?.functions ?? []) {
      if (fn.role !== 'cc-function') continue;
      const own = file!.nameTags.includes(t.cc) ? fn.ccs.includes(t.cc) : functionTech(model, fn) === t.cc;
      if (!own) continue;
      lines += fn.endLine - fn.line + 1;
      if (!fn.name.startsWith('(') && !fn.name.startsWith('%')) functions.push(fn.name);
    }
    lines += f.mixedLines;
  }
  return { strongTouchpoints: strong, lines, functions };
}

function ccNamedFiles(model: AnalysisModel, t: CcModuleTech): string[] {
  return t.files
    .filter((f) => model.cc.files.get(f.path)?.nameTags.includes(t.cc))
    .map((f) => relBasename(f.path))
    .slice(0, 4);
}

function libraryName(m: CcModule, tag: string): string {
  const stem = m.baseName.replace(/(Dxe|Pei|Smm|Sec|Main|Lib|Mm|Runtime|Driver)+$/, '') || m.baseName;
  return `${stem}${tag}Lib`;
}

export const standaloneModule: Rule = {
  meta: {
    id: 'isolation/standalone-module',
    title: 'CC feature inside a shared module',
    specSection: '3.1',
    defaultSeverity: 'info',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minTouchpoints: {
          type: 'integer',
          minimum: 0,
          description: 'Least number of (non-weak) touchpoints of the technology in the module.',
        },
        minLines: {
          type: 'integer',
          minimum: 0,
          description: "Least number of lines of the technology's functions and inline code in the module.",
        },
        includeVendorNeutral: {
          type: 'boolean',
          description:
            'Also report vendor-neutral CC code (CcProbe, CC measurement), the interface common code uses.',
        },
      },
    },
    defaultOptions: DEFAULTS,
    docs: {
      summary: 'A CC feature that could be a standalone driver or library lives inside a shared module.',
      what: "For every module that does not exist for a CC technology but holds that technology's code, ccguard reports the isolation level the code reaches: C (files named for the CC), D (functions named for it in common files) or mixed (inline logic in common functions), with the files and the evidence. Modules whose CC code is only a few hook calls or mode checks stay quiet (options `minTouchpoints`, `minLines`).",
      why: 'Spec 3.1: "A CC feature should be standalone module (driver or library), if it is possible." A reviewer of a SEV patch then reads a SEV module, and a maintainer of the common module never has to review SEV or TDX code. Levels C and D are the fallbacks of 3.2 when a module cannot be split.',
      failing:
        '```c\n// OvmfPkg/PlatformPei/Platform.c — common PEIM\nVOID\nSevPlatformFixup (VOID)\n{\n  if (!MemEncryptSevIsEnabled ()) {\n    return;\n  }\n  MemEncryptSevClearPageEncMask (0, Base, Pages);\n}\n```',
      passing:
        '```ini\n# OvmfPkg/Library/PlatformSevLib/PlatformSevLib.inf — SEV hook library\n[Defines]\n  BASE_NAME     = PlatformSevLib\n  LIBRARY_CLASS = PlatformSevLib\n```\n```c\n// PlatformPei/Platform.c only calls the hook; a Null instance serves non-SEV builds\nPlatformSevFixup ();\n```',
      fix: "Move the technology's code into a driver of its own when it can run by itself, or into a library class with a real and a Null instance that the shared module calls as a hook (spec 3.2.A.1). Where that is not possible (a reset vector cannot link libraries), keep it at level C: files named `Xxx<Cc>`.",
    },
  },
  check(context) {
    const { model, options } = context;
    const minTouchpoints = numberOption(options, 'minTouchpoints', DEFAULTS.minTouchpoints);
    const minLines = numberOption(options, 'minLines', DEFAULTS.minLines);
    const neutral = booleanOption(options, 'includeVendorNeutral', DEFAULTS.includeVendorNeutral);
    for (const m of model.cc.modules) {
      if (isCcModule(m)) continue;
      for (const t of m.techs) {
        if (t.level !== 'C' && t.level !== 'D' && t.level !== 'mixed') continue;
        if (!neutral && !isVendorTech(model, t.cc)) continue;
        const size = measure(model, t);
        if (size.strongTouchpoints < minTouchpoints || size.lines < minLines) continue;
        const label = techLabel(t.cc);
        const files = [...t.files].sort((a, b) => b.touchpoints - a.touchpoints || cmp(a.path, b.path));
        const fileEvidence: Evidence[] = files.map((f) => ({
          kind: 'code',
          detail: `${f.path}: ${f.touchpoints} ${label} touchpoints${f.mixedLines > 0 ? `, ${f.mixedLines} inline lines` : ''}`,
          path: f.path,
        }));
        const evidence: Evidence[] = [
          {
            kind: 'code',
            detail: `${label} code at level ${t.level} (${LEVEL_TEXT[t.level]}): ${t.touchpoints} touchpoints (${size.strongTouchpoints} not weak), ${size.lines} lines in ${t.files.length} files`,
            path: m.inf,
            line: 1,
          },
          ...t.evidence.filter((e) => e.kind !== 'platform').slice(0, 4),
          ...capEvidence(fileEvidence, 6, 'files'),
        ];
        const fnList =
          size.functions.length > 0
            ? ` (${[...new Set(size.functions)].slice(0, 4).join(', ')}${size.functions.length > 4 ? ', …' : ''})`
            : '';
        const lib = libraryName(m, shortTag(model, t.cc));
        const fix =
          t.level === 'C'
            ? `The ${label} code of ${m.baseName} is already in files named for it (${ccNamedFiles(model, t).join(', ')}); if it can stand alone, move it into a ${label} library (e.g. ${lib}, with a Null instance for other builds) that ${m.baseName} calls as a hook, or into a ${label} driver.`
            : `Move the ${label} code of ${m.baseName}${fnList} into a standalone ${label} module: a ${label} driver if it can run by itself, else a hook library (e.g. ${lib}, with a Null instance for other builds) that ${m.baseName} calls; if it must stay in ${m.baseName}, isolate it in files named for ${label} (spec 3.2).`;
        context.report({
          cc: t.cc,
          path: m.inf,
          line: baseNameLine(model, m.inf),
          endLine: baseNameLine(model, m.inf),
          message: `${m.baseName} holds ${label} code at isolation level ${t.level} (${LEVEL_TEXT[t.level]}); a standalone ${label} ${m.isLibrary ? 'library' : 'driver or library'} would isolate it (spec 3.1).`,
          evidence: evidence as [Evidence, ...Evidence[]],
          fix,
          key: `${m.inf}|${t.cc}`,
        });
      }
    }
  },
};

export default standaloneModule;

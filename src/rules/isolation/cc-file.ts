/**
 * isolation/cc-file (spec 3.2): when a CC feature has to live in a shared module, its code goes
 * into a file named `Xxx<Cc>.{c,nasm,nasm.inc}`. Reports every function or routine written for one
 * technology (level D) that sits in a common file of a shared module, with the file it should
 * move to.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcFile, Evidence } from '../../cc/model.js';
import { relBasename, relDirname } from '../../workspace/paths.js';
import type { ReportedFinding, Rule } from '../types.js';
import { levelDFunctions, type Unit, unitsOf } from './cc-units.js';
import {
  ccFileFor,
  isListedSource,
  lineSpan,
  NEUTRAL,
  sharedModulesOf,
  shortPath,
  techLabel,
} from './shared-code.js';

function finding(
  model: AnalysisModel,
  file: CcFile,
  shared: readonly string[],
  unit: Unit,
  units: readonly Unit[],
): ReportedFinding {
  const { cc, kind, name } = unit;
  const label = techLabel(cc);
  // A macro is shared through `%include`, so it goes to an include file.
  const includeFile = kind === 'macro' || (file.language === 'nasm' && !isListedSource(model, file.path));
  const ext = kind === 'macro' && !/\.(nasm\.inc|inc)$/i.test(file.path) ? '.nasm.inc' : undefined;
  const target = ccFileFor(model, file.path, cc, ext);
  const macros = kind === 'routine' ? units.filter((u) => u.kind === 'macro' && u.cc === cc) : [];
  const evidence: Evidence[] = [
    {
      kind: 'code',
      detail: `${label} ${kind} ${name} (lines ${lineSpan(unit.line, unit.endLine)}) in ${relBasename(file.path)}, a file not named for ${label}, built by ${shared.join(', ')}`,
      path: file.path,
      line: unit.line,
    },
  ];
  for (const part of unit.parts) evidence.push(...part.evidence.slice(0, unit.parts.length > 1 ? 1 : 4));
  if (unit.labels.length > 1) {
    evidence.push({
      kind: 'code',
      detail: `labels of the routine: ${unit.labels.join(', ')}`,
      path: file.path,
      line: unit.line,
    });
  }
  for (const m of macros) {
    evidence.push({
      kind: 'code',
      detail: `${label} macro ${m.name} (lines ${lineSpan(m.line, m.endLine)}) in the same file`,
      path: file.path,
      line: m.line,
    });
  }
  const where = shortPath(target.path, relDirname(file.path));
  const withMacros =
    macros.length > 0
      ? ` with its ${macros.map((m) => `\`${m.name}\``).join(', ')} macro${macros.length > 1 ? 's' : ''}`
      : '';
  const fix = target.exists
    ? `Move ${kind} \`${name}\`${withMacros} to ${where}, which already holds the module's ${label} code${kind === 'function' ? ", and declare it in the module's internal header" : ''}.`
    : `Move ${kind} \`${name}\`${withMacros} to a new file ${where} beside ${relBasename(file.path)} (${includeFile ? `\`%include\` it where ${relBasename(file.path)} ${kind === 'macro' ? 'uses it' : 'is assembled'}` : `add it to [Sources] of ${shared.map((s) => relBasename(s)).join(', ')}`}).`;
  return {
    cc,
    path: file.path,
    line: unit.line,
    endLine: unit.endLine,
    message: `${label} ${kind} \`${name}\` lives in common file ${relBasename(file.path)}; CC code of a shared module belongs in a file named for ${label} (spec 3.2).`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix,
    key: `${file.path}|${kind === 'macro' ? '%macro ' : ''}${name}`,
  };
}

export const ccFileIsolation: Rule = {
  meta: {
    id: 'isolation/cc-file',
    title: 'CC function in a common file',
    specSection: '3.2',
    defaultSeverity: 'warning',
    docs: {
      summary: 'CC code inside a shared module belongs in a file named `Xxx<Cc>.{c,nasm,nasm.inc}`.',
      what: 'In a module that does not exist for a CC technology, ccguard finds the functions, NASM routines and macros written for one technology (named for it, or whose whole body runs only in its mode) that live in a common file — isolation level D — and reports each one with the file named for the technology it should move to: one the module already has (PlatformPei/AmdSev.c), or a new `<AmdSev|IntelTdx|…>.<ext>` beside it.',
      why: 'Spec 3.2: "If we have to merge CC feature to a module, then the CC related code shall be isolated to a file. The file name could be Xxx<Cc>.{c,asm}". A reviewer of SEV or TDX changes then reads whole files, and `F:` patterns in Maintainers.txt can route them to CC reviewers; a CC function inside Platform.c reaches neither.',
      failing:
        '```c\n// OvmfPkg/Sec/SecMain.c\nVOID\nSevEsProtocolCheck (VOID)\n{\n  Msr.GhcbPhysicalAddress = AsmReadMsr64 (MSR_SEV_ES_GHCB);\n  …\n}\n```',
      passing:
        '```c\n// OvmfPkg/Sec/AmdSev.c — next to SecMain.c, listed in SecMain.inf [Sources]\nVOID\nSevEsProtocolCheck (VOID)\n{\n  …\n}\n```',
      fix: "Move the function (and its helpers and macros) to the file named in the finding, add that file to the INF `[Sources]` if it is new, and declare the function in the module's internal header so the common file can keep calling it.",
    },
  },
  check(context) {
    const { model } = context;
    for (const file of model.cc.files.values()) {
      if (file.nameTags.includes(NEUTRAL)) continue; // a `Cc…` file serves every technology
      const shared = sharedModulesOf(model, file.path);
      if (shared.length === 0) continue;
      const placed = levelDFunctions(model, file);
      if (placed.length === 0) continue;
      const fileUnits = unitsOf(model, file, placed);
      // A file that is all one technology's code is a CC file with the wrong name: naming/cc-file.
      const units = fileUnits.units.filter((u) => !fileUnits.whole(u.cc));
      for (const unit of units) {
        // A macro goes with the routines of its technology in the same file, when there are any.
        if (unit.kind === 'macro' && units.some((u) => u.kind === 'routine' && u.cc === unit.cc)) continue;
        context.report(finding(model, file, shared, unit, units));
      }
    }
  },
};

export default ccFileIsolation;

/**
 * The CC functions of a file as reviewers see them: a C function, or a NASM routine — which in
 * edk2 often spans several non-local labels — or a NASM macro; and whether they make up the whole
 * file (then the file itself is CC code, and only its name can be wrong).
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcFile, CcFunction, CcId } from '../../cc/model.js';
import type { ScannedSource } from '../../source/scan.js';
import { nasmRoutineHeads } from './inline-spots.js';
import { functionTech, isVendorTech, nameLine } from './shared-code.js';

export interface Placed {
  readonly fn: CcFunction;
  readonly cc: CcId;
}

/** A reportable piece of CC code: a C function, or a run of NASM labels that form one routine. */
export interface Unit {
  readonly cc: CcId;
  readonly kind: 'function' | 'routine' | 'macro';
  readonly name: string;
  readonly line: number;
  readonly endLine: number;
  readonly parts: readonly CcFunction[];
  /** Every label the unit spans (NASM), or the function name (C). */
  readonly labels: readonly string[];
}

/**
 * The functions, routines and macros of a file written for one vendor technology (role
 * `cc-function`), with that technology; those of a technology the file is named for are left out.
 */
export function levelDFunctions(model: AnalysisModel, file: CcFile): Placed[] {
  const out: Placed[] = [];
  for (const fn of file.functions) {
    if (fn.role !== 'cc-function') continue;
    const cc = functionTech(model, fn);
    if (cc === undefined || !isVendorTech(model, cc)) continue;
    if (file.nameTags.includes(cc)) continue;
    out.push({ fn, cc });
  }
  return out;
}

export function displayName(fn: CcFunction): string {
  return fn.name.replace(/^%macro\s+/, '');
}

/**
 * NASM code labels in line order (macro bodies and data-only labels left out: a GUIDed table
 * entry such as `sevEsResetBlockStart: DD … DB …` is data at a fixed place, not a routine).
 */
function codeLabels(src: ScannedSource): CodeLabel[] {
  const facts = src.nasm;
  if (!facts) return [];
  const inMacro = (line: number): boolean => facts.macros.some((m) => line >= m.line && line <= m.endLine);
  const code = new Set(facts.instructions.filter((i) => i.kind !== 'data').map((i) => i.line));
  const out: CodeLabel[] = [];
  for (const l of facts.labels) {
    if (l.local || inMacro(l.line)) continue;
    let hasCode = false;
    for (let n = l.line; n <= l.endLine && !hasCode; n++) hasCode = code.has(n);
    if (hasCode)
      out.push({ name: l.name, line: l.line, endLine: Math.max(l.line, l.endLine), global: l.global });
  }
  return out.sort((a, b) => a.line - b.line);
}

interface CodeLabel {
  readonly name: string;
  readonly line: number;
  readonly endLine: number;
  readonly global: boolean;
}

export interface FileUnits {
  readonly units: readonly Unit[];
  /** Whether every function or code label of the file belongs to a unit of this technology. */
  readonly whole: (cc: CcId) => boolean;
}

export function cUnits(model: AnalysisModel, file: CcFile, placed: readonly Placed[]): FileUnits {
  const units: Unit[] = placed.map(({ fn, cc }) => ({
    cc,
    kind: 'function',
    name: fn.name,
    line: nameLine(model, fn),
    endLine: fn.endLine,
    parts: [fn],
    labels: [fn.name],
  }));
  const all = model.sources.get(file.path)?.c?.functions ?? [];
  const whole = (cc: CcId): boolean =>
    all.length > 0 &&
    all.every((f) => units.some((u) => u.cc === cc && u.name === f.name && u.parts[0]?.line === f.startLine));
  return { units, whole };
}

interface Run {
  cc: CcId;
  parts: CcFunction[];
  labels: string[];
  line: number;
  endLine: number;
}

/**
 * In NASM a routine often carries several non-local labels: consecutive labels of one technology
 * (`CheckSevFeature`, `NoSev`, `SevExit`) make one routine, and so does a label without CC code
 * that only the routine jumps to (`AsmPvalidate` … `jne PvalidateExit`).
 */
export function nasmUnits(model: AnalysisModel, file: CcFile, placed: readonly Placed[]): FileUnits {
  const src = model.sources.get(file.path);
  const units: Unit[] = [];
  for (const { fn, cc } of placed) {
    if (!fn.name.startsWith('%macro')) continue;
    const name = displayName(fn);
    units.push({ cc, kind: 'macro', name, line: fn.line, endLine: fn.endLine, parts: [fn], labels: [name] });
  }
  // A CC-named label that continues a common routine is inline code of that routine, not a routine.
  const heads = nasmRoutineHeads(model, file.path);
  const continuesCommon = (name: string): boolean => {
    const head = heads.get(name)?.name;
    return head !== undefined && head !== name && !placed.some((p) => p.fn.name === head);
  };
  const byLine = new Map(
    placed
      .filter((p) => !p.fn.name.startsWith('%') && !continuesCommon(p.fn.name))
      .map((p) => [p.fn.line, p]),
  );
  const jumps = src?.nasm?.calls.filter((c) => c.kind === 'jcc' || c.kind === 'jmp') ?? [];
  const labels = src ? codeLabels(src) : [];
  let run: Run | undefined;
  const flush = (): void => {
    if (run) units.push({ ...run, kind: 'routine', name: run.parts[0]!.name });
    run = undefined;
  };
  for (const label of labels) {
    const p = byLine.get(label.line);
    if (p && p.fn.name === label.name) {
      if (run && run.cc !== p.cc) flush();
      run ??= { cc: p.cc, parts: [], labels: [], line: label.line, endLine: label.endLine };
      run.parts.push(p.fn);
      run.labels.push(label.name);
      run.endLine = label.endLine;
      continue;
    }
    const current: Run | undefined = run;
    if (
      current &&
      !label.global &&
      jumps.some((j) => j.target === label.name && j.line >= current.line && j.line <= current.endLine)
    ) {
      current.labels.push(label.name);
      current.endLine = label.endLine;
      continue;
    }
    flush();
  }
  flush();
  units.sort((a, b) => a.line - b.line);
  const whole = (cc: CcId): boolean =>
    labels.length > 0 &&
    labels.every((l) => units.some((u) => u.kind === 'routine' && u.cc === cc && u.labels.includes(l.name)));
  return { units, whole };
}

/** The units of a file, C or NASM. */
export function unitsOf(model: AnalysisModel, file: CcFile, placed: readonly Placed[]): FileUnits {
  return file.language === 'c' ? cUnits(model, file, placed) : nasmUnits(model, file, placed);
}

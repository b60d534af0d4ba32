/**
 * CC spots in the routines of one NASM file, after the spec's section 3.2.B:
 * - a routine (label) or macro named for a technology, or any code in a file named for one, is
 *   isolated;
 * - in a common routine, `OneTimeCall FooSev` (or `call`/`jmp` to a CC routine) is a hook
 *   (3.2.B.1), the same call followed by a conditional jump is a replacement dispatch (3.2.B.2),
 *   and a guest-type `cmp`/`test` followed by a conditional jump is a mode check;
 * - every other CC instruction in a common routine is inline CC logic.
 */
import type { NasmCall } from '../source/nasm.js';
import type { ScannedSource } from '../source/scan.js';
import { dedupeEvidence, touchpointEvidence } from './c-functions.js';
import type { CcFunction, CcId, CcSpot, Evidence, SpotStyle } from './model.js';
import { functionNameTechs } from './names.js';
import type { SignatureTable } from './signatures.js';
import { splitWords } from './technologies.js';
import type { CcTouchpoint } from './touchpoints.js';

export interface RoutineContext {
  readonly table: SignatureTable;
  readonly fileTechs: readonly CcId[];
  /** Technologies of a label defined elsewhere in the assembly unit (or the tree). */
  readonly labelTechs: (name: string) => readonly CcId[];
  /** For an included file: the routine of the includer its top-of-file code assembles into. */
  readonly includedInto?: string;
}

interface Routine {
  readonly name: string;
  readonly line: number;
  readonly endLine: number;
  readonly kind: 'label' | 'macro' | 'top';
}

const JUMP_WINDOW = 3;

export function classifyNasmRoutines(src: ScannedSource, ctx: RoutineContext): CcFunction[] {
  const facts = src.nasm;
  if (!facts) return [];
  const routines = routinesOf(src, ctx);
  const out: CcFunction[] = [];
  for (const r of routines) {
    const tps = src.touchpoints.filter(
      (tp) => tp.line >= r.line && tp.line <= r.endLine && !(tp.line === r.line && tp.text === r.name),
    );
    const named =
      r.kind === 'top' || namesTheOtherPath(r.name)
        ? []
        : functionNameTechs(r.name.replace(/^%macro /, ''), ctx.table, 'nasm');
    if (tps.length === 0 && named.length === 0) continue;
    const calls = facts.calls.filter((c) => c.line >= r.line && c.line <= r.endLine);
    out.push(classifyRoutine(src, r, tps, named, calls, ctx));
  }
  return out;
}

/**
 * Labels such as `NoSevEs`, `SevNotActive`, `SkipTdx` name the path taken when the mode is off:
 * their code is the common path, not the technology's.
 */
function namesTheOtherPath(name: string): boolean {
  return splitWords(name).some((w) => /^(No|Not|Non|Skip|Without)$/i.test(w));
}

function routinesOf(src: ScannedSource, ctx: RoutineContext): Routine[] {
  const facts = src.nasm!;
  const out: Routine[] = [];
  const labels = facts.labels.filter((l) => !l.local).sort((a, b) => a.line - b.line);
  const macroLines = new Set<number>();
  for (const m of facts.macros) {
    out.push({ name: `%macro ${m.name}`, line: m.line, endLine: m.endLine, kind: 'macro' });
    for (let l = m.line; l <= m.endLine; l++) macroLines.add(l);
  }
  const first = labels.find((l) => !macroLines.has(l.line))?.line ?? src.lineCount + 1;
  // Code before the first label: in an included file it assembles into the includer's routine.
  let topStart = 1;
  for (let l = 1; l < first; l++) {
    if (macroLines.has(l)) {
      if (l > topStart)
        out.push({ name: ctx.includedInto ?? '(file top)', line: topStart, endLine: l - 1, kind: 'top' });
      topStart = l + 1;
    }
  }
  if (first > topStart)
    out.push({ name: ctx.includedInto ?? '(file top)', line: topStart, endLine: first - 1, kind: 'top' });
  for (const l of labels) {
    if (macroLines.has(l.line)) continue;
    out.push({ name: l.name, line: l.line, endLine: Math.max(l.line, l.endLine), kind: 'label' });
  }
  return out;
}

function classifyRoutine(
  src: ScannedSource,
  r: Routine,
  tps: readonly CcTouchpoint[],
  named: readonly CcId[],
  calls: readonly NasmCall[],
  ctx: RoutineContext,
): CcFunction {
  const own = new Set<CcId>([...named, ...ctx.fileTechs]);
  const evidence: Evidence[] = [];
  for (const t of named)
    evidence.push({
      kind: 'name',
      detail: `${r.kind === 'macro' ? 'macro' : 'routine'} ${r.name} carries the ${t} tag`,
      path: src.path,
      line: r.line,
    });
  const isOwn = (tp: CcTouchpoint): boolean =>
    own.has(tp.technology) || own.has('cc') || (tp.technology === 'cc' && own.size > 0);
  for (const tp of tps.filter(isOwn).slice(0, 3)) evidence.push(touchpointEvidence(tp, ctx.table));
  const foreign = tps.filter((tp) => !isOwn(tp));

  const lines = src.codeLines ?? [];
  const codeLines = new Set(src.nasm!.instructions.map((i) => i.line));
  const ccCallLines = new Map<number, CcId>();
  const spots: CcSpot[] = [];
  for (const c of calls) {
    if (c.indirect || c.target === r.name) continue;
    if (c.kind !== 'OneTimeCall' && c.kind !== 'OneTimeCallRet' && c.kind !== 'call' && c.kind !== 'jmp')
      continue;
    const techs = [
      ...new Set([...functionNameTechs(c.target, ctx.table, 'nasm'), ...ctx.labelTechs(c.target)]),
    ];
    const foreignTechs = own.has('cc') ? [] : techs.filter((t) => !own.has(t));
    if (foreignTechs.length === 0) continue;
    const cc = foreignTechs.length === 1 ? foreignTechs[0]! : 'cc';
    ccCallLines.set(c.line, cc);
    // A conditional jump right after the call consumes its result: a replacement dispatch.
    const jcc = calls.find((j) => j.kind === 'jcc' && j.line > c.line && j.line <= c.line + JUMP_WINDOW);
    const style: SpotStyle = jcc ? 'dispatch' : 'hook-call';
    const ev: Evidence[] = [
      {
        kind: 'hook',
        detail: `${c.mnemonic} ${c.target} (${cc} routine)${jcc ? `, then ${jcc.mnemonic} ${jcc.target}` : ''}`,
        path: src.path,
        line: c.line,
      },
    ];
    spots.push({ cc, style, line: c.line, endLine: jcc ? jcc.line : c.line, evidence: ev });
  }
  const jumpLines = new Map<number, NasmCall>();
  for (const c of calls) if (c.kind === 'jcc' || c.kind === 'jmp') jumpLines.set(c.line, c);
  const labelLine = new Map<string, number>();
  for (const l of src.nasm!.labels) {
    if (l.line < r.line || l.line > r.endLine) continue;
    labelLine.set(l.name, l.line);
    if (l.parent) labelLine.set(`${l.parent}${l.name}`, l.line);
  }
  // `cmp byte [..SEV..], 0` / `je .NoSevEs`: the code the jump skips runs only in that mode — the
  // assembly form of `if (IsSev ()) { … }`. A forward jump to a local label or to a label that
  // names the other path (`NoSevEs`, `SevNotActive`) opens such a region. Like the C `if`, the
  // region spans its whole construct: from the compare to the label it skips to.
  const regions: { check: number; start: number; end: number; label: number; cc: CcId }[] = [];
  const accounted = new Set<CcTouchpoint>();
  for (const tp of foreign) {
    if (!codeLines.has(tp.line) || ccCallLines.has(tp.line)) continue;
    const text = (lines[tp.line - 1] ?? '').trim().toLowerCase();
    if (!/^(cmp|test)\b/.test(text)) continue;
    const jcc = calls.find((j) => j.kind === 'jcc' && j.line > tp.line && j.line <= tp.line + JUMP_WINDOW);
    if (!jcc) continue;
    if (accounted.has(tp)) continue;
    // The compare and its jump are one mode check; a vendor technology on the line decides
    // (`cmp byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_AMD_SEV` checks for SEV).
    const onCheck = foreign.filter((t) => t.line === tp.line || t.line === jcc.line);
    for (const t of onCheck) accounted.add(t);
    const cc = onCheck.find((t) => t.technology !== 'cc')?.technology ?? tp.technology;
    spots.push({
      cc,
      style: 'predicate',
      line: tp.line,
      endLine: jcc.line,
      evidence: [touchpointEvidence(tp, ctx.table)],
    });
    const target = labelLine.get(jcc.target);
    if (
      target !== undefined &&
      target > jcc.line &&
      (jcc.target.startsWith('.') || namesTheOtherPath(jcc.target))
    ) {
      regions.push({ check: tp.line, start: jcc.line + 1, end: target - 1, label: target, cc });
    }
  }
  for (const region of regions) {
    const inRegion = foreign.filter(
      (tp) => tp.line >= region.start && tp.line <= region.end && !accounted.has(tp),
    );
    for (const tp of inRegion) accounted.add(tp);
    const work = [...codeLines].filter(
      (l) => l >= region.start && l <= region.end && !ccCallLines.has(l) && !jumpLines.has(l),
    );
    // Only CC calls and jumps: a dispatch, already recorded per call, and the check stays a predicate.
    if (work.length === 0) continue;
    const evidence = inRegion.slice(0, 4).map((tp) => touchpointEvidence(tp, ctx.table));
    if (evidence.length === 0)
      evidence.push({
        kind: 'code',
        detail: `instructions run only in ${region.cc} mode`,
        path: src.path,
        line: region.start,
      });
    // Inline CC logic: the whole region, as EXPECTED.md counts it and the inline-cc-logic rule
    // reports it (`cmp` … `jne .NoSevCBit` … `.NoSevCBit:`). The predicate spot of the check stays,
    // as the C condition's does inside its inline `if`.
    spots.push({ cc: region.cc, style: 'inline', line: region.check, endLine: region.label, evidence });
  }
  for (const tp of foreign) {
    if (accounted.has(tp) || ccCallLines.has(tp.line)) continue;
    // `%define`, `%include`, `equ` and `%if` lines name CC things but execute nothing.
    if (!codeLines.has(tp.line)) continue;
    const jump = jumpLines.get(tp.line);
    // A jump into CC code is a dispatch.
    const style: SpotStyle = jump && jump.target.replace(/^\./, '') === tp.text ? 'dispatch' : 'inline';
    spots.push({
      cc: tp.technology,
      style,
      line: tp.line,
      endLine: tp.line,
      evidence: [touchpointEvidence(tp, ctx.table)],
    });
  }
  spots.sort((a, b) => a.line - b.line || a.endLine - b.endLine);
  const mixed = new Set<number>();
  for (const s of spots) if (s.style === 'inline') for (let l = s.line; l <= s.endLine; l++) mixed.add(l);
  for (const s of spots) if (s.style === 'inline') evidence.push(...s.evidence.slice(0, 1));
  const ccs = new Set<CcId>([...tps.map((t) => t.technology), ...named, ...spots.map((s) => s.cc)]);
  return {
    name: r.name,
    path: src.path,
    line: r.line,
    endLine: r.endLine,
    language: 'nasm',
    ccs: [...ccs].sort(),
    role: own.size > 0 ? 'cc-function' : 'common',
    namedForCc: named.length > 0,
    spots,
    mixedLines: mixed.size,
    touchpoints: tps.length,
    evidence: dedupeEvidence(evidence),
  };
}

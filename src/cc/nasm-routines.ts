/**
 * CC spots in the routines of one NASM file, after the spec's section 3.2.B:
 * - a routine (label) or macro named for a technology, or any code in a file named for one, is
 *   isolated;
 * - in a common routine, `OneTimeCall FooSev` (or `call`/`jmp` to a CC routine) is a hook
 *   (3.2.B.1), the same call followed by a conditional jump is a replacement dispatch (3.2.B.2),
 *   and a guest-type `cmp`/`test` followed by a conditional jump is a mode check;
 * - every other CC instruction in a common routine is inline CC logic.
 */
import { cmp } from '../diagnostics.js';
import type { NasmCall, NasmLabel } from '../source/nasm.js';
import type { ScannedSource } from '../source/scan.js';
import { dedupeEvidence, touchpointEvidence } from './c-functions.js';
import { mixedLineSet } from './mixed-lines.js';
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
  const file: FileView = { labels: labelIndex(src), covered: new Set() };
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
    out.push(classifyRoutine(src, r, tps, named, calls, ctx, file));
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
  const refs = new Map<string, number[]>();
  for (const c of facts.calls) {
    const list = refs.get(c.target);
    if (list) list.push(c.line);
    else refs.set(c.target, [c.line]);
  }
  for (const l of labels) {
    if (macroLines.has(l.line)) continue;
    const endLine = Math.max(l.line, l.endLine);
    const prev = out[out.length - 1];
    if (prev?.kind === 'label' && continuesRoutine(src, l, prev, endLine, refs.get(l.name), ctx)) {
      out[out.length - 1] = { ...prev, endLine };
      continue;
    }
    out.push({ name: l.name, line: l.line, endLine, kind: 'label' });
  }
  return out;
}

/**
 * Whether a label is a place inside the routine above rather than a routine of its own: the
 * retry loop `RdRand1:`, the skip target `EnablePaging:`, `NextReg:` in a #VC handler. Such a
 * label is jumped to only from the routine above and from its own code, and is not global.
 * A label that names the path without CC (`SevNotActive:`) continues a common routine only:
 * after a SEV routine it starts common code. A label that names a technology is a routine of
 * its own (`SevInit:` of the replacement pattern, isolated by its name), except where a common
 * routine reaches it only by skipping its own CC code: `CheckForSev:` after `cmp eax,
 * TDX_AP_5_LEVEL` / `jne CheckForSev` is where the common code goes on.
 */
function continuesRoutine(
  src: ScannedSource,
  label: NasmLabel,
  prev: Routine,
  endLine: number,
  refs: readonly number[] | undefined,
  ctx: RoutineContext,
): boolean {
  if (label.global || !refs || refs.length === 0) return false;
  if (refs.some((line) => line < prev.line || line > endLine)) return false;
  const otherPath = namesTheOtherPath(label.name);
  const named = !otherPath && functionNameTechs(label.name, ctx.table, 'nasm').length > 0;
  if (!named && !otherPath) return true;
  const prevNamed =
    !namesTheOtherPath(prev.name) && functionNameTechs(prev.name, ctx.table, 'nasm').length > 0;
  if (prevNamed) return false;
  if (otherPath) return true; // the path without CC after common code: the common code goes on
  const jumps = src.nasm!.calls.filter((c) => c.target === label.name && c.line < label.line);
  return (
    jumps.length > 0 &&
    jumps.length === refs.filter((l) => l < label.line).length &&
    jumps.every((j) => skipsCcCode(src, j))
  );
}

/** Whether a conditional jump ends a mode check and is taken when the mode is off. */
function skipsCcCode(src: ScannedSource, jcc: NasmCall): boolean {
  if (jcc.kind !== 'jcc') return false;
  const lines = src.codeLines ?? [];
  const mnemonic = jcc.mnemonic.toLowerCase();
  for (let l = jcc.line - 1; l >= Math.max(1, jcc.line - JUMP_WINDOW); l--) {
    if (!src.touchpoints.some((t) => t.line === l)) continue;
    const check = modeCheckOf(lines[l - 1] ?? '');
    if (check) return SKIPS_WHEN_OFF[check].has(mnemonic);
  }
  return false;
}

function classifyRoutine(
  src: ScannedSource,
  r: Routine,
  tps: readonly CcTouchpoint[],
  named: readonly CcId[],
  calls: readonly NasmCall[],
  ctx: RoutineContext,
  file: FileView,
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
  const regions: { check: number; start: number; end: number; label: number; cc: CcId }[] = [];
  const accounted = new Set<CcTouchpoint>();
  // Code of a region opened by an earlier routine of the file (`RdRand1:` inside a guarded block).
  for (const tp of foreign) if (file.covered.has(tp.line)) accounted.add(tp);
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
    // Unless the routine is a mode check (`OneTimeCall IsSevEsEnabled` / `test eax, eax` / `jz
    // SetCr3`) and the jump skips code when the mode is off: `if (IsSevEs ()) { … }` again.
    const predicate = jcc && foreign.find((t) => t.line === c.line && t.predicate);
    const flagTest =
      predicate &&
      [...codeLines].some((l) => l > c.line && l < jcc.line && modeCheckOf(lines[l - 1] ?? '') === 'flag');
    const label = flagTest ? guardedRegion(src, file, r, 'flag', c.line, jcc) : undefined;
    if (predicate && label !== undefined) {
      accounted.add(predicate);
      spots.push({
        cc,
        style: 'predicate',
        line: c.line,
        endLine: jcc.line,
        evidence: [touchpointEvidence(predicate, ctx.table)],
      });
      regions.push({ check: c.line, start: jcc.line + 1, end: label - 1, label, cc });
      continue;
    }
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
  // `cmp byte [..SEV..], 0` / `je .NoSevEs`: the code the jump skips runs only in that mode — the
  // assembly form of `if (IsSev ()) { … }`. Like the C `if`, the region spans its whole construct:
  // from the compare to the label it skips to (see guardedRegion).
  for (const tp of foreign) {
    if (accounted.has(tp) || !codeLines.has(tp.line) || ccCallLines.has(tp.line)) continue;
    const check = modeCheckAt(lines, codeLines, tp.line);
    if (!check) continue;
    const jcc = calls.find((j) => j.kind === 'jcc' && j.line > tp.line && j.line <= tp.line + JUMP_WINDOW);
    if (!jcc) continue;
    // The compare and its jump are one mode check; a vendor technology on the line decides
    // (`cmp byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_AMD_SEV` checks for SEV).
    const onCheck = foreign.filter((t) => t.line >= tp.line && t.line <= jcc.line);
    for (const t of onCheck) accounted.add(t);
    const cc = onCheck.find((t) => t.technology !== 'cc')?.technology ?? tp.technology;
    spots.push({
      cc,
      style: 'predicate',
      line: tp.line,
      endLine: jcc.line,
      evidence: [touchpointEvidence(tp, ctx.table)],
    });
    const label = guardedRegion(src, file, r, check, tp.line, jcc);
    if (label !== undefined) regions.push({ check: tp.line, start: jcc.line + 1, end: label - 1, label, cc });
  }
  for (const region of regions) {
    const inRegion = src.touchpoints.filter(
      (tp) => tp.line >= region.start && tp.line <= region.end && !accounted.has(tp) && !isOwn(tp),
    );
    for (const tp of inRegion) accounted.add(tp);
    const work = [...codeLines].filter(
      (l) => l >= region.start && l <= region.end && !ccCallLines.has(l) && !jumpLines.has(l),
    );
    // Only CC calls and jumps: a dispatch, already recorded per call, and the check stays a predicate.
    if (work.length === 0) continue;
    for (let l = region.check; l <= region.label; l++) file.covered.add(l);
    // First the guard, so that the spot says why its lines are CC code: they run only in the mode.
    const guard = (l: number) => (lines[l - 1] ?? '').trim().replace(/\s+/g, ' ');
    const evidence: Evidence[] = [
      {
        kind: 'code',
        detail: `lines ${region.start}–${region.label - 1} run only in ${region.cc} mode: \`${guard(region.check)}\` then \`${guard(region.start - 1)}\` jumps over them otherwise`,
        path: src.path,
        line: region.check,
      },
      ...inRegion.slice(0, 3).map((tp) => touchpointEvidence(tp, ctx.table)),
    ];
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
  spots.sort((a, b) => a.line - b.line || a.endLine - b.endLine || cmp(a.cc, b.cc) || cmp(a.style, b.style));
  // Several touchpoints on one line (`mov qword [rcx + …AmdSev], AsmRelocateApLoopAmdSevEnd -
  // AsmRelocateApLoopAmdSevStart`) are one spot with all their evidence.
  for (let i = spots.length - 1; i > 0; i--) {
    const a = spots[i - 1]!;
    const b = spots[i]!;
    if (a.line !== b.line || a.endLine !== b.endLine || a.cc !== b.cc || a.style !== b.style) continue;
    spots.splice(i - 1, 2, { ...a, evidence: dedupeEvidence([...a.evidence, ...b.evidence]) });
  }
  const mixed = mixedLineSet(
    spots.filter((s) => s.style === 'inline'),
    lines,
  );
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

/** File-wide facts the routines of one NASM file share while they are classified in order. */
interface FileView {
  /** Label name (a local one also as `Parent.local`) → its line and whether it is non-local. */
  readonly labels: ReadonlyMap<string, { readonly line: number; readonly local: boolean }>;
  /** Lines of guarded regions already recorded: their CC code is accounted for. */
  readonly covered: Set<number>;
}

function labelIndex(src: ScannedSource): FileView['labels'] {
  const out = new Map<string, { line: number; local: boolean }>();
  for (const l of src.nasm!.labels) {
    if (!out.has(l.name) || !l.local) out.set(l.name, { line: l.line, local: l.local });
    if (l.parent) out.set(`${l.parent}${l.name}`, { line: l.line, local: l.local });
  }
  return out;
}

/** A mode check instruction: what it tests, for the direction of the jump that follows. */
type ModeCheck =
  /** `test`, or `cmp x, 0`: a flag, set when the mode is on. */
  | 'flag'
  /** `bt`: a bit, set when the mode is on (carry). */
  | 'bit'
  /** `cmp x, CONSTANT`: equal when the mode is on; below it when a CPUID leaf is missing. */
  | 'value';

const X86_REGISTER =
  /^(?:[re]?[abcd]x|[abcd][lh]|[re]?(?:si|di|bp|sp)|[sd]il|[bs]pl|r(?:[89]|1[0-5])[dwb]?|[c-gs]s|cr\d|dr\d|[xyz]mm\d+)$/;

/**
 * The mode check a compare line makes, or undefined. `cmp dword [SEV_ES_WORK_AREA_RDRAND], ecx`
 * compares two values at run time: CC work (the SEV-ES encryption-bit check), not a test of the
 * mode.
 */
function modeCheckOf(line: string): ModeCheck | undefined {
  const m = /^\s*(cmp|test|bt)\s+(.*)$/i.exec(line);
  if (!m) return undefined;
  const mnemonic = m[1]!.toLowerCase();
  if (mnemonic === 'test') return 'flag';
  if (mnemonic === 'bt') return 'bit';
  const comma = m[2]!.lastIndexOf(',');
  const second = (comma < 0 ? '' : m[2]!.slice(comma + 1)).trim().toLowerCase();
  if (second === '' || second.includes('[') || X86_REGISTER.test(second)) return undefined;
  return /^(?:0+|0x0+|0+h)$/.test(second) ? 'flag' : 'value';
}

/**
 * The mode check a CC touchpoint's line makes: the line itself, or the compare right after a line
 * that loads its operand (`lea edi, [esi + …(SevEsIsEnabled)]` / `cmp byte [edi], 1`).
 */
function modeCheckAt(
  lines: readonly string[],
  codeLines: ReadonlySet<number>,
  line: number,
): ModeCheck | undefined {
  const own = modeCheckOf(lines[line - 1] ?? '');
  if (own || !/^\s*(lea|mov)\b/i.test(lines[line - 1] ?? '')) return own;
  for (let l = line + 1; l <= line + 2; l++) if (codeLines.has(l)) return modeCheckOf(lines[l - 1] ?? '');
  return undefined;
}

/** Conditional jumps taken when the mode is off, per kind of check. */
const SKIPS_WHEN_OFF: Record<ModeCheck, ReadonlySet<string>> = {
  flag: new Set(['jz', 'je']),
  bit: new Set(['jnc', 'jae', 'jnb']),
  value: new Set(['jne', 'jnz', 'jl', 'jb', 'jc', 'jnae', 'jnge']),
};
const SKIPS_WHEN_ON: Record<ModeCheck, ReadonlySet<string>> = {
  flag: new Set(['jnz', 'jne']),
  bit: new Set(['jc', 'jb', 'jnae']),
  value: new Set(['je', 'jz']),
};

/**
 * The line of the label a mode check's jump skips to when the code it skips runs only in that
 * mode; undefined when it does not open such a region.
 * - The jump must be taken when the mode is off: `bt` / `jnc`, `cmp x, 0` / `je`, `cmp x, CONST` /
 *   `jne`. A label that names the other path (`NoSevEs`, `SevNotActive`) says so too, and a local
 *   label says it where the direction cannot be read.
 * - The label lies ahead in the same file. Labels between it and the jump (`RdRand1:` of a retry
 *   loop) must be reached only from inside the region and not be global: otherwise other paths
 *   enter the region (`SevInit:` of the replacement pattern is reached from the dispatch).
 */
function guardedRegion(
  src: ScannedSource,
  file: FileView,
  r: Routine,
  check: ModeCheck,
  checkLine: number,
  jcc: NasmCall,
): number | undefined {
  const target = file.labels.get(jcc.target);
  if (!target || target.line <= jcc.line) return undefined;
  const mnemonic = jcc.mnemonic.toLowerCase();
  const local = jcc.target.startsWith('.');
  const off =
    namesTheOtherPath(jcc.target) ||
    SKIPS_WHEN_OFF[check].has(mnemonic) ||
    (local && !SKIPS_WHEN_ON[check].has(mnemonic));
  if (!off) return undefined;
  if (target.line <= r.endLine + 1) return target.line;
  const facts = src.nasm!;
  // Where other code enters before the label, the region may still end at a jump to that label
  // (`jne CProcedureInvoke` … `wrmsr` / `jmp CProcedureInvoke`, then `GetApicId:`): the
  // assembly form of `if (…) { …; goto Done; }`.
  const jumpBack = (before: number): number | undefined =>
    facts.calls.find(
      (c) => c.kind === 'jmp' && c.target === jcc.target && c.line > jcc.line && c.line < before,
    )?.line;
  for (const l of [...facts.labels].sort((a, b) => a.line - b.line)) {
    if (l.local || l.line <= jcc.line || l.line >= target.line) continue;
    const refs = facts.calls.filter((c) => c.target === l.name);
    if (l.global || refs.length === 0 || refs.some((c) => c.line < checkLine || c.line > target.line))
      return jumpBack(l.line);
  }
  return target.line;
}

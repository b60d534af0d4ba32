/**
 * Which inline spots of the CC model are CC logic a reviewer should move, and which NASM labels
 * make one routine. The model marks every CC statement outside a hook or dispatch as inline; some
 * of those are not logic:
 * - a `case VC_EXCEPTION:` label selects a branch (its body, a CcExitLib call, is the hook), and
 *   an `ASSERT (!MemEncryptSevIsEnabled ())` only reports;
 * - a statement that only stores a mode check (`Hob->SevEsIsEnabled = MemEncryptSevEsIsEnabled ();`)
 *   is the spec's IsSev (), cached;
 * - the condition of an `if` alone (`if (CpuMpData->UseSevEsAPMethod) {`, a mode flag the
 *   signature table does not know as a mode check) is a mode check: the branch has spots of its own;
 * - a spot made only of weak signatures (the generic `PcdPteMemoryEncryptionAddressOrMask` and
 *   its `AddressEncMask` copies in generic paging code) is evidence, not proof.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcFunction, CcSpot } from '../../cc/model.js';
import type { CcTouchpoint } from '../../cc/touchpoints.js';
import { isVendorTech } from './shared-code.js';

export interface SpotFilter {
  /** Judge vendor-neutral spots too. */
  readonly neutral: boolean;
  /** Keep spots whose touchpoints are all weak signatures. */
  readonly weak: boolean;
}

function touchpointsOf(model: AnalysisModel, fn: CcFunction, s: CcSpot): CcTouchpoint[] {
  return (model.sources.get(fn.path)?.touchpoints ?? []).filter(
    (t) => t.line >= s.line && t.line <= s.endLine && (t.technology === s.cc || s.cc === 'cc'),
  );
}

const LOOP_BRANCH = /^(loop|loope|loopz|loopne|loopnz|jcxz|jecxz|jrcxz)$/;

const CASE_LABEL = /^\s*(case\b[^:]*|default)\s*:\s*$/;
/** DEBUG/ASSERT report or stop; they are not behaviour (`ASSERT (!MemEncryptSevIsEnabled ());`). */
const DIAGNOSTIC = /^\s*(DEBUG|ASSERT|ASSERT_EFI_ERROR|ASSERT_RETURN_ERROR|DEBUG_CODE\w*)\b/;

const CONDITION_START = /^\s*(\}\s*)?(else\s+)?(if|while)\s*\(/;

/**
 * Whether line `n` only holds (part of) the condition of an `if`/`while`: `if (Mp->UseSevEsAPMethod) {`.
 * A condition is a mode check; the logic, if any, is in the branch, which has spots of its own.
 */
function onlyCondition(lines: readonly string[], n: number): boolean {
  for (let l = n; l >= Math.max(1, n - 4); l--) {
    const text = lines[l - 1] ?? '';
    if (l < n && /[;{}]\s*$/.test(text)) return false;
    if (CONDITION_START.test(text)) return !/;/.test(lines[n - 1] ?? '');
  }
  return false;
}

/** Whether line `n` (1-based) belongs to a DEBUG/ASSERT statement (its own line or a continuation). */
function insideDiagnostic(lines: readonly string[], n: number): boolean {
  for (let l = n; l >= Math.max(1, n - 12); l--) {
    const text = lines[l - 1] ?? '';
    if (DIAGNOSTIC.test(text)) return true;
    if (l < n && /;\s*$/.test(text)) return false;
  }
  return false;
}

/** The inline spots of `fn` that are CC logic. */
export function logicSpots(model: AnalysisModel, fn: CcFunction, filter: SpotFilter): CcSpot[] {
  const lines = model.sources.get(fn.path)?.codeLines ?? [];
  const dataLines = new Set(
    (model.sources.get(fn.path)?.nasm?.instructions ?? [])
      .filter((i) => i.kind === 'data')
      .map((i) => i.line),
  );
  return fn.spots.filter((s) => {
    if (s.style !== 'inline' || (!filter.neutral && !isVendorTech(model, s.cc))) return false;
    const code: number[] = [];
    for (let n = s.line; n <= s.endLine; n++) if ((lines[n - 1] ?? '').trim() !== '') code.push(n);
    const selectorOrReport = (n: number): boolean =>
      CASE_LABEL.test(lines[n - 1] ?? '') || insideDiagnostic(lines, n);
    if (code.length > 0 && code.every(selectorOrReport)) return false;
    // NASM data (`DW SevEsIdtVmmComm` in an IDT, a GUIDed block) is not logic.
    if (fn.language === 'nasm' && code.length > 0 && code.every((n) => dataLines.has(n))) return false;
    const tps = touchpointsOf(model, fn, s);
    if (tps.length === 0) return true;
    if (!filter.weak && tps.every((t) => t.weak)) return false;
    if (s.line === s.endLine && fn.language === 'c' && onlyCondition(lines, s.line)) return false;
    if (
      s.line === s.endLine &&
      fn.language === 'c' &&
      tps.every((t) => t.predicate) &&
      /=/.test(lines[s.line - 1] ?? '')
    )
      return false;
    return true;
  });
}

/**
 * For each non-local label of a NASM file, the label of the routine it belongs to. A label that is
 * neither `global` nor the target of a `call`/`OneTimeCall`, and that the routine above jumps to
 * (`RdRand1:` … `jnc RdRand1`, `jne NoSev` … `NoSev:`), continues that routine.
 */
export function nasmRoutineHeads(
  model: AnalysisModel,
  path: string,
): Map<string, { name: string; line: number }> {
  const facts = model.sources.get(path)?.nasm;
  const out = new Map<string, { name: string; line: number }>();
  if (!facts) return out;
  const called = new Set(
    facts.calls.filter((c) => c.kind !== 'jcc' && c.kind !== 'jmp').map((c) => c.target),
  );
  // `loop`/`jecxz` branch too, though the NASM facts do not list them among the jumps.
  const jumps = [
    ...facts.calls
      .filter((c) => c.kind === 'jcc' || c.kind === 'jmp')
      .map((c) => ({ target: c.target, line: c.line })),
    ...facts.instructions
      .filter((i) => LOOP_BRANCH.test(i.mnemonic))
      .map((i) => ({ target: i.operands.trim(), line: i.line })),
  ];
  const globals = new Set(facts.globals);
  let head: { name: string; line: number } | undefined;
  for (const l of [...facts.labels].filter((x) => !x.local).sort((a, b) => a.line - b.line)) {
    const current = head;
    const continues =
      current !== undefined &&
      !l.global &&
      !globals.has(l.name) &&
      !called.has(l.name) &&
      jumps.some((j) => j.target === l.name && j.line >= current.line && j.line <= l.endLine);
    if (!continues) head = { name: l.name, line: l.line };
    out.set(l.name, head!);
  }
  return out;
}

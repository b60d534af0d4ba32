/**
 * CC spots in the functions of one C file, classified after the spec's section 3.2.A:
 * - a function written for one technology (named for it, or whose whole body runs only in that
 *   mode) is isolated at function level;
 * - inside a common function, an unconditional call to a CC function is a hook (3.2.A.1), a
 *   mode-guarded branch that only calls CC functions is a replacement dispatch (3.2.A.2), and the
 *   mode checks of those are predicates — all of which keep the function common;
 * - any other CC code in a common function is inline CC logic, and its lines are "mixed".
 */
import type { CBranch, CConditional, CFunction } from '../source/c.js';
import type { ScannedSource } from '../source/scan.js';
import { splitTopLevel, unwrapParens } from './condition-text.js';
import { mixedLineSet } from './mixed-lines.js';
import type { CcFunction, CcId, CcSpot, Evidence, SpotStyle } from './model.js';
import { functionNameTechs } from './names.js';
import type { SignatureTable } from './signatures.js';
import { type ClassifiedStatement, classifyStatement, statementsIn } from './statements.js';
import type { CcTouchpoint } from './touchpoints.js';

/** The vendor-neutral technology: its predicates guard code of whichever CC runs. */
export const NEUTRAL_CC = 'cc';

export interface FunctionContext {
  readonly table: SignatureTable;
  /** Technologies the file is dedicated to (its name): its functions are isolated at file level. */
  readonly fileTechs: readonly CcId[];
  /** Technologies a called function belongs to beyond its name (defined in a CC file, …). */
  readonly calleeTechs: (name: string) => readonly CcId[];
  /**
   * Whether a called function checks the mode itself (its definitions start with a mode check
   * that returns early, or it is a mode-safe API): calling it unconditionally is a hook.
   */
  readonly checksModeItself: (name: string) => boolean;
  /**
   * Whether a called function answers a mode question (`CanUseSevSnpCreateAP`: BOOLEAN, returns
   * at once when the mode is off): testing it is a mode check, like `IsSev ()`.
   */
  readonly isModePredicate?: (name: string) => boolean;
}

interface Region {
  readonly start: number;
  readonly end: number;
  readonly techs: ReadonlySet<CcId>;
  /** Lines of the condition that established it. */
  readonly condStart: number;
  readonly condEnd: number;
  readonly rest: boolean;
}

export function touchpointEvidence(tp: CcTouchpoint, table: SignatureTable): Evidence {
  const sig = table.signatureById.get(tp.signatureId);
  const role = sig?.role ?? tp.kind;
  return {
    kind: 'code',
    detail: `${tp.text}: ${role}${tp.predicate ? ' (mode check)' : ''}${tp.weak ? ' (weak)' : ''}`,
    path: tp.path,
    line: tp.line,
    signature: tp.signatureId,
  };
}

/** Classify every function of a scanned C file that holds CC code or carries a CC name. */
export function classifyCFunctions(src: ScannedSource, ctx: FunctionContext): CcFunction[] {
  const facts = src.c;
  if (!facts) return [];
  const lines = src.codeLines ?? [];
  const out: CcFunction[] = [];
  const tps = [...src.touchpoints];
  let cursor = 0;
  for (const fn of [...facts.functions].sort((a, b) => a.startLine - b.startLine)) {
    while (cursor < tps.length && tps[cursor]!.line < fn.startLine) cursor++;
    const own: CcTouchpoint[] = [];
    for (let i = cursor; i < tps.length && tps[i]!.line <= fn.endLine; i++) {
      const tp = tps[i]!;
      // The function's own name in its header is not CC code.
      if (tp.text === fn.name && tp.line < fn.bodyStartLine) continue;
      own.push(tp);
    }
    const named = functionNameTechs(fn.name, ctx.table);
    if (own.length === 0 && named.length === 0) continue;
    out.push(classifyFunction(src, fn, own, named, lines, ctx));
  }
  return out;
}

function classifyFunction(
  src: ScannedSource,
  fn: CFunction,
  tps: readonly CcTouchpoint[],
  named: readonly CcId[],
  lines: readonly string[],
  ctx: FunctionContext,
): CcFunction {
  // Calls by `line\0callee`: which touchpoints are calls.
  const calls = new Map<string, string>();
  for (const c of fn.calls) calls.set(`${c.line}\0${c.callee}`, c.callee);
  tps = tps.map((tp) =>
    !tp.predicate && calls.has(`${tp.line}\0${tp.text}`) && ctx.isModePredicate?.(tp.text)
      ? { ...tp, predicate: true }
      : tp,
  );
  const regions = guardRegions(fn, tps);
  const wholeBody = wholeBodyGuard(fn, regions, tps);
  const build = buildSwitchOver(src, fn);
  // The technologies this function exists for: its name, its file, a guard over its whole body,
  // or a build switch it is compiled under.
  const own = new Set<CcId>([...named, ...ctx.fileTechs, ...(wholeBody ?? []), ...(build?.techs ?? [])]);
  const techsInCode = new Set(tps.map((t) => t.technology));
  const spots: CcSpot[] = [];
  const evidence: Evidence[] = [];
  for (const t of named)
    evidence.push({
      kind: 'name',
      detail: `function name ${fn.name} carries the ${t} tag`,
      path: src.path,
      line: fn.startLine,
    });
  if (build) {
    evidence.push({
      kind: 'code',
      detail: `compiled only when ${build.condition} (line ${build.line}): it exists for ${build.techs.join('/')}`,
      path: src.path,
      line: build.line,
    });
  }
  if (wholeBody) {
    evidence.push({
      kind: 'code',
      detail: `the whole body runs only in ${[...wholeBody].join('/')} mode (mode check at the top)`,
      path: src.path,
      line: regions.find((r) => r.rest || r.start <= fn.bodyStartLine + 1)?.condStart ?? fn.bodyStartLine,
    });
  }

  // Touchpoints belonging to a technology this function exists for need no classification:
  // they are isolated at function level (or better).
  // A name or file for CC in general (`Cc…`) serves every technology: all its CC code is its own.
  const isOwn = (tp: CcTouchpoint): boolean =>
    own.has(tp.technology) || own.has(NEUTRAL_CC) || (tp.technology === NEUTRAL_CC && own.size > 0);
  const foreign = tps.filter((tp) => !isOwn(tp));
  const ownTps = tps.filter(isOwn);
  for (const tp of ownTps.slice(0, 3)) evidence.push(touchpointEvidence(tp, ctx.table));

  const accounted = new Set<CcTouchpoint>();
  // 1. Mode checks in conditions, and build-time switches (`#if defined (TDX_GUEST_SUPPORTED)`).
  for (const tp of foreign) {
    if (/^\s*#/.test(lines[tp.line - 1] ?? '')) {
      accounted.add(tp);
      spots.push(spot(tp.technology, 'predicate', tp.line, tp.line, [tp], ctx.table));
      continue;
    }
    if (tp.predicate && regions.some((r) => tp.line >= r.condStart && tp.line <= r.condEnd)) {
      accounted.add(tp);
      spots.push(spot(tp.technology, 'predicate', tp.line, tp.line, [tp], ctx.table));
    }
  }
  // 2. Guarded regions: a dispatch if every statement is a CC call, inline logic otherwise.
  const regionTechsSeen = new Set<Region>();
  for (const r of regions) {
    if (
      regions.some(
        (o) => o !== r && o.start <= r.start && o.end >= r.end && (o.start !== r.start || o.end !== r.end),
      )
    ) {
      continue; // nested: judged as part of its outer region
    }
    if (own.has(NEUTRAL_CC) || [...r.techs].every((t) => own.has(t))) continue;
    regionTechsSeen.add(r);
    const inRegion = foreign.filter((tp) => tp.line >= r.start && tp.line <= r.end && !accounted.has(tp));
    const statements = statementsIn(lines, r.start, r.end).map(classifyStatement);
    const impure = statements.filter((s) => {
      if (s.kind === 'structure' || s.kind === 'diagnostic' || s.kind === 'return') return false;
      if (s.kind === 'record') return !recordsModeOrSuccess(s, inRegion);
      if (s.kind === 'call') return !isCcCallee(s.callee!, r.techs, ctx);
      return true;
    });
    const tech = pickTech(r.techs);
    if (impure.length === 0 && !statements.some((s) => s.kind === 'call')) {
      // `if (IsTdx ()) { return; }`: the mode only skips common code — an empty replacement.
      for (const tp of inRegion) accounted.add(tp);
      spots.push(spot(tech, 'predicate', r.start, r.end, inRegion, ctx.table));
    } else if (impure.length === 0) {
      for (const tp of inRegion) accounted.add(tp);
      spots.push(spot(tech, 'dispatch', r.start, r.end, inRegion, ctx.table));
    } else if (statements.length > 0) {
      for (const tp of inRegion) accounted.add(tp);
      const ev =
        inRegion.length > 0 ? inRegion : tps.filter((tp) => tp.line >= r.condStart && tp.line <= r.condEnd);
      spots.push(spot(tech, 'inline', r.start, r.end, ev, ctx.table, impure[0]?.text));
    }
  }
  // 3. Everything else: hook calls, stored mode checks, or inline code.
  let diagnostics: readonly ClassifiedStatement[] | undefined;
  const inDiagnostic = (line: number): boolean => {
    diagnostics ??= statementsIn(lines, fn.bodyStartLine, fn.endLine)
      .map(classifyStatement)
      .filter((s) => s.kind === 'diagnostic');
    return diagnostics.some((s) => line >= s.line && line <= s.endLine);
  };
  for (const tp of foreign) {
    if (accounted.has(tp)) continue;
    // `DEBUG ((…, mUseSvsmProtocol ? "SVSM" : "HW"))`, `ASSERT (!MemEncryptSevIsEnabled ())`:
    // diagnostics report or assert the mode, they do no CC work (and release builds drop them).
    if (inDiagnostic(tp.line)) {
      if (tp.predicate) spots.push(spot(tp.technology, 'predicate', tp.line, tp.line, [tp], ctx.table));
      continue;
    }
    // `GHCB *Ghcb;`, `VOID *GhcbBase;`: a local declared without a value does nothing; its uses are
    // the CC code.
    if (LOCAL_DECLARATION.test(lines[tp.line - 1] ?? '')) continue;
    // A parameter (`IN GHCB *Ghcb`, `IN UINT64 CcaProtectionAttribute`) is declared without a
    // value in the function's header: its uses in the body are the CC code.
    if (tp.line < fn.bodyStartLine) continue;
    // A weak signature is evidence next to strong code of its technology, never CC logic alone:
    // without such code in the same function it is the function's use of a shared name
    // (`PcdOvmfSecGhcbBase` as the TD_HOB in `PlatformScanE820Tdx`; `PcdCfvRawDataSize` as the
    // variable store's size in PlatformInitEmuVariableNvStore; `AddressEncMask` in DxeIpl's
    // SetPageTablePoolReadOnly).
    if (tp.weak && !tps.some((o) => !o.weak && o.technology === tp.technology)) continue;
    const isCall = calls.has(`${tp.line}\0${tp.text}`);
    let style: SpotStyle = 'inline';
    if (isCall && tp.predicate && storesCallResult(lines[tp.line - 1] ?? '', tp.text)) {
      // `Enabled = MemEncryptSevIsEnabled ();` records the mode: a mode check, not CC logic.
      style = 'predicate';
    } else if (isCall && ctx.checksModeItself(tp.text)) {
      // Spec 3.2.A.1: the hook is called unconditionally and checks the mode itself.
      style = 'hook-call';
    } else if (!isCall && tp.predicate && storesModeIn(lines[tp.line - 1] ?? '', tp, tps, calls)) {
      // `PlatformInfoHob->SevEsIsEnabled = MemEncryptSevEsIsEnabled ();`: the field that receives
      // the mode, and the mode value a stored call tests, are part of the same mode check.
      style = 'predicate';
    } else if (tp.predicate && copiesMode(lines[tp.line - 1] ?? '', tp, tps)) {
      // `ExchangeInfo->SevEsIsEnabled = CpuMpData->SevEsIsEnabled;`,
      // `UseSevEsAPMethod = SevEsIsEnabled && !SevSnpIsEnabled;`: the mode, kept elsewhere.
      style = 'predicate';
    }
    spots.push(spot(tp.technology, style, tp.line, tp.line, [tp], ctx.table));
  }
  // A BOOLEAN function whose every CC touchpoint in its body is a mode check computes a mode
  // (MpLib.c's `AmdMemEncryptionAttrCheck`: a switch over `CCAttrAmdSev…` returning
  // comparisons): it is the spec's `IsSev ()`, its body the check itself, not CC logic.
  const computesMode = isModeCheckHelper(fn, tps);
  const merged = mergeSpots(
    computesMode ? spots.map((sp) => (sp.style === 'inline' ? { ...sp, style: 'predicate' } : sp)) : spots,
  );
  const mixed = mixedLineSet(
    merged.filter((s) => s.style === 'inline'),
    lines,
  );
  for (const s of merged) if (s.style === 'inline') evidence.push(...s.evidence.slice(0, 2));
  const ccs = new Set<CcId>([...techsInCode, ...named, ...(wholeBody ?? [])]);
  return {
    name: fn.name,
    path: src.path,
    line: fn.startLine,
    endLine: fn.endLine,
    language: 'c',
    ccs: [...ccs].sort(),
    role: own.size > 0 ? 'cc-function' : 'common',
    namedForCc: named.length > 0,
    spots: merged,
    mixedLines: mixed.size,
    touchpoints: tps.length,
    evidence: dedupeEvidence(evidence),
  };
}

/**
 * `mUseSvsmProtocol = TRUE;` under `if (VirtMmSvsmProbe ())` records the mode in its flag (a
 * mode-check signature), and `Status = EFI_SUCCESS;` the outcome a `return` would give: neither
 * is CC work. `PlatformInfoHob->PcdSetNxForStack = TRUE;` under `if (TdIsEnabled ())` is: a
 * policy that only TDX guests get.
 */
function recordsModeOrSuccess(s: ClassifiedStatement, inRegion: readonly CcTouchpoint[]): boolean {
  if (s.value === 'EFI_SUCCESS' || s.value === 'RETURN_SUCCESS') return true;
  const target = s.target ?? '';
  const name = target.slice(Math.max(target.lastIndexOf('.'), target.lastIndexOf('>')) + 1);
  return inRegion.some((tp) => tp.predicate && tp.line >= s.line && tp.line <= s.endLine && tp.text === name);
}

/**
 * The CC build switch a function is compiled under: the first branch of an `#ifdef X` or
 * `#if defined (X)` around the whole function, where X is a build-macro signature
 * (`TDX_PEI_LESS_BOOT`: QemuFwCfgSec.c's work-area helpers exist only in IntelTdxX64's build).
 */
function buildSwitchOver(
  src: ScannedSource,
  fn: CFunction,
): { techs: CcId[]; condition: string; line: number } | undefined {
  for (const c of src.c?.preprocessorConditionals ?? []) {
    if (c.kind === 'ifndef') continue;
    const firstBranchEnd = (c.branches[0]?.line ?? c.endLine) - 1;
    if (c.line >= fn.startLine || firstBranchEnd < fn.endLine) continue;
    const name =
      c.kind === 'ifdef' ? c.condition.trim() : /^defined\s*\(?\s*(\w+)\s*\)?$/.exec(c.condition.trim())?.[1];
    if (!name) continue;
    const techs = [
      ...new Set(
        src.touchpoints
          .filter((tp) => tp.line === c.line && tp.text === name && tp.kind === 'build-macro' && !tp.weak)
          .map((tp) => tp.technology),
      ),
    ];
    if (techs.length > 0) return { techs, condition: `${name} is defined`, line: c.line };
  }
  return undefined;
}

/** `X = Call (…);` or `X->Field = Call (…);`: the line only stores the call's result. */
/** `TYPE Name;`, `TYPE *Name;`, `TYPE Name[N];` (qualifiers allowed): no value, no call. */
const LOCAL_DECLARATION =
  /^\s*(?:(?:STATIC|CONST|volatile|IN|OUT|OPTIONAL)\s+)*(?!(?:return|goto|case|else|do|sizeof)\b)[A-Za-z_]\w*(?:\s+|\s*\*+\s*)(?:CONST\s+)?\**\s*[A-Za-z_]\w*\s*(?:\[[^\]=;]*\])?\s*;\s*$/;

/**
 * Whether `tp`, a mode check that is no call, is part of a line that stores the result of a
 * mode-check call: what receives it (`PlatformInfoHob->SevEsIsEnabled = …`) or the mode value the
 * call tests (`… = ConfidentialComputingGuestHas (CCAttrAmdSevEs);`).
 */
function storesModeIn(
  line: string,
  tp: CcTouchpoint,
  tps: readonly CcTouchpoint[],
  calls: ReadonlyMap<string, string>,
): boolean {
  const eq = line.indexOf('=');
  if (eq < 0 || line[eq + 1] === '=') return false;
  return tps.some(
    (o) =>
      o !== tp &&
      o.line === tp.line &&
      o.predicate &&
      calls.has(`${o.line}\0${o.text}`) &&
      storesCallResult(line, o.text),
  );
}

/**
 * A one-line assignment whose every CC touchpoint is a mode check: it copies, combines or reads
 * the mode (`SevEsIsEnabled = PcdGetBool (PcdSevEsIsEnabled);`).
 */
function copiesMode(line: string, tp: CcTouchpoint, tps: readonly CcTouchpoint[]): boolean {
  if (!MODE_COPY.test(line)) return false;
  return tps.every((o) => o.line !== tp.line || o.predicate);
}

/** `Target = …;` on one line (field and array targets; not a comparison). */
const MODE_COPY = /^\s*[\w.\->[\]]+\s*=(?!=)[^;]*;\s*$/;

function storesCallResult(line: string, callee: string): boolean {
  const re = new RegExp(`^\\s*[\\w.\\->\\[\\]]+\\s*=\\s*(?:\\(\\s*\\w+\\s*\\)\\s*)?${callee}\\s*\\(`);
  return re.test(line);
}

/**
 * Functions of a scanned C file that check the mode themselves: the first statement that does
 * anything is `if (!IsSev ()) { return …; }` (the callee side of the spec's hook pattern).
 */
export function selfCheckingFunctions(
  src: ScannedSource,
  options: { readonly earlyExitOnly?: boolean } = {},
): string[] {
  const out: string[] = [];
  for (const fn of src.c?.functions ?? []) {
    if (options.earlyExitOnly !== true && callsCcOnlyUnderTernary(src, fn)) {
      out.push(fn.name);
      continue;
    }
    const topLevel = [...fn.conditionals].filter((c) => !c.parent).sort((a, b) => a.line - b.line);
    const first = topLevel[0];
    if (first?.kind !== 'if') continue;
    const b0 = first.branches[0];
    if (!b0) continue;
    const before = fn.calls.filter((c) => c.line < first.line && !/^(DEBUG|ASSERT)/.test(c.callee));
    if (before.length > 0) continue;
    const preds = src.touchpoints.filter(
      (tp) =>
        tp.predicate &&
        tp.line >= first.line &&
        tp.line <= b0.startLine &&
        b0.conditionIdentifiers.includes(tp.text),
    );
    if (preds.length === 0) continue;
    const negated = isNegatedCheck(
      b0.condition,
      leftmost(
        b0.condition,
        preds.map((p) => p.text),
      ),
    );
    // `if (!IsSev ()) { return; }` first, or the whole body under `if (IsSevSnp ()) { … }` with
    // nothing called after it (PlatformPei's SevInitializeRam): either way the function does
    // nothing outside its mode.
    if (
      !decidesTheMode(
        b0.condition,
        preds.map((p) => p.text),
        negated,
      )
    )
      continue;
    const earlyExit = b0.earlyExit && negated;
    const wholeBody =
      options.earlyExitOnly !== true &&
      !negated &&
      first.branches.length === 1 &&
      topLevel.length === 1 &&
      !fn.calls.some((c) => c.line > first.endLine);
    if (earlyExit || wholeBody) out.push(fn.name);
  }
  return out;
}

/**
 * Whether every CC function a function calls is the first arm of a `?:` on a mode check
 * (MpInitLib's AllocateSevEsAPMemory: `Buffer = CpuMpData->SevEsIsEnabled ? GetSevEsAPMemory () :
 * 0;`): the CC work happens only in the mode, so calling the function is a hook.
 */
function callsCcOnlyUnderTernary(src: ScannedSource, fn: CFunction): boolean {
  const lines = src.codeLines ?? [];
  const body = src.touchpoints.filter((t) => t.line >= fn.bodyStartLine && t.line <= fn.endLine);
  const ccCalls = fn.calls.filter((c) =>
    body.some((t) => !t.predicate && t.line === c.line && t.text === c.callee),
  );
  if (ccCalls.length === 0) return false;
  return ccCalls.every((c) => {
    // The statement up to the call: this line and the one before, back to the last `;`, `{`, `}`.
    const text = `${lines[c.line - 2] ?? ''}\n${lines[c.line - 1] ?? ''}`;
    const at = text.lastIndexOf(c.callee);
    const head = text.slice(0, at);
    const statement = head.slice(
      Math.max(head.lastIndexOf(';'), head.lastIndexOf('{'), head.lastIndexOf('}')) + 1,
    );
    const q = statement.lastIndexOf('?');
    if (q < 0 || statement.slice(q + 1).includes(':')) return false;
    const condition = statement.slice(0, q).replace(/^[^=]*[^=!<>]=(?!=)/, '');
    const preds = body.filter((t) => t.predicate && condition.includes(t.text)).map((t) => t.text);
    return (
      preds.length > 0 &&
      !isNegatedCheck(condition, leftmost(condition, preds)) &&
      decidesTheMode(condition, preds, false)
    );
  });
}

/**
 * BOOLEAN functions of a scanned C file that answer a mode question: the first statement is an
 * early return on a negated mode check (`if (!CpuMpData->SevSnpIsEnabled) { return FALSE; }`), or
 * the function, named for a technology, returns a constant without calling anything (the IA32
 * `CanUseSevSnpCreateAP`: SEV-SNP is never usable there). The second kind is in `constant`.
 */
export function modePredicateFunctions(
  src: ScannedSource,
  table: SignatureTable,
): { checking: string[]; constant: string[] } {
  const checking = new Set(selfCheckingFunctions(src, { earlyExitOnly: true }));
  const out = { checking: [] as string[], constant: [] as string[] };
  for (const fn of src.c?.functions ?? []) {
    if (fn.returnType.trim() !== 'BOOLEAN') continue;
    if (checking.has(fn.name)) out.checking.push(fn.name);
    else if (
      fn.calls.length === 0 &&
      fn.conditionals.length === 0 &&
      functionNameTechs(fn.name, table).length > 0
    )
      out.constant.push(fn.name);
  }
  return out;
}

/**
 * Whether a condition's mode check alone decides what it guards. A branch under `A || IsSev ()`
 * also runs outside SEV, and so does the code after `if (A && !IsSev ()) return;` (edk2's
 * `PlatformGetSystemMemorySizeBelow4gb`: CloudHv and not TDX). Operands that are mode checks
 * themselves (`SevEsIsEnabled || SevSnpIsEnabled`) keep it decided.
 */
export function decidesTheMode(condition: string, predicates: readonly string[], negated: boolean): boolean {
  const operands = splitTopLevel(unwrapParens(condition), negated ? '&&' : '||');
  return operands.every((o) => predicates.some((p) => new RegExp(`\\b${p}\\b`).test(o)));
}

/** The name that occurs first in `condition`. */
function leftmost(condition: string, names: readonly string[]): string {
  let best = names[0] ?? '';
  let bestAt = Number.POSITIVE_INFINITY;
  for (const n of names) {
    const at = condition.indexOf(n);
    if (at >= 0 && at < bestAt) {
      best = n;
      bestAt = at;
    }
  }
  return best;
}

function pickTech(techs: ReadonlySet<CcId>): CcId {
  const vendor = [...techs].filter((t) => t !== NEUTRAL_CC).sort();
  if (vendor.length === 1) return vendor[0]!;
  return vendor.length > 1 ? NEUTRAL_CC : NEUTRAL_CC;
}

function isCcCallee(name: string, techs: ReadonlySet<CcId>, ctx: FunctionContext): boolean {
  const t = new Set([...functionNameTechs(name, ctx.table), ...ctx.calleeTechs(name)]);
  if (t.size === 0) return false;
  if (t.has(NEUTRAL_CC)) return true;
  for (const x of techs) if (t.has(x) || x === NEUTRAL_CC) return true;
  return false;
}

const NEGATED_COMPARE = /^\s*\)*\s*(==\s*(FALSE|0)\b|!=\s*TRUE\b)/;
const NONE_VALUES = /\b(CcGuestTypeNonEncrypted|CCAttrNotEncrypted)\b/;

/**
 * Whether the mode check `name` in `condition` is negated: `!IsSev ()`, `IsSev () == FALSE`,
 * `CcProbe () != CcGuestTypeIntelTdx` (a mode value compared with `!=`), and the inverse sense of
 * a comparison with "no CC" (`CcProbe () == CcGuestTypeNonEncrypted`).
 */
export function isNegatedCheck(condition: string, name: string): boolean {
  const at = condition.indexOf(name);
  if (at < 0) return false;
  // The "no CC" value itself: `== CcGuestTypeNonEncrypted` means not in CC mode.
  if (NONE_VALUES.test(name)) return !/!=/.test(condition);
  // Walk back over blanks, parentheses and a member access chain (`!mMpData->UseSevEsAPMethod`).
  let i = at - 1;
  for (;;) {
    while (i >= 0 && (condition[i] === ' ' || condition[i] === '(')) i--;
    if (i >= 1 && condition[i] === '>' && condition[i - 1] === '-') i -= 2;
    else if (i >= 0 && condition[i] === '.') i--;
    else break;
    while (i >= 0 && condition[i] === ' ') i--;
    while (i >= 0 && /\w/.test(condition[i]!)) i--;
  }
  let negated = i >= 0 && condition[i] === '!' && condition[i + 1] !== '=';
  // `X != VALUE` / `VALUE != X`: the operator just before the name…
  const before = condition.slice(Math.max(0, at - 4), at);
  if (/!=\s*\(*\s*$/.test(before)) negated = !negated;
  // …or just after its argument list.
  let j = at + name.length;
  while (j < condition.length && condition[j] === ' ') j++;
  if (condition[j] === '(') {
    let depth = 0;
    for (; j < condition.length; j++) {
      if (condition[j] === '(') depth++;
      else if (condition[j] === ')' && --depth === 0) {
        j++;
        break;
      }
    }
  }
  const after = condition.slice(j);
  if (NEGATED_COMPARE.test(after)) negated = !negated;
  else if (/^\s*\)*\s*!=/.test(after) && !/^\s*\)*\s*!=\s*(0|FALSE|NULL)\b/.test(after)) negated = !negated;
  // A comparison with "no CC" inverts the sense.
  if (NONE_VALUES.test(condition) && !NONE_VALUES.test(name)) negated = !negated;
  return negated;
}

/** Regions of the function that run only in some CC mode, from its `if`/`switch` mode checks. */
function guardRegions(fn: CFunction, tps: readonly CcTouchpoint[]): Region[] {
  const regions: Region[] = [];
  for (const c of fn.conditionals) {
    const branches = c.branches;
    for (let i = 0; i < branches.length; i++) {
      const b = branches[i]!;
      if (b.kind === 'else' || b.kind === 'default') continue;
      const condStart =
        i === 0 || c.kind === 'switch'
          ? c.kind === 'switch'
            ? b.startLine
            : c.line
          : branches[i - 1]!.endLine;
      const condEnd = c.kind === 'switch' ? b.startLine : b.startLine;
      const preds = predicateTechs(c, b, tps, condStart, c.kind === 'switch' ? c.line : condEnd);
      if (preds.techs.size === 0) continue;
      // The leftmost mode check decides the sense: in `!ConfidentialComputingGuestHas (CCAttrAmdSevEs)`
      // the value inside the call is negated with it.
      const negated = c.kind === 'if' && isNegatedCheck(b.condition, leftmost(b.condition, preds.names));
      const condLo = Math.min(condStart, c.line);
      // A region of the mode's own code; `end < start` marks a check that guards nothing itself.
      const add = (start: number, end: number, rest = false): void => {
        regions.push({ start, end, techs: preds.techs, condStart: condLo, condEnd, rest });
      };
      if (c.kind === 'if' && !decidesTheMode(b.condition, preds.names, negated)) {
        // `if (CloudHv && CcProbe () != CcGuestTypeIntelTdx) return;`: other guests get past it
        // too, so nothing it guards is the mode's alone. The check stays a mode check.
        add(b.startLine, b.startLine - 1);
        continue;
      }
      if (!negated) {
        add(b.startLine, b.endLine);
        continue;
      }
      // `if (!IsSev ()) { … } else { SEV }` or `if (!IsSev ()) return; SEV…`
      const last = branches[branches.length - 1]!;
      if (branches.length === 2 && last.kind === 'else') {
        add(last.startLine, last.endLine);
      } else {
        // After an early exit on the negated check, the rest of the body is the mode's.
        if (branches.length === 1 && b.earlyExit && !c.parent && b.endLine + 1 <= fn.endLine - 1) {
          add(b.endLine + 1, fn.endLine - 1, true);
        }
        // The negated branch itself is normal-mode code: its mode check is a predicate.
        add(b.startLine, b.startLine - 1);
      }
    }
  }
  return regions;
}

function predicateTechs(
  c: CConditional,
  b: CBranch,
  tps: readonly CcTouchpoint[],
  from: number,
  to: number,
): { techs: Set<CcId>; names: string[] } {
  const ids = new Set([...b.conditionIdentifiers, ...(c.kind === 'switch' ? c.conditionIdentifiers : [])]);
  const hits = tps.filter(
    (tp) =>
      tp.predicate && ids.has(tp.text) && tp.line >= Math.min(from, to) && tp.line <= Math.max(from, to),
  );
  const vendor = new Set(hits.filter((h) => h.technology !== NEUTRAL_CC).map((h) => h.technology));
  const techs = vendor.size > 0 ? vendor : new Set(hits.map((h) => h.technology));
  return { techs, names: [...new Set(hits.map((h) => h.text))] };
}

/**
 * A guard whose region is the whole body: `if (!IsSev ()) return;` as the first statement, or a
 * positive `if (IsSev ()) { … }` holding every statement. Such a function is a CC function with
 * a neutral name (the hook style where the callee checks the mode itself).
 */
function wholeBodyGuard(
  fn: CFunction,
  regions: readonly Region[],
  tps: readonly CcTouchpoint[],
): Set<CcId> | undefined {
  for (const r of regions) {
    if (!r.rest) continue;
    // Only declarations and diagnostics may precede the guard.
    const before = fn.calls.filter((c) => c.line < r.condStart && !/^(DEBUG|ASSERT)/.test(c.callee));
    if (before.length > 0) continue;
    const outside = tps.filter((tp) => tp.line < r.condStart || tp.line > r.end);
    if (outside.every((tp) => r.techs.has(tp.technology) || tp.technology === NEUTRAL_CC))
      return new Set(r.techs);
  }
  return undefined;
}

function isModeCheckHelper(fn: CFunction, tps: readonly CcTouchpoint[]): boolean {
  if (fn.returnType.trim() !== 'BOOLEAN') return false;
  const body = tps.filter((t) => t.line >= fn.bodyStartLine);
  return body.length > 0 && body.every((t) => t.predicate);
}

function spot(
  cc: CcId,
  style: SpotStyle,
  line: number,
  endLine: number,
  tps: readonly CcTouchpoint[],
  table: SignatureTable,
  firstStatement?: string,
): CcSpot {
  const evidence = tps.slice(0, 4).map((tp) => touchpointEvidence(tp, table));
  if (firstStatement)
    evidence.push({ kind: 'code', detail: `not a CC call: \`${firstStatement.slice(0, 80)}\``, line });
  return { cc, style, line, endLine, evidence };
}

/** One spot per (style, technology, line span); overlapping inline spots are merged. */
function mergeSpots(spots: readonly CcSpot[]): CcSpot[] {
  const sorted = [...spots].sort(
    (a, b) => a.line - b.line || a.endLine - b.endLine || (a.style < b.style ? -1 : 1),
  );
  const out: CcSpot[] = [];
  for (const s of sorted) {
    const prev = out[out.length - 1];
    if (
      prev &&
      prev.style === s.style &&
      prev.cc === s.cc &&
      s.line <= prev.endLine + 1 &&
      s.style === 'inline'
    ) {
      out[out.length - 1] = {
        ...prev,
        endLine: Math.max(prev.endLine, s.endLine),
        evidence: [...prev.evidence, ...s.evidence].slice(0, 6),
      };
    } else if (
      prev &&
      prev.style === s.style &&
      prev.cc === s.cc &&
      prev.line === s.line &&
      prev.endLine === s.endLine
    ) {
      out[out.length - 1] = { ...prev, evidence: [...prev.evidence, ...s.evidence].slice(0, 6) };
    } else {
      out.push(s);
    }
  }
  return out;
}

export function dedupeEvidence(ev: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of ev) {
    const k = `${e.kind}\0${e.detail}\0${e.path ?? ''}\0${e.line ?? 0}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}

/**
 * The mode checks on the path to a point of a C function: the `if`/`else`/`case` branches and
 * `?:` arms that hold it, the early exits before it (`if (!IsSev ()) return;`), and — when the
 * function itself checks nothing — the same for every caller in the file, up to the first
 * function nobody in the file calls. Mode tests are the signature table's predicates, plus what
 * the file derives from them: flags assigned a mode test or set only under one
 * (`Retry = MemEncryptSevIsEnabled ()`, `mUseSvsm = TRUE` inside `if (SvsmProbe ())`), and BOOLEAN
 * functions that return TRUE only in a mode (`AccessMsrTdxCall`). Built on the scanned facts of the
 * file (conditionals, branches, calls, masked lines); nothing is parsed again.
 */
import type { CcId } from '../../cc/model.js';
import type { SignatureTable } from '../../cc/signatures.js';
import { statementsIn } from '../../cc/statements.js';
import type { CcTouchpoint } from '../../cc/touchpoints.js';
import type { CCall, CFunction, CGuard } from '../../source/c.js';
import type { ScannedSource } from '../../source/scan.js';
import {
  impliedModes,
  intersect,
  type Mode,
  type ModeName,
  type ModeResolver,
  subModeRank,
} from './mode-conditions.js';

/** A mode check met on the path, or a mode the function's owner (its file, name, module) presumes. */
export interface GuardFact {
  readonly mode: Mode;
  readonly kind: 'if' | 'else' | 'case' | 'ternary' | 'early-exit' | 'owner';
  /** Owner facts are presumed, not checked: the file or module exists for that technology. */
  readonly presumed: boolean;
  readonly path: string;
  /** The condition's line (owner facts: the function's first line). */
  readonly line: number;
  /** Last line of what the check covers (the branch, or the early exit). */
  readonly endLine: number;
  /** The function holding the check. */
  readonly functionName: string;
}

export interface Requirement {
  readonly tech: CcId;
  readonly subMode?: string;
}

/** A call that leads to the point: `caller` calls the function on the path at `line`. */
export interface CallerStep {
  readonly caller: string;
  readonly callee: string;
  readonly line: number;
}

/**
 * `unguarded`: no mode check at all; `cc-context`: none but the presumption of code for CC in
 * general (CcIoMmu.c), whose dispatcher is the one to check; `wrong`: checks of another
 * technology, or of "any CC guest"; `weak`: the right technology at too weak a sub-mode.
 */
export type PathStatus = 'ok' | 'unguarded' | 'cc-context' | 'wrong' | 'weak';

/** The modes a function presumes because it exists for them. */
export type OwnerFacts = (fn: CFunction) => readonly GuardFact[];

/** What a BOOLEAN function's TRUE means: modes, or `never` (it only returns FALSE). */
export type ReturnModes = Mode[] | 'never';

/** Mode tests defined outside the file: BOOLEAN functions of the module (see `returnModes`). */
export type DerivedResolver = (identifier: string) => ModeName | undefined;

export interface PathVerdict {
  readonly status: PathStatus;
  /** The mode facts on the failing path (all facts when ok). */
  readonly facts: readonly GuardFact[];
  /** Callers walked from the point's function to where the path failed (innermost first). */
  readonly chain: readonly CallerStep[];
}

interface Assignment {
  readonly line: number;
  readonly column: number;
  readonly rhs: string;
}

/** Assignments to a plain name or a member (`X = …`, `p->X = …`), keyed by the assigned name. */
const ASSIGNMENT = /\b([A-Za-z_]\w*)(?:\s*\[[^\]]*\])?\s*=(?!=)/g;
const FALSE_VALUE = /^\(?\s*(FALSE|0|0x0+|NULL)\s*\)?$/;
const TRUE_VALUE = /^\(?\s*(TRUE|1)\s*\)?$/;

/** Mode facts of one file, parsed once per branch. */
export class FileModeGuards {
  private readonly names = new Map<string, ModeName | null>();
  private readonly branchModes = new Map<string, Mode[]>();
  private readonly callersByName = new Map<string, { fn: CFunction; call: CCall }[]>();
  private assignments: Map<string, Assignment[]> | undefined;
  private readonly resolving = new Set<string>();
  private readonly returnModesOf = new Map<CFunction, ReturnModes | null>();
  readonly functions: readonly CFunction[];
  readonly resolve: ModeResolver;

  constructor(
    readonly source: ScannedSource,
    private readonly table: SignatureTable,
    modeValues: ReadonlyMap<string, ModeName>,
    private readonly derived: DerivedResolver,
  ) {
    this.functions = source.c?.functions ?? [];
    for (const [k, v] of touchpointNames(source.touchpoints, table, modeValues)) this.names.set(k, v);
    for (const fn of this.functions) {
      for (const call of fn.calls) {
        if (call.member) continue;
        const list = this.callersByName.get(call.callee);
        if (list) list.push({ fn, call });
        else this.callersByName.set(call.callee, [{ fn, call }]);
      }
    }
    this.resolve = (id) => this.lookup(id);
  }

  get path(): string {
    return this.source.path;
  }

  /** Modes that hold when `condition` evaluates to `value`. */
  modesOf(condition: string, value: boolean): Mode[] {
    return impliedModes(condition, value, this.resolve, this.table);
  }

  /** Call sites of `name` in this file (direct calls only). */
  callersOf(name: string): readonly { fn: CFunction; call: CCall }[] {
    return this.callersByName.get(name) ?? [];
  }

  /**
   * Mode checks of `fn` on the path to `line` (inside the branch `guard`, if any); with a column,
   * also the `?:` on that line whose arm holds it.
   */
  localFacts(fn: CFunction, line: number, guard: CGuard | undefined, column?: number): GuardFact[] {
    const facts: GuardFact[] = [];
    const chain = new Set<string>();
    for (let g = guard; g; g = fn.conditionals[g.conditionalIndex]?.parent) {
      chain.add(`${g.conditionalIndex}:${g.branchIndex}`);
      const c = fn.conditionals[g.conditionalIndex];
      const b = c?.branches[g.branchIndex];
      if (!c || !b) break;
      if (c.kind === 'if') {
        if (b.kind !== 'else') {
          const cl = g.branchIndex === 0 ? c.line : (c.branches[g.branchIndex - 1]?.endLine ?? c.line);
          for (const mode of this.branch(fn, g.conditionalIndex, g.branchIndex, true))
            facts.push(this.fact(mode, 'if', fn, cl, b.endLine));
        }
        for (let j = 0; j < g.branchIndex; j++) {
          for (const mode of this.branch(fn, g.conditionalIndex, j, false))
            facts.push(this.fact(mode, 'else', fn, c.line, b.endLine));
        }
      } else if (b.kind === 'case') {
        for (const mode of this.modesOf(`${c.condition} == ${b.condition}`, true))
          facts.push(this.fact(mode, 'case', fn, b.startLine, b.endLine));
      }
    }
    const lines = this.source.codeLines ?? [];
    for (let k = 0; k < fn.conditionals.length; k++) {
      const c = fn.conditionals[k]!;
      if (c.kind !== 'if' || c.endLine >= line) continue;
      if (c.parent && !chain.has(`${c.parent.conditionalIndex}:${c.parent.branchIndex}`)) continue;
      // Every leading branch that leaves the function was not taken by code after the chain.
      for (let j = 0; j < c.branches.length; j++) {
        const b = c.branches[j]!;
        if (b.kind === 'else' || !b.earlyExit) break;
        const exit = exitOf(lines, b.startLine, b.endLine);
        if (exit.kind === 'loop') break;
        if (exit.kind === 'goto') {
          const label = labelLine(lines, exit.label, c.endLine + 1, fn.endLine);
          if (label !== undefined && line >= label) continue;
        }
        for (const mode of this.branch(fn, k, j, false))
          facts.push(this.fact(mode, 'early-exit', fn, j === 0 ? c.line : b.startLine, b.endLine));
      }
    }
    if (column !== undefined) {
      const ternary = ternaryAt(lines[line - 1] ?? '', column);
      if (ternary) {
        for (const mode of this.modesOf(ternary.condition, ternary.arm))
          facts.push(this.fact(mode, 'ternary', fn, line, line));
      }
    }
    return facts;
  }

  /**
   * The verdict for a point of `fn` that needs `req`: its own checks first; when they do not
   * satisfy it, every caller in the file must (recursively), else the first failing path decides.
   */
  verdict(
    fn: CFunction,
    point: {
      readonly line: number;
      readonly guard?: CGuard | undefined;
      readonly column?: number | undefined;
    },
    req: Requirement,
    inherited: readonly GuardFact[],
    ownerFacts: OwnerFacts,
    maxDepth: number,
    visited: ReadonlySet<string> = new Set(),
  ): PathVerdict {
    const facts = [...inherited, ...this.localFacts(fn, point.line, point.guard, point.column)];
    if (satisfies(facts, req, this.table)) return { status: 'ok', facts, chain: [] };
    const callers = this.callersOf(fn.name).filter((c) => c.fn !== fn && !visited.has(c.fn.name));
    if (callers.length === 0 || visited.size >= maxDepth) {
      return { status: statusOf(facts, req), facts, chain: [] };
    }
    const seen = new Set([...visited, fn.name]);
    for (const c of callers) {
      const v = this.verdict(c.fn, c.call, req, [...facts, ...ownerFacts(c.fn)], ownerFacts, maxDepth, seen);
      if (v.status !== 'ok') {
        return { ...v, chain: [{ caller: c.fn.name, callee: fn.name, line: c.call.line }, ...v.chain] };
      }
    }
    return { status: 'ok', facts, chain: [] };
  }

  /**
   * The mode a BOOLEAN function of this file guarantees when it returns TRUE: every return of
   * something other than FALSE is a mode test or sits behind one (`if (!TdIsEnabled ()) return
   * FALSE; … return TRUE;`). `never` when it only returns FALSE (a Null variant); undefined when
   * some TRUE return needs no mode.
   */
  returnModes(fn: CFunction): ReturnModes | undefined {
    const known = this.returnModesOf.get(fn);
    if (known !== undefined) return known ?? undefined;
    this.returnModesOf.set(fn, null);
    let result: ReturnModes | undefined;
    if (/^(BOOLEAN|bool)$/.test(fn.returnType.trim())) {
      const parts: Mode[][] = [];
      for (const s of statementsIn(this.source.codeLines ?? [], fn.bodyStartLine, fn.endLine)) {
        const m = /^return\b\s*(.*?);?$/.exec(s.text);
        if (!m) continue;
        const expr = m[1]!.trim();
        if (FALSE_VALUE.test(expr)) continue;
        const modes = [
          ...(TRUE_VALUE.test(expr) ? [] : this.modesOf(expr, true)),
          ...this.localFacts(fn, s.line, guardAt(fn, s.line)).map((f) => f.mode),
        ];
        parts.push(modes);
      }
      const all = parts.length > 0 ? intersect(parts, this.table) : [];
      result = parts.length === 0 ? 'never' : all.length > 0 ? all : undefined;
    }
    this.returnModesOf.set(fn, result ?? null);
    return result;
  }

  private lookup(id: string): ModeName | undefined {
    const known = this.names.get(id);
    if (known !== undefined) return known ?? undefined;
    if (this.resolving.has(id)) return undefined;
    this.resolving.add(id);
    const found = this.aliasOf(id) ?? this.derived(id);
    this.resolving.delete(id);
    this.names.set(id, found ?? null);
    return found;
  }

  /** A flag that holds a mode test, or is set only where a mode holds (and cleared otherwise). */
  private aliasOf(id: string): ModeName | undefined {
    const assignments = this.assignmentIndex().get(id);
    if (!assignments) return undefined;
    const parts: Mode[][] = [];
    for (const a of assignments) {
      if (FALSE_VALUE.test(a.rhs)) continue;
      // A flag: the value of a mode test, or TRUE set where a mode holds. Anything else (a
      // status from a CC call) does not say the mode by being non-zero.
      const tested = TRUE_VALUE.test(a.rhs) ? [] : this.modesOf(a.rhs, true);
      if (!TRUE_VALUE.test(a.rhs) && tested.length === 0) return undefined;
      const fn = this.functionAt(a.line);
      const modes = [
        ...tested,
        ...(fn ? this.localFacts(fn, a.line, guardAt(fn, a.line), a.column).map((f) => f.mode) : []),
      ];
      if (modes.length === 0) return undefined;
      parts.push(modes);
    }
    if (parts.length === 0) return undefined;
    const modes = intersect(parts, this.table);
    const m = modes.find((x) => x.tech !== 'cc') ?? modes[0];
    if (!m) return undefined;
    return { tech: m.tech, ...(m.subMode === undefined ? {} : { subMode: m.subMode }), role: 'predicate' };
  }

  private assignmentIndex(): Map<string, Assignment[]> {
    if (this.assignments) return this.assignments;
    const index = new Map<string, Assignment[]>();
    const lines = this.source.codeLines ?? [];
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.includes('=') || /^\s*#/.test(lines[i]!)) continue;
      const text = blankLiterals(lines[i]!);
      ASSIGNMENT.lastIndex = 0;
      for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
        const name = m[1]!;
        const start = m.index + m[0].length;
        const rhs = statementRest(lines, i, start);
        const list = index.get(name) ?? [];
        list.push({ line: i + 1, column: start + 1, rhs });
        index.set(name, list);
      }
    }
    this.assignments = index;
    return index;
  }

  private functionAt(line: number): CFunction | undefined {
    return this.functions.find((f) => f.bodyStartLine <= line && line <= f.endLine);
  }

  private branch(fn: CFunction, conditional: number, branch: number, value: boolean): Mode[] {
    const key = `${fn.startLine}:${conditional}:${branch}:${value}`;
    let modes = this.branchModes.get(key);
    if (!modes) {
      const b = fn.conditionals[conditional]!.branches[branch]!;
      modes = b.conditionIdentifiers.some((id) => this.resolve(id) !== undefined)
        ? this.modesOf(b.condition, value)
        : [];
      this.branchModes.set(key, modes);
    }
    return modes;
  }

  private fact(mode: Mode, kind: GuardFact['kind'], fn: CFunction, line: number, endLine: number): GuardFact {
    return { mode, kind, presumed: false, path: this.path, line, endLine, functionName: fn.name };
  }
}

/** Whether some fact guarantees the required mode (technology, and at least its sub-mode). */
export function satisfies(facts: readonly GuardFact[], req: Requirement, table: SignatureTable): boolean {
  // Code that exists for a technology answers for its sub-modes itself (its own operations of
  // that technology are never judged either): a presumed owner satisfies every sub-mode.
  return facts.some((f) => (f.presumed ? f.mode.tech === req.tech : modeSatisfies(f.mode, req, table)));
}

export function modeSatisfies(mode: Mode, req: Requirement, table: SignatureTable): boolean {
  if (req.tech === 'cc') return true;
  return (
    mode.tech === req.tech &&
    subModeRank(table, mode.tech, mode.subMode) >= subModeRank(table, req.tech, req.subMode)
  );
}

/**
 * Why the facts fall short: none at all (or only a presumed "some CC" owner), the right
 * technology at too weak a sub-mode, or another technology / "any CC guest".
 */
export function statusOf(facts: readonly GuardFact[], req: Requirement): PathStatus {
  if (facts.some((f) => !f.presumed && f.mode.tech === req.tech)) return 'weak';
  if (facts.some((f) => !f.presumed || f.mode.tech !== 'cc')) return 'wrong';
  return facts.length > 0 ? 'cc-context' : 'unguarded';
}

/** The innermost branch of `fn` whose body holds `line`. */
export function guardAt(fn: CFunction, line: number): CGuard | undefined {
  let best: CGuard | undefined;
  let bestStart = -1;
  fn.conditionals.forEach((c, ci) => {
    c.branches.forEach((b, bi) => {
      if (b.startLine <= line && line <= b.endLine && b.startLine >= bestStart) {
        best = { conditionalIndex: ci, branchIndex: bi };
        bestStart = b.startLine;
      }
    });
  });
  return best;
}

function touchpointNames(
  touchpoints: readonly CcTouchpoint[],
  table: SignatureTable,
  modeValues: ReadonlyMap<string, ModeName>,
): Map<string, ModeName> {
  const names = new Map<string, ModeName>(modeValues);
  for (const tp of touchpoints) {
    if (names.has(tp.text) || !tp.predicate) continue;
    const sig = table.signatureById.get(tp.signatureId);
    const role: ModeName['role'] = /^(CcGuestTypeNonEncrypted|CCAttrNotEncrypted)$/.test(tp.text)
      ? 'none'
      : sig?.kind === 'macro'
        ? 'value'
        : 'predicate';
    names.set(tp.text, {
      tech: tp.technology,
      ...(tp.subMode === undefined ? {} : { subMode: tp.subMode }),
      role,
    });
  }
  return names;
}

/** String and character literals replaced by blanks (same length): `"A=%x"` is no assignment. */
function blankLiterals(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (m) => ' '.repeat(m.length));
}

/** The text from `column` of line `index` to the end of its statement (at most 6 lines). */
function statementRest(lines: readonly string[], index: number, column: number): string {
  let text = blankLiterals(lines[index]!).slice(column);
  for (let i = index + 1; !text.includes(';') && i < lines.length && i < index + 6; i++)
    text += ` ${blankLiterals(lines[i]!)}`;
  const semi = text.indexOf(';');
  return (semi < 0 ? text : text.slice(0, semi)).replace(/\s+/g, ' ').trim();
}

/** The `cond ? a : b` on the line whose arm holds `column` (1-based), if any. */
function ternaryAt(line: string, column: number): { condition: string; arm: boolean } | undefined {
  const before = line.slice(0, column - 1);
  const q = before.lastIndexOf('?');
  if (q < 0) return undefined;
  const colon = before.indexOf(':', q);
  let start = q - 1;
  let depth = 0;
  for (; start >= 0; start--) {
    const c = before[start];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === '=' || c === ',' || c === ';')) break;
  }
  const condition = before
    .slice(start + 1, q)
    .replace(/^\s*return\b/, '')
    .trim();
  return condition === '' ? undefined : { condition, arm: colon < 0 };
}

type Exit = { kind: 'return' } | { kind: 'goto'; label: string } | { kind: 'loop' };

/** How the branch body on lines [start, end] leaves: return (or a call that does not return), goto, or a loop jump. */
function exitOf(lines: readonly string[], start: number, end: number): Exit {
  const statements = statementsIn(lines, start, end);
  const last = statements[statements.length - 1]?.text ?? '';
  const g = /\bgoto\s+(\w+)\s*;$/.exec(last);
  if (g) return { kind: 'goto', label: g[1]! };
  if (/\b(break|continue)\s*;$/.test(last)) return { kind: 'loop' };
  return { kind: 'return' };
}

function labelLine(lines: readonly string[], label: string, from: number, to: number): number | undefined {
  const re = new RegExp(`^\\s*${label}\\s*:(?!:)`);
  for (let l = from; l <= to; l++) if (re.test(lines[l - 1] ?? '')) return l;
  return undefined;
}

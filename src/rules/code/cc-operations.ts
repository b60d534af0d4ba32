/**
 * The operations of C code that need a CC mode, and the mode checks on the path to each — the
 * analysis `code/unguarded-cc-call` and `code/wrong-cc-predicate` read, computed once per model.
 *
 * An operation is
 * - a call of a CC-specific API: a `function` signature of one vendor technology
 *   (MemEncryptSevClearPageEncMask, TdVmCall, AsmVmgExit, ArmCcaRsi…) that is not mode-safe;
 * - a call of a function of the same module that is CC code (defined in a file, function or
 *   module named for a technology) and does not check the mode itself for everything it does;
 * - `ASSERT (<mode check>)`;
 * - a non-predicate PCD of one technology read in code that exists for another.
 * Code that exists for a technology needs no check for that technology: its operations become
 * the requirement of its functions, which their callers from common code must meet.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { moduleLocationTechs, moduleNameTechs } from '../../cc/modules.js';
import { fileNameTechs, functionNameTechs } from '../../cc/names.js';
import type { Signature } from '../../cc/signatures.js';
import type { CcTouchpoint } from '../../cc/touchpoints.js';
import { cmp } from '../../diagnostics.js';
import type { CCall, CFunction, CGuard } from '../../source/c.js';
import { isUnder, relBasename } from '../../workspace/paths.js';
import { intersect, type Mode, type ModeName, subModeRank } from './mode-conditions.js';
import {
  FileModeGuards,
  type GuardFact,
  guardAt,
  type PathVerdict,
  type Requirement,
  satisfies,
} from './mode-guards.js';

// The list lives with the CC model, which uses it too (a call to a mode-safe API is a hook).
export { DEFAULT_MODE_SAFE_APIS } from '../../cc/mode-safe.js';

/**
 * The least mode an API needs when it is not its signature's: AmdSvsmLib's page and VMSA calls
 * work in every SEV-SNP guest (PVALIDATE/RMPADJUST without an SVSM).
 */
const REQUIRED_SUB_MODE: Readonly<Record<string, string>> = {
  AmdSvsmSnpPvalidate: 'sev-snp',
  AmdSvsmSnpVmsaRmpAdjust: 'sev-snp',
};

/**
 * Functions and PCDs whose non-zero value means the mode (mask checks such as
 * `if (MemEncryptSevGetEncryptionMask () == 0) return;`).
 */
const MODE_VALUES: ReadonlyMap<string, ModeName> = new Map<string, ModeName>([
  ['MemEncryptSevGetEncryptionMask', { tech: 'sev', subMode: 'sev', role: 'predicate' }],
  ['PcdPteMemoryEncryptionAddressOrMask', { tech: 'sev', subMode: 'sev', role: 'predicate' }],
  ['PcdTdxSharedBitMask', { tech: 'tdx', role: 'predicate' }],
]);

/**
 * Prefix signatures that name one library's API (every function of it is CC-specific). Other
 * prefix and word signatures only say a name is written for a technology (`AmdSev…`, `Tdx…`,
 * `ArmCca…`): across modules such a call is a hook, whose callee — or Null instance — is the
 * one to check the mode (spec 3.2.A.1).
 */
const API_PREFIX_SIGNATURES: ReadonlySet<string> = new Set([
  'sev.function.MemEncryptSev*',
  'sev.function.AmdSvsm*',
  'cca.function.ArmCcaRsi*',
  'tdx.function.TdxHelper*',
]);

function isApiSignature(sig: Signature | undefined): boolean {
  if (!sig) return false;
  return sig.matcher.type === 'identifier' || API_PREFIX_SIGNATURES.has(sig.id);
}

/** Callers walked up within a file. */
const MAX_CALLER_DEPTH = 8;

export interface RequiredMode extends Requirement {
  /** What needs it: the API's signature, or the operation inside a CC function. */
  readonly cause: Evidence;
  /**
   * Only the callee's name (file, module) says the technology; nothing it does needs the mode.
   * Such a call is no unguarded CC call, but a check of another technology around it is wrong.
   */
  readonly byName?: boolean;
}

export type OperationKind = 'api-call' | 'cc-function-call' | 'assert' | 'foreign-pcd';

export interface CcOperation {
  readonly kind: OperationKind;
  readonly path: string;
  readonly fn: CFunction;
  readonly line: number;
  readonly column?: number;
  /** Callee, PCD name, or `ASSERT`. */
  readonly name: string;
  readonly guard: CGuard | undefined;
  readonly requires: readonly RequiredMode[];
  /** For `assert`: the asserted condition. */
  readonly text?: string;
}

export interface OperationVerdict {
  readonly op: CcOperation;
  readonly requirement: RequiredMode;
  readonly verdict: PathVerdict;
  /** Technologies the operation's function exists for (file, name, module). */
  readonly owners: readonly CcId[];
  /**
   * The function exists for the required technology: it needs no check of it, so only explicit
   * checks on the path are judged (of another technology, or of too weak a sub-mode).
   */
  readonly owned: boolean;
}

export interface GuardedExample {
  readonly path: string;
  readonly line: number;
  readonly fact: GuardFact;
}

export interface ModePathAnalysis {
  /** Every operation whose mode its function does not own, with the checks on its path. */
  readonly verdicts: readonly OperationVerdict[];
  /** Calls of each API that some path does guard correctly (for "sibling" evidence). */
  readonly guardedCalls: ReadonlyMap<string, readonly GuardedExample[]>;
  /** The per-file guard analysis, for rules that ask their own questions. */
  guardsOf(path: string): FileModeGuards | undefined;
  ownersOf(path: string, fn: CFunction): readonly CcId[];
  /** Technologies the file exists for (its name, or its modules' names and locations). */
  fileOwnersOf(path: string): readonly CcId[];
}

const cache = new WeakMap<AnalysisModel, Map<string, ModePathAnalysis>>();

export function modePathAnalysis(model: AnalysisModel, safeApis: readonly string[]): ModePathAnalysis {
  const key = [...safeApis].sort(cmp).join(',');
  let perModel = cache.get(model);
  if (!perModel) {
    perModel = new Map();
    cache.set(model, perModel);
  }
  let analysis = perModel.get(key);
  if (!analysis) {
    analysis = new Analyzer(model, new Set(safeApis)).run();
    perModel.set(key, analysis);
  }
  return analysis;
}

interface Definition {
  readonly guards: FileModeGuards;
  readonly fn: CFunction;
}

class Analyzer {
  private readonly guards = new Map<string, FileModeGuards>();
  private readonly filesOfInf = new Map<string, string[]>();
  private readonly definitionsOfScope = new Map<string, Map<string, Definition[]>>();
  private readonly moduleTechs = new Map<string, Set<CcId>>();
  private readonly functionTechs = new Map<string, readonly CcId[]>();
  private readonly requirements = new Map<string, readonly RequiredMode[]>();
  private readonly inProgress = new Set<string>();
  private readonly tpIndex = new Map<string, Map<string, CcTouchpoint>>();
  private readonly ownersOfFunction = new Map<CFunction, CcId[]>();
  private readonly fileTechs = new Map<string, readonly CcId[]>();

  constructor(
    private readonly model: AnalysisModel,
    private readonly safeApis: ReadonlySet<string>,
  ) {
    for (const s of model.sources.values()) {
      if (s.c && s.codeLines) {
        const path = s.path;
        this.guards.set(
          path,
          new FileModeGuards(s, model.table, MODE_VALUES, (id) => this.derivedTest(path, id)),
        );
      }
    }
    for (const [file, infs] of model.cc.modulesOfFile) {
      for (const inf of infs) {
        const list = this.filesOfInf.get(inf);
        if (list) list.push(file);
        else this.filesOfInf.set(inf, [file]);
      }
    }
  }

  run(): ModePathAnalysis {
    const verdicts: OperationVerdict[] = [];
    const guardedCalls = new Map<string, GuardedExample[]>();
    for (const guards of this.guards.values()) {
      for (const fn of guards.functions) {
        const owners = this.ownersOf(guards.path, fn);
        const ops = this.operationsOf(guards, fn, owners);
        for (const op of ops) {
          for (const requirement of op.requires) {
            const owned = op.kind !== 'assert' && owners.includes(requirement.tech);
            // Owned code presumes its technology at every sub-mode: leave that presumption out
            // so that its explicit checks can still be found too weak or of the wrong technology.
            const presumable = (list: readonly CcId[]): CcId[] =>
              owned ? list.filter((o) => o !== requirement.tech) : [...list];
            const inherited = op.kind === 'assert' ? [] : ownerFacts(guards.path, fn, presumable(owners));
            const callerOwners = (caller: CFunction): GuardFact[] =>
              ownerFacts(guards.path, caller, presumable(this.ownersOf(guards.path, caller)));
            const verdict = guards.verdict(fn, op, requirement, inherited, callerOwners, MAX_CALLER_DEPTH);
            verdicts.push({ op, requirement, verdict, owners, owned });
            if (verdict.status === 'ok' && op.kind === 'api-call') {
              const fact = verdict.facts.find(
                (f) => !f.presumed && satisfies([f], requirement, this.model.table),
              );
              if (fact) {
                const list = guardedCalls.get(op.name) ?? [];
                if (list.length < 8) list.push({ path: guards.path, line: op.line, fact });
                guardedCalls.set(op.name, list);
              }
            }
          }
        }
      }
    }
    return {
      verdicts,
      guardedCalls,
      guardsOf: (path) => this.guards.get(path),
      ownersOf: (path, fn) => this.ownersOf(path, fn),
      fileOwnersOf: (path) => this.computeOwners(path, undefined),
    };
  }

  /**
   * Technologies `fn` exists for: its file's name and its own name; when neither names a vendor
   * technology, its module's name or location (a file of BaseIoLibIntrinsicSev named for TDX is
   * TDX code).
   */
  ownersOf(path: string, fn: CFunction): CcId[] {
    let known = this.ownersOfFunction.get(fn);
    if (!known) {
      known = this.computeOwners(path, fn);
      this.ownersOfFunction.set(fn, known);
    }
    return known;
  }

  private computeOwners(path: string, fn: CFunction | undefined): CcId[] {
    let fileTechs = this.fileTechs.get(path);
    if (!fileTechs) {
      fileTechs = this.model.cc.files.get(path)?.nameTags ?? fileNameTechs(stem(path), this.model.table);
      this.fileTechs.set(path, fileTechs);
    }
    const owners = new Set<CcId>(fileTechs);
    if (fn) for (const t of this.namedTechs(fn.name)) owners.add(t);
    if ([...owners].some((t) => t !== 'cc')) return [...owners].sort(cmp);
    const infs = this.model.cc.modulesOfFile.get(path) ?? [];
    if (infs.length > 0) {
      // Only when every module that builds the file exists for the technology.
      let shared: Set<CcId> | undefined;
      for (const inf of infs) {
        const techs = this.techsOfModule(inf);
        shared = shared ? new Set([...shared].filter((t) => techs.has(t))) : new Set(techs);
      }
      for (const t of shared ?? []) owners.add(t);
    }
    for (const tech of this.model.table.technologies) {
      if (tech.directories.some((d) => isUnder(path, d))) owners.add(tech.id);
    }
    return [...owners].sort(cmp);
  }

  private namedTechs(name: string): readonly CcId[] {
    let techs = this.functionTechs.get(name);
    if (!techs) {
      techs = functionNameTechs(name, this.model.table);
      this.functionTechs.set(name, techs);
    }
    return techs;
  }

  private techsOfModule(inf: string): Set<CcId> {
    let techs = this.moduleTechs.get(inf);
    if (!techs) {
      const parsed = this.model.store.inf(inf);
      techs = new Set(
        parsed
          ? [
              ...moduleNameTechs(parsed, this.model.table),
              ...moduleLocationTechs(parsed, this.model.table),
            ].map((x) => x.cc)
          : [],
      );
      this.moduleTechs.set(inf, techs);
    }
    return techs;
  }

  private operationsOf(guards: FileModeGuards, fn: CFunction, owners: readonly CcId[]): CcOperation[] {
    const ops: CcOperation[] = [];
    const path = guards.path;
    for (const call of fn.calls) {
      if (call.member) continue;
      const op = this.callOperation(guards, fn, call);
      if (op) ops.push(op);
    }
    const vendorOwners = owners.filter((o) => o !== 'cc');
    if (vendorOwners.length > 0) {
      for (const tp of guards.source.touchpoints) {
        if (tp.line < fn.bodyStartLine || tp.line > fn.endLine) continue;
        if (tp.kind !== 'pcd' || tp.weak || tp.predicate || tp.technology === 'cc') continue;
        if (owners.includes(tp.technology)) continue;
        ops.push({
          kind: 'foreign-pcd',
          path,
          fn,
          line: tp.line,
          name: tp.text,
          guard: guardAt(fn, tp.line),
          requires: [requiredBy(tp, this.model, tp.subMode)],
        });
      }
    }
    return ops;
  }

  private callOperation(guards: FileModeGuards, fn: CFunction, call: CCall): CcOperation | undefined {
    const path = guards.path;
    const base = { path, fn, line: call.line, column: call.column, name: call.callee, guard: call.guard };
    if (call.callee === 'ASSERT') {
      const text = callArguments(guards.source.codeLines ?? [], call);
      if (text === undefined) return undefined;
      const modes = guards.modesOf(text, true);
      if (modes.length === 0) return undefined;
      const requires = modes.map((m) => ({
        tech: m.tech,
        ...(m.subMode === undefined ? {} : { subMode: m.subMode }),
        cause: { kind: 'code' as const, detail: `ASSERT (${text}) claims the mode`, path, line: call.line },
      }));
      return { ...base, kind: 'assert', requires, text };
    }
    const tp = this.touchpointAt(guards, call.line, call.callee);
    if (tp?.predicate || this.safeApis.has(call.callee)) return undefined;
    if (guards.resolve(call.callee)) return undefined;
    const defs = this.definitions(path, call.callee).filter((d) => d.fn !== fn);
    if (defs.length > 0) {
      const requires: RequiredMode[] = [];
      for (const d of defs) {
        const owners = this.ownersOf(d.guards.path, d.fn);
        if (owners.length === 0) continue;
        for (const r of this.requirementOf(d)) {
          if (!requires.some((x) => x.tech === r.tech && x.subMode === r.subMode)) requires.push(r);
        }
        for (const tech of owners) {
          if (tech === 'cc' || requires.some((x) => x.tech === tech)) continue;
          requires.push({
            tech,
            byName: true,
            cause: {
              kind: 'name',
              detail: `${d.fn.name} is ${tech} code (${relBasename(d.guards.path)}:${d.fn.startLine})`,
              path: d.guards.path,
              line: d.fn.startLine,
            },
          });
        }
      }
      return requires.length > 0
        ? { ...base, kind: 'cc-function-call', requires: strongestPerTechnology(requires, this.model) }
        : undefined;
    }
    if (tp?.kind !== 'function' || tp.weak || tp.technology === 'cc') return undefined;
    if (!isApiSignature(this.model.table.signatureById.get(tp.signatureId))) return undefined;
    return {
      ...base,
      kind: 'api-call',
      requires: [requiredBy(tp, this.model, REQUIRED_SUB_MODE[call.callee] ?? tp.subMode)],
    };
  }

  /**
   * What calling a CC function needs: the requirements of its operations that it does not check
   * itself (callers outside it are the ones judged).
   */
  private requirementOf(def: Definition): readonly RequiredMode[] {
    const key = `${def.guards.path}:${def.fn.startLine}`;
    const known = this.requirements.get(key);
    if (known) return known;
    if (this.inProgress.has(key)) return [];
    this.inProgress.add(key);
    const out: RequiredMode[] = [];
    for (const call of def.fn.calls) {
      if (call.member || call.callee === 'ASSERT') continue;
      const op = this.callOperation(def.guards, def.fn, call);
      if (!op) continue;
      const facts = def.guards.localFacts(def.fn, op.line, op.guard, op.column);
      for (const r of op.requires) {
        if (satisfies(facts, r, this.model.table)) continue;
        if (out.some((x) => x.tech === r.tech && x.subMode === r.subMode)) continue;
        out.push({
          tech: r.tech,
          ...(r.subMode === undefined ? {} : { subMode: r.subMode }),
          cause: {
            kind: 'code',
            detail: `${def.fn.name} calls ${op.name} at line ${op.line} without checking the mode (${r.cause.detail})`,
            path: def.guards.path,
            line: op.line,
            ...(r.cause.signature === undefined ? {} : { signature: r.cause.signature }),
          },
        });
      }
    }
    this.inProgress.delete(key);
    this.requirements.set(key, out);
    return out;
  }

  /**
   * A BOOLEAN function of the module used as a mode test (`if (AccessMsrTdxCall (Msr))`): the
   * modes every definition guarantees when it returns TRUE.
   */
  private derivedTest(path: string, id: string): ModeName | undefined {
    const defs = this.definitions(path, id);
    if (defs.length === 0) return undefined;
    const parts: Mode[][] = [];
    for (const d of defs) {
      const r = d.guards.returnModes(d.fn);
      if (r === undefined) return undefined;
      if (r !== 'never') parts.push(r);
    }
    if (parts.length === 0) return undefined;
    const modes = intersect(parts, this.model.table);
    const m = modes.find((x) => x.tech !== 'cc') ?? modes[0];
    return m
      ? { tech: m.tech, ...(m.subMode === undefined ? {} : { subMode: m.subMode }), role: 'predicate' }
      : undefined;
  }

  /** Definitions of `name` visible from `path`: in its own file, else in its modules' files. */
  private definitions(path: string, name: string): Definition[] {
    const own = this.scopeIndex(`file:${path}`, [path]).get(name);
    if (own && own.length > 0) return own;
    const infs = this.model.cc.modulesOfFile.get(path) ?? [];
    const out: Definition[] = [];
    for (const inf of infs) {
      for (const d of this.scopeIndex(`inf:${inf}`, this.filesOfInf.get(inf) ?? []).get(name) ?? []) {
        if (!out.includes(d)) out.push(d);
      }
    }
    return out;
  }

  private scopeIndex(key: string, files: readonly string[]): Map<string, Definition[]> {
    let index = this.definitionsOfScope.get(key);
    if (!index) {
      index = new Map();
      for (const f of files) {
        const guards = this.guards.get(f);
        if (!guards) continue;
        for (const fn of guards.functions) {
          const list = index.get(fn.name);
          const def = { guards, fn };
          if (list) list.push(def);
          else index.set(fn.name, [def]);
        }
      }
      this.definitionsOfScope.set(key, index);
    }
    return index;
  }

  private touchpointAt(guards: FileModeGuards, line: number, text: string): CcTouchpoint | undefined {
    let index = this.tpIndex.get(guards.path);
    if (!index) {
      index = new Map();
      for (const tp of guards.source.touchpoints) {
        const k = `${tp.line}\0${tp.text}`;
        if (!index.has(k)) index.set(k, tp);
      }
      this.tpIndex.set(guards.path, index);
    }
    return index.get(`${line}\0${text}`);
  }
}

/** One requirement per technology, the strongest sub-mode (SEV-SNP implies SEV-ES implies SEV). */
function strongestPerTechnology(list: readonly RequiredMode[], model: AnalysisModel): RequiredMode[] {
  const out: RequiredMode[] = [];
  for (const r of list) {
    const i = out.findIndex((x) => x.tech === r.tech);
    if (i < 0) out.push(r);
    else if (out[i]!.byName && !r.byName) out[i] = r;
    else if (
      !r.byName &&
      subModeRank(model.table, r.tech, r.subMode) > subModeRank(model.table, r.tech, out[i]!.subMode)
    )
      out[i] = r;
  }
  return out;
}

function requiredBy(tp: CcTouchpoint, model: AnalysisModel, subMode: string | undefined): RequiredMode {
  const sig = model.table.signatureById.get(tp.signatureId);
  return {
    tech: tp.technology,
    ...(subMode === undefined ? {} : { subMode }),
    cause: {
      kind: 'code',
      detail: `${tp.text}: ${sig?.role ?? tp.kind}`,
      path: tp.path,
      line: tp.line,
      signature: tp.signatureId,
    },
  };
}

/** The modes a function presumes because it exists for them (its file, name or module). */
export function ownerFacts(path: string, fn: CFunction, owners: readonly CcId[]): GuardFact[] {
  return owners.map((tech) => ({
    mode: { tech, via: `${relBasename(path)} is ${tech} code` },
    kind: 'owner' as const,
    presumed: true,
    path,
    line: fn.startLine,
    endLine: fn.endLine,
    functionName: fn.name,
  }));
}

/** The argument text of a call, read from the masked lines (up to 20 lines). */
function callArguments(lines: readonly string[], call: CCall): string | undefined {
  let text = '';
  for (let l = call.line; l < call.line + 20 && l <= lines.length; l++) {
    text += `${l === call.line ? (lines[l - 1] ?? '').slice(call.column - 1) : lines[l - 1]} `;
    const open = text.indexOf('(');
    if (open < 0) continue;
    let depth = 0;
    for (let i = open; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0)
        return text
          .slice(open + 1, i)
          .replace(/\s+/g, ' ')
          .trim();
    }
  }
  return undefined;
}

function stem(path: string): string {
  const base = relBasename(path);
  const dot = base.indexOf('.');
  return dot < 0 ? base : base.slice(0, dot);
}

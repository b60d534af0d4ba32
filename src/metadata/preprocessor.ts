/**
 * The preprocessor shared by the DSC and FDF parsers: comments, `DEFINE`/`EDK_GLOBAL`/`SET`,
 * `$(MACRO)` expansion, `!include`, `!if`/`!ifdef`/`!ifndef`/`!elseif`/`!else`/`!endif` and
 * `!error`, after BaseTools' MetaFileParser.DscParser and GenFds/FdfParser.
 *
 * It is a pull iterator: the format parser asks for one logical line at a time and may feed PCD
 * values back (`setPcd`) before asking for the next, so that a PCD set on line N is visible to an
 * `!if` on line N+1, exactly as BaseTools evaluates directives in file order. Lines of inactive
 * branches are never yielded and never contribute macros or PCD values.
 *
 * Included lines are read in place and keep their own file:line. Section state is shared across
 * files: an include may switch section and the includer stays there (the DSC specification's
 * textual inclusion), and an include without a header continues the includer's section.
 * Conditionals, by contrast, must balance within each file, as BaseTools checks per file.
 *
 * There is no `\` line continuation in DSC or FDF files (BaseTools joins lines only in an INF's
 * `[Nmake]` section); a DSC `{CODE(…)}` PCD value is joined up to its `)}` line, and the FDF
 * parser joins the lines of an open `{ … }` block itself.
 */
import { type Diagnostic, DiagnosticCode, type DiagnosticSeverity } from '../diagnostics.js';
import { normalizeRelPath, relDirname } from '../workspace/paths.js';
import type { Workspace } from '../workspace/workspace.js';
import {
  type ExprContext,
  type ExprResult,
  type ExprValue,
  evaluateExpression,
  isDefinedTest,
  isTruthy,
} from './expression.js';
import {
  cleanCode,
  expandMacros,
  isSectionHeader,
  parseSectionHeader,
  type SectionHeaderResult,
} from './lines.js';
import type { Origin, PcdName, SectionScope } from './model.js';

// ───────────────────────────── dialects ─────────────────────────────

/** What differs between the formats that share the preprocessor. */
export interface PreprocessorDialect {
  /** `DSC`, `FDF`: used in messages. */
  readonly label: string;
  /** Canonical section name for an upper-cased header item name, or undefined if unknown. */
  readonly canonicalSection: (upperName: string) => string | undefined;
  /** The canonical name of the file-global `[Defines]` section. */
  readonly definesSection: string;
  /**
   * `hash`: `#` outside quotes (CleanString). `fdf`: FdfParser.PreprocessFile, which also knows
   * `//` line comments and `/* … *\/` block comments that may span lines.
   */
  readonly comments: 'hash' | 'fdf';
  /** Join a `{CODE(` PCD value with its following lines up to `)}` (ProcessMultipleLineCODEValue). */
  readonly joinCodeValues: boolean;
  /** `$(MACRO)` in section headers: expanded (DSC arch fields) or refused (FDF). */
  readonly macrosInHeaders: boolean;
  /** DSC: DEFINEs scoped by section type and arch/module-type scope. FDF: by section name and UI name. */
  readonly sectionMacros: 'dsc' | 'fdf';
  /** `EDK_GLOBAL` is a DSC `[Defines]` statement; elsewhere it is refused. */
  readonly edkGlobal: boolean;
  /** BaseTools refuses `SET` in a DSC ("syntax is not supported in Dsc file"). */
  readonly setSupported: boolean;
  /** DSC `[Defines]` keywords (PLATFORM_NAME = …) are usable as macros. */
  readonly definesKeywordsAreMacros: boolean;
  /** In a DSC `!if`, BaseTools lets the global built-ins win over everything (`Macros.update(gGlobalDefines)`). */
  readonly builtinsWinInConditions: boolean;
  /** Sections whose lines are neither macro-expanded nor may define macros (FDF `[Rule.*]`). */
  readonly macroFreeSections: ReadonlySet<string>;
}

// ───────────────────────────── yielded lines ─────────────────────────────

/** The section a line belongs to; `name` is '' before the first header and after an unknown one. */
export interface SectionContext {
  readonly name: string;
  readonly scopes: readonly SectionScope[];
  /** The header as written (macro-expanded where the dialect allows), e.g. `[FV.DXEFV]`. */
  readonly header: string;
  /** Where the header was written; undefined before the first header. */
  readonly origin?: Origin;
}

interface LineBase {
  readonly origin: Origin;
  readonly section: SectionContext;
}

/** A section header; `section` is the new section (name '' if the header was refused). */
export interface SectionLine extends LineBase {
  readonly kind: 'section';
}

/** Any other statement, comment-stripped. */
export interface StatementLine extends LineBase {
  readonly kind: 'statement';
  /** Macro-expanded text (equal to `raw` in macro-free sections). */
  readonly text: string;
  /** Text before macro expansion. */
  readonly raw: string;
  /** `$(NAME)` references left unexpanded because no macro of that name is in force. */
  readonly unknownMacros: readonly string[];
}

/** `DEFINE NAME = value` or `EDK_GLOBAL NAME = value`, already in force when yielded. */
export interface DefineLine extends LineBase {
  readonly kind: 'define';
  readonly name: string;
  /** Macro-expanded value, as BaseTools expands it at definition time. */
  readonly value: string;
  readonly isGlobal: boolean;
}

/** `SET TokenSpace.PcdName = expression`, already in force when yielded. */
export interface SetLine extends LineBase {
  readonly kind: 'set';
  readonly pcd: PcdName;
  /** The expression as written. */
  readonly expression: string;
  /** Its value: numbers as `0x…`, booleans as TRUE/FALSE, strings as the expanded text. */
  readonly value: string;
}

export type LogicalLine = SectionLine | StatementLine | DefineLine | SetLine;

// ───────────────────────────── options ─────────────────────────────

export type PcdLookup = (tokenSpace: string | undefined, name: string) => string | undefined;

export interface PreprocessorOptions {
  /** BaseTools' global defines (WORKSPACE, ARCH, TARGET, TOOL_CHAIN_TAG, FAMILY, …). */
  readonly builtins?: Readonly<Record<string, string>>;
  /** Command-line `-D NAME=VALUE`: they override the file's DEFINEs (gCommandLineDefines). */
  readonly commandLine?: Readonly<Record<string, string>>;
  /** Macros of an enclosing context (for an FDF: the DSC's), below everything the file defines. */
  readonly inherited?: ReadonlyMap<string, string>;
  /** PCD values not set in this file (DSC values for an FDF, then DEC defaults). */
  readonly pcdFallback?: PcdLookup;
  /** Folders searched for `!include` after the including file's and the root file's folders. */
  readonly includeDirs?: readonly string[];
}

// ───────────────────────────── internals ─────────────────────────────

const MACRO_STATEMENT = /^(DEFINE|EDK_GLOBAL)[ \t]+/;
/** BaseTools' gMacroNamePattern. */
const MACRO_NAME = /^[A-Z][A-Z0-9_]*$/;
const SET_STATEMENT = /^SET[ \t]+/;
const SET_BODY = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*=\s*([\s\S]*)$/;
/** A `{CODE(…)}` value complete on one line (BaseTools' CODEPattern). */
const CODE_COMPLETE = /\{CODE\([a-fA-F0-9Xx{},\s]*\)\}/;
const KNOWN_DIRECTIVES = new Set([
  '!if',
  '!ifdef',
  '!ifndef',
  '!elseif',
  '!else',
  '!endif',
  '!include',
  '!error',
]);

/** One `!if … !endif` group of a file. */
interface Conditional {
  /** The enclosing branch was active when the group opened. */
  readonly parentActive: boolean;
  /** Lines of the current branch are taken. */
  active: boolean;
  /** Some branch of the group was taken already (`!elseif`/`!else` must then stay off). */
  taken: boolean;
  sawElse: boolean;
  readonly origin: Origin;
}

interface FileFrame {
  readonly path: string;
  readonly dir: string;
  readonly lines: readonly string[];
  index: number;
  readonly conditionals: Conditional[];
  /** Inside an FDF block comment that continues on the next line. */
  inBlockComment: boolean;
}

interface ScopeKey {
  readonly arch: string;
  readonly moduleType: string;
  readonly extra: string;
}

/** DEFINEs of one DSC section type and one scope (BaseTools' post-processing registers one scope per record). */
interface DscSectionMacros {
  readonly section: string;
  readonly scope: ScopeKey;
  readonly values: Map<string, string>;
}

const NONE: readonly string[] = Object.freeze([]);
const CHAR_D = 0x44;
const CHAR_E = 0x45;
const CHAR_S = 0x53;
const NUMBER_LITERAL = /^(?:0[xX][0-9a-fA-F]+|\d+)$/;
const COMMON = 'COMMON';
const WORKSPACE = 'WORKSPACE';
const COMMON_SCOPE: ScopeKey = { arch: COMMON, moduleType: COMMON, extra: COMMON };

function scopeKeyOf(s: SectionScope): ScopeKey {
  return {
    arch: s.arch.toUpperCase(),
    moduleType: s.moduleType.toUpperCase(),
    extra: s.extra === '' ? COMMON : s.extra.toUpperCase(),
  };
}

function sameScope(a: ScopeKey, b: ScopeKey): boolean {
  return a.arch === b.arch && a.moduleType === b.moduleType && a.extra === b.extra;
}

const NO_SECTION: SectionContext = { name: '', scopes: [], header: '' };

/**
 * The text of a `SET` value for the model and for later expressions: a number written as one
 * stays as written, a computed number is `0x…` (FDF addresses and sizes read best in hex),
 * booleans are TRUE/FALSE, strings the expanded text.
 */
export function pcdValueText(v: ExprValue, text: string): string {
  if (typeof v === 'bigint' && NUMBER_LITERAL.test(text)) return text;
  if (typeof v === 'bigint')
    return v < 0n ? `-0x${(-v).toString(16).toUpperCase()}` : `0x${v.toString(16).toUpperCase()}`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return text;
}

/**
 * Strip comments of one FDF line as FdfParser.PreprocessFile does: `#` outside double quotes,
 * `//` anywhere, `/* … *\/` anywhere and across lines (`state.inBlockComment` carries over).
 */
export function stripFdfComment(line: string, state: { inBlockComment: boolean }): string {
  if (!state.inBlockComment) {
    if (line.indexOf('#') < 0 && line.indexOf('/') < 0) return line.trim();
    // Paths put a `/` on most FDF lines: find where the statement ends without copying it
    // character by character; only a block comment needs the full scan below.
    let inString = false;
    let opensBlock = false;
    for (let i = 0; i < line.length && !opensBlock; i++) {
      const c = line.charCodeAt(i);
      if (c === 0x22 /* " */) inString = !inString;
      else if (c === 0x23 /* # */ && !inString) return line.slice(0, i).trim();
      else if (c === 0x2f /* / */) {
        const next = line.charCodeAt(i + 1);
        if (next === 0x2f) return line.slice(0, i).trim();
        opensBlock = next === 0x2a; /* * */
      }
    }
    if (!opensBlock) return line.trim();
  }
  let out = '';
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (state.inBlockComment) {
      if (c === '*' && line[i + 1] === '/') {
        state.inBlockComment = false;
        i++;
      }
      out += ' ';
      continue;
    }
    if (c === '"') inString = !inString;
    else if (c === '/' && line[i + 1] === '/') break;
    else if (c === '#' && !inString) break;
    else if (c === '/' && line[i + 1] === '*') {
      state.inBlockComment = true;
      out += ' ';
      i++;
      continue;
    }
    out += c;
  }
  return out.trim();
}

const resolvedPaths = new WeakMap<
  Workspace,
  Map<string, { readonly path: string; readonly found: boolean }>
>();

/**
 * A path as written in a DSC or FDF, normalised and looked up in the workspace and package
 * roots; the same INF paths recur in every platform, so answers are kept per workspace.
 */
export function resolveWorkspacePath(
  ws: Workspace,
  written: string,
): { readonly path: string; readonly found: boolean } {
  let cache = resolvedPaths.get(ws);
  if (!cache) {
    cache = new Map();
    resolvedPaths.set(ws, cache);
  }
  let hit = cache.get(written);
  if (!hit) {
    const normalized = normalizeRelPath(written);
    const found = normalized.includes('$(') ? undefined : ws.resolve(normalized);
    hit = { path: found ?? normalized, found: found !== undefined };
    cache.set(written, hit);
  }
  return hit;
}

interface SymbolLookup {
  readonly tokenSpace: string | undefined;
  /** A macro when `isPcd` is false. */
  readonly isPcd: boolean;
  readonly name: string;
  readonly value: string | undefined;
}

interface MemoEntry {
  readonly lookups: readonly SymbolLookup[];
  readonly result: ExprResult;
}

/** Variants kept per expression text (the same `!if` under a few different settings). */
const MEMO_VARIANTS = 8;
/** Distinct texts kept; a tree has a few thousand, so this only bounds a long-lived process. */
const MEMO_TEXTS = 20_000;
const memo = new Map<string, MemoEntry[]>();

/**
 * Expressions recur: every platform of a package includes the same .dsc.inc files, and a DSC is
 * parsed once per arch. The evaluator is a pure function of the text and of the symbol values it
 * looks up, so a result is reused when the same text finds the same values, asked in the same
 * order, as when it was computed.
 */
function memoEvaluate(text: string, ctx: ExprContext, mode: 'condition' | 'value'): ExprResult {
  const key = `${mode}\0${text}`;
  const entries = memo.get(key);
  if (entries) {
    for (const e of entries) {
      const same = e.lookups.every(
        (l) => (l.isPcd ? ctx.pcd(l.tokenSpace, l.name) : ctx.macro(l.name)) === l.value,
      );
      if (same) return e.result;
    }
  }
  const lookups: SymbolLookup[] = [];
  const recording: ExprContext = {
    macro: (name) => {
      const value = ctx.macro(name);
      lookups.push({ tokenSpace: undefined, isPcd: false, name, value });
      return value;
    },
    pcd: (tokenSpace, name) => {
      const value = ctx.pcd(tokenSpace, name);
      lookups.push({ tokenSpace, isPcd: true, name, value });
      return value;
    },
  };
  const result = evaluateExpression(text, recording, { mode });
  if (!entries) {
    if (memo.size >= MEMO_TEXTS) memo.clear();
    memo.set(key, [{ lookups, result }]);
  } else if (entries.length < MEMO_VARIANTS) entries.push({ lookups, result });
  return result;
}

// ───────────────────────────── the preprocessor ─────────────────────────────

export class Preprocessor implements Iterable<LogicalLine> {
  /** Every file read, the root first, in the order they were first included. */
  readonly files: string[] = [];

  private readonly frames: FileFrame[] = [];
  private section: SectionContext = NO_SECTION;
  private sectionMacroFree = false;
  /** `[Defines]` DEFINEs (and DSC `[Defines]` keywords): visible everywhere in the file. */
  private readonly fileMacros = new Map<string, string>();
  private readonly edkGlobals = new Map<string, string>();
  private readonly dscSectionMacros: DscSectionMacros[] = [];
  private readonly fdfSectionMacros = new Map<string, Map<string, string>>();
  private readonly builtins: ReadonlyMap<string, string>;
  private readonly commandLine: ReadonlyMap<string, string>;
  private readonly pcdValues = new Map<string, string>();
  private readonly pcdByName = new Map<string, string>();
  private readonly rootDir: string;

  /**
   * Set by the DSC parser while inside a component's `{ … }` block: BaseTools ignores DEFINEs
   * there (they neither become macros nor leave the block).
   */
  inSubsection = false;

  /** Expression context of directives: macros as `!if` sees them, PCDs set so far. */
  readonly conditionContext: ExprContext = {
    macro: (name) => this.lookupMacro(name, true),
    pcd: (tokenSpace, name) => this.lookupPcd(tokenSpace, name),
  };

  constructor(
    private readonly ws: Workspace,
    rootPath: string,
    private readonly dialect: PreprocessorDialect,
    private readonly options: PreprocessorOptions = {},
  ) {
    this.builtins = new Map(Object.entries(options.builtins ?? {}));
    this.commandLine = new Map(Object.entries(options.commandLine ?? {}));
    this.rootDir = relDirname(rootPath);
    this.pushFile(rootPath, undefined);
  }

  [Symbol.iterator](): Iterator<LogicalLine> {
    return {
      next: (): IteratorResult<LogicalLine> => {
        const line = this.next();
        return line ? { done: false, value: line } : { done: true, value: undefined };
      },
    };
  }

  /** The current section. */
  get currentSection(): SectionContext {
    return this.section;
  }

  /** Record a PCD value for later `!if` and `SET` expressions (the parser calls this for active lines only). */
  setPcd(tokenSpace: string, name: string, value: string): void {
    this.pcdValues.set(`${tokenSpace}.${name}`, value);
    this.pcdByName.set(name, value);
  }

  /** A PCD value as expressions see it: set in this file, else the caller's fallback. */
  lookupPcd(tokenSpace: string | undefined, name: string): string | undefined {
    const own =
      tokenSpace === undefined ? this.pcdByName.get(name) : this.pcdValues.get(`${tokenSpace}.${name}`);
    return own ?? this.options.pcdFallback?.(tokenSpace, name);
  }

  /** Expand `$(NAME)` in `text` with the macros in force for the current section. */
  expand(text: string): { readonly text: string; readonly unknown: readonly string[] } {
    if (text.indexOf('$(') < 0) return { text, unknown: NONE };
    const unknown: string[] = [];
    const out = expandMacros(
      text,
      (n) => this.lookupMacro(n, false),
      (n) => {
        if (n !== WORKSPACE) unknown.push(n);
      },
    );
    return { text: out, unknown };
  }

  /**
   * Evaluate a value expression (`SET`, FD region offsets and sizes) with the directive context,
   * as BaseTools' ValueExpression(…)(True); its warnings become diagnostics at `origin`.
   */
  evaluateValue(text: string, origin: Origin): ExprResult {
    const r = memoEvaluate(text, this.conditionContext, 'value');
    this.reportEvaluation(text, r, origin);
    return r;
  }

  /**
   * The macros in force at the end of the file that other files may use: file-global DEFINEs
   * and keywords, EDK_GLOBALs, built-ins and command-line defines (section-local ones excluded).
   */
  finalMacros(): Map<string, string> {
    const out = new Map<string, string>(this.options.inherited ?? []);
    for (const m of [this.fileMacros, this.edkGlobals, this.builtins, this.commandLine]) {
      for (const [k, v] of m) out.set(k, v);
    }
    return out;
  }

  /** The next logical line, or undefined at the end of the root file. */
  next(): LogicalLine | undefined {
    for (;;) {
      const frame = this.frames[this.frames.length - 1];
      if (!frame) return undefined;
      if (frame.index >= frame.lines.length) {
        this.closeFile(frame);
        continue;
      }
      const lineNo = frame.index + 1;
      const raw = frame.lines[frame.index]!;
      frame.index++;
      // Most lines of a skipped branch need no reading: only directives count there.
      if (this.dialect.comments === 'hash' && !this.isActive(frame) && inertWhenInactive(raw)) continue;
      let code = this.stripComment(frame, raw);
      if (code === '') continue;
      if (this.dialect.joinCodeValues && code.indexOf('{CODE(') >= 0 && !CODE_COMPLETE.test(code)) {
        code = this.joinCodeValue(frame, code);
      }
      if (code[0] === '!') {
        this.directive(frame, code, { file: frame.path, line: lineNo });
        continue;
      }
      if (!this.isActive(frame)) continue;
      const origin: Origin = { file: frame.path, line: lineNo };
      if (isSectionHeader(code)) return this.enterSection(code, origin);
      const produced = this.statement(code, origin);
      if (produced) return produced;
    }
  }

  // ───────────── files ─────────────

  private pushFile(path: string, includedFrom: Origin | undefined): void {
    const file = this.ws.read(path);
    if (!file) {
      if (includedFrom) {
        this.report(
          'error',
          DiagnosticCode.IncludeNotFound,
          `cannot read included file ${path}`,
          includedFrom,
        );
      } else {
        this.report('error', DiagnosticCode.FileUnreadable, `cannot read ${this.dialect.label} file`, {
          file: path,
          line: 0,
        });
      }
      return;
    }
    if (!this.files.includes(path)) this.files.push(path);
    this.frames.push({
      path,
      dir: relDirname(path),
      lines: file.lines,
      index: 0,
      conditionals: [],
      inBlockComment: false,
    });
  }

  private closeFile(frame: FileFrame): void {
    for (const c of frame.conditionals) {
      this.report(
        'error',
        DiagnosticCode.UnbalancedConditional,
        "no matching '!endif' before end of file",
        c.origin,
      );
    }
    this.frames.pop();
  }

  private stripComment(frame: FileFrame, raw: string): string {
    if (this.dialect.comments === 'fdf') return stripFdfComment(raw, frame);
    return cleanCode(raw);
  }

  /** A `{CODE(` value continues on the following lines until one holds `)}`. */
  private joinCodeValue(frame: FileFrame, first: string): string {
    const parts = [first];
    while (frame.index < frame.lines.length) {
      const next = this.stripComment(frame, frame.lines[frame.index]!);
      frame.index++;
      parts.push(next);
      if (next.indexOf(')}') >= 0) break;
    }
    return parts.join('\n');
  }

  private isActive(frame: FileFrame): boolean {
    const top = frame.conditionals[frame.conditionals.length - 1];
    return top === undefined || top.active;
  }

  // ───────────── directives ─────────────

  private directive(frame: FileFrame, code: string, origin: Origin): void {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(code)!;
    const name = m[1]!.toLowerCase();
    const operand = m[2]!.trim();
    const stack = frame.conditionals;
    const active = this.isActive(frame);
    if (!KNOWN_DIRECTIVES.has(name)) {
      this.report('error', DiagnosticCode.UnknownDirective, `unknown directive ${m[1]}`, origin);
      return;
    }
    if (
      (name === '!if' ||
        name === '!ifdef' ||
        name === '!ifndef' ||
        name === '!elseif' ||
        name === '!include') &&
      operand === ''
    ) {
      this.report('error', DiagnosticCode.BadExpression, `${name} without an operand`, origin);
    }
    switch (name) {
      case '!if':
      case '!ifdef':
      case '!ifndef': {
        const value = active && this.condition(name, operand, origin);
        stack.push({ parentActive: active, active: value, taken: value, sawElse: false, origin });
        return;
      }
      case '!elseif': {
        const top = stack[stack.length - 1];
        if (!top) {
          this.report('error', DiagnosticCode.UnbalancedConditional, "'!elseif' without '!if'", origin);
          return;
        }
        if (top.sawElse) {
          this.report('error', DiagnosticCode.UnbalancedConditional, "'!elseif' after '!else'", origin);
          top.active = false;
          return;
        }
        // Only the first true branch of a chain is taken; a later true condition stays off.
        const value = top.parentActive && !top.taken && this.condition('!if', operand, origin);
        top.active = value;
        top.taken ||= value;
        return;
      }
      case '!else': {
        const top = stack[stack.length - 1];
        if (!top) {
          this.report('error', DiagnosticCode.UnbalancedConditional, "'!else' without '!if'", origin);
          return;
        }
        if (top.sawElse) {
          this.report('error', DiagnosticCode.UnbalancedConditional, "second '!else' in one '!if'", origin);
          top.active = false;
          return;
        }
        top.active = top.parentActive && !top.taken;
        top.taken = true;
        top.sawElse = true;
        return;
      }
      case '!endif':
        if (!stack.pop())
          this.report('error', DiagnosticCode.UnbalancedConditional, "'!endif' without '!if'", origin);
        return;
      case '!error':
        if (active)
          this.report(
            'error',
            DiagnosticCode.ErrorDirective,
            stripQuotes(this.expand(operand).text) || '!error',
            origin,
          );
        return;
      case '!include':
        if (active && operand !== '') this.include(frame, operand, origin);
        return;
    }
  }

  /** Evaluate `!if`/`!ifdef`/`!ifndef`; an expression that cannot be evaluated is false, with a diagnostic. */
  private condition(name: string, operand: string, origin: Origin): boolean {
    if (operand === '') return false;
    if (name === '!ifdef' || name === '!ifndef') {
      const defined = isDefinedTest(operand, this.conditionContext);
      return name === '!ifdef' ? defined : !defined;
    }
    const r = memoEvaluate(operand, this.conditionContext, 'condition');
    this.reportEvaluation(operand, r, origin);
    return r.ok && isTruthy(r.value);
  }

  /** A failed expression is an error; BaseTools' "suspicious expression" warnings and macros read as 0 are warnings. */
  private reportEvaluation(text: string, r: ExprResult, origin: Origin): void {
    if (!r.ok) {
      this.report('error', DiagnosticCode.BadExpression, `cannot evaluate '${text}': ${r.error}`, origin);
      return;
    }
    for (const w of r.warnings ?? []) {
      this.report('warning', DiagnosticCode.BadExpression, `suspicious expression '${text}': ${w}`, origin);
    }
    // `!if $(FEATURE) == TRUE` with FEATURE left to an optional `-D` is everyday EDK II: worth
    // knowing, not worth a warning (BaseTools reads it as 0 without a word).
    for (const name of r.undefinedMacros ?? []) {
      this.report('info', DiagnosticCode.UnknownMacro, `macro $(${name}) is not defined (read as 0)`, origin);
    }
  }

  private include(frame: FileFrame, operand: string, origin: Origin): void {
    const written = stripQuotes(operand);
    const { text, unknown } = this.expand(written);
    for (const n of unknown) {
      this.report('error', DiagnosticCode.UnknownMacro, `macro $(${n}) in !include is not defined`, origin);
    }
    const target = this.resolveInclude(text, frame.dir);
    if (target === undefined) {
      this.report('error', DiagnosticCode.IncludeNotFound, `included file not found: ${text}`, origin);
      return;
    }
    if (this.frames.some((f) => f.path === target)) {
      const chain = [...this.frames.map((f) => f.path), target].join(' -> ');
      this.report('error', DiagnosticCode.IncludeCycle, `!include cycle: ${chain}`, origin);
      return;
    }
    this.pushFile(target, origin);
  }

  /** The including file's folder, the root file's folder, the caller's folders, then the workspace and package roots. */
  private resolveInclude(written: string, fromDir: string): string | undefined {
    const path = normalizeRelPath(written);
    if (path.indexOf('$(') >= 0) return undefined;
    if (/^\$\(WORKSPACE\)/i.test(written.trim())) return this.ws.resolve(path);
    const dirs = [fromDir, this.rootDir, ...(this.options.includeDirs ?? [])];
    for (const d of dirs) {
      const found = this.ws.resolve(path, d);
      if (found !== undefined) return found;
    }
    return this.ws.resolve(path);
  }

  // ───────────── sections ─────────────

  private enterSection(code: string, origin: Origin): SectionLine {
    let header = code;
    if (header.indexOf('$(') >= 0) {
      if (this.dialect.macrosInHeaders) header = this.expand(header).text;
      else
        this.report(
          'error',
          DiagnosticCode.MalformedLine,
          'macros cannot be used in a section header',
          origin,
        );
    }
    const parsed = parseHeader(this.dialect, header);
    if (parsed.ok) {
      this.section = { name: parsed.name, scopes: parsed.scopes, header, origin };
    } else {
      const code = parsed.error.startsWith('unknown section')
        ? DiagnosticCode.UnknownSection
        : DiagnosticCode.MalformedLine;
      this.report(code === DiagnosticCode.UnknownSection ? 'warning' : 'error', code, parsed.error, origin);
      this.section = { name: '', scopes: [], header, origin };
    }
    this.sectionMacroFree = this.dialect.macroFreeSections.has(this.section.name);
    return { kind: 'section', origin, section: this.section };
  }

  // ───────────── statements ─────────────

  private statement(code: string, origin: Origin): LogicalLine | undefined {
    const section = this.section;
    if (this.sectionMacroFree)
      return { kind: 'statement', text: code, raw: code, unknownMacros: NONE, origin, section };
    // DEFINE, EDK_GLOBAL and SET are rare: test the first letter before any regex.
    const first = code.charCodeAt(0);
    if (first === CHAR_D || first === CHAR_E) {
      const macro = MACRO_STATEMENT.exec(code);
      if (macro) return this.defineStatement(macro[1] === 'EDK_GLOBAL', code.slice(macro[0].length), origin);
    } else if (first === CHAR_S && SET_STATEMENT.test(code)) {
      return this.setStatement(code, origin);
    }
    const { text, unknown } = code.indexOf('$(') < 0 ? { text: code, unknown: NONE } : this.expand(code);
    if (this.dialect.definesKeywordsAreMacros && section.name === this.dialect.definesSection) {
      const eq = text.indexOf('=');
      if (eq > 0) this.fileMacros.set(text.slice(0, eq).trim(), text.slice(eq + 1).trim());
    }
    return { kind: 'statement', text, raw: code, unknownMacros: unknown, origin, section };
  }

  private defineStatement(isGlobal: boolean, rest: string, origin: Origin): DefineLine | undefined {
    const keyword = isGlobal ? 'EDK_GLOBAL' : 'DEFINE';
    const eq = rest.indexOf('=');
    const name = (eq < 0 ? rest : rest.slice(0, eq)).trim();
    const value = this.expand(eq < 0 ? '' : rest.slice(eq + 1).trim()).text;
    if (name === '') {
      this.report('error', DiagnosticCode.MalformedLine, `${keyword} without a macro name`, origin);
      return undefined;
    }
    if (!MACRO_NAME.test(name)) {
      this.report(
        'warning',
        DiagnosticCode.MalformedLine,
        `macro name '${name}' must match [A-Z][A-Z0-9_]*`,
        origin,
      );
    }
    if (this.builtins.has(name)) {
      this.report(
        'error',
        DiagnosticCode.DuplicateDefinition,
        `${name} is a built-in macro and cannot be redefined`,
        origin,
      );
      return undefined;
    }
    const section = this.section;
    const inDefines = section.name === this.dialect.definesSection;
    if (isGlobal) {
      if (!this.dialect.edkGlobal) {
        this.report(
          'error',
          DiagnosticCode.MalformedLine,
          `EDK_GLOBAL can only be used in a .dsc file`,
          origin,
        );
        return undefined;
      }
      if (!inDefines) {
        this.report(
          'error',
          DiagnosticCode.MalformedLine,
          'EDK_GLOBAL can only be used in the [Defines] section',
          origin,
        );
        return undefined;
      }
      this.edkGlobals.set(name, value);
    } else if (this.inSubsection) {
      // BaseTools keeps a DEFINE of a component block as a record but never as a macro.
    } else if (inDefines || section.name === '') {
      if (section.name === '' && this.dialect.sectionMacros === 'fdf') {
        this.report('warning', DiagnosticCode.MalformedLine, 'DEFINE outside any section', origin);
      }
      this.fileMacros.set(name, value);
    } else if (this.dialect.sectionMacros === 'dsc') {
      this.defineDscSectionMacro(name, value);
    } else {
      const key = fdfSectionKey(section);
      let m = this.fdfSectionMacros.get(key);
      if (!m) {
        m = new Map();
        this.fdfSectionMacros.set(key, m);
      }
      m.set(name, value);
    }
    return { kind: 'define', name, value, isGlobal, origin, section };
  }

  private setStatement(code: string, origin: Origin): SetLine | undefined {
    const body = SET_BODY.exec(code.replace(SET_STATEMENT, ''));
    if (!body) {
      this.report('error', DiagnosticCode.MalformedLine, 'expected SET TokenSpace.PcdName = value', origin);
      return undefined;
    }
    if (!this.dialect.setSupported) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `SET is not supported in a ${this.dialect.label} file`,
        origin,
      );
    }
    const pcd: PcdName = { tokenSpace: body[1]!, name: body[2]! };
    const expression = body[3]!.trim();
    const r = this.evaluateValue(expression, origin);
    const expanded = this.expand(expression).text;
    const value = r.ok ? pcdValueText(r.value, expanded) : expanded;
    this.setPcd(pcd.tokenSpace, pcd.name, value);
    return { kind: 'set', pcd, expression, value, origin, section: this.section };
  }

  // ───────────── macro scopes ─────────────

  private defineDscSectionMacro(name: string, value: string): void {
    for (const s of this.section.scopes) {
      const scope = scopeKeyOf(s);
      let set = this.dscSectionMacros.find(
        (e) => e.section === this.section.name && sameScope(e.scope, scope),
      );
      if (!set) {
        set = { section: this.section.name, scope, values: new Map() };
        this.dscSectionMacros.push(set);
      }
      set.values.set(name, value);
    }
  }

  /**
   * BaseTools' _GetApplicableSectionMacro for one scope: DEFINEs of sections of the same type
   * whose scope is the same (specific), or covers it by arch or by module type, or is common;
   * the more specific wins. Directives are evaluated with the common scope.
   */
  private dscSectionMacro(name: string, scope: ScopeKey): string | undefined {
    let comCom: string | undefined;
    let comSpe: string | undefined;
    let speSpe: string | undefined;
    for (const e of this.dscSectionMacros) {
      if (e.section !== this.section.name) continue;
      const v = e.values.get(name);
      if (v === undefined) continue;
      if (sameScope(e.scope, scope)) speSpe = v;
      if (
        sameScope(e.scope, scope) ||
        sameScope(e.scope, { arch: scope.arch, moduleType: COMMON, extra: COMMON }) ||
        sameScope(e.scope, { arch: COMMON, moduleType: scope.moduleType, extra: COMMON })
      ) {
        comSpe = v;
      }
      if (sameScope(e.scope, COMMON_SCOPE)) comCom = v;
    }
    return speSpe ?? comSpe ?? comCom;
  }

  private sectionMacro(name: string, forCondition: boolean): string | undefined {
    if (this.section.name === '' || this.section.name === this.dialect.definesSection) return undefined;
    if (this.dialect.sectionMacros === 'fdf')
      return this.fdfSectionMacros.get(fdfSectionKey(this.section))?.get(name);
    if (this.dscSectionMacros.length === 0) return undefined;
    if (forCondition) return this.dscSectionMacro(name, COMMON_SCOPE);
    for (const s of this.section.scopes) {
      const v = this.dscSectionMacro(name, scopeKeyOf(s));
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /**
   * Precedence, lowest first: inherited (the DSC's, for an FDF), file-global DEFINEs and
   * keywords, section DEFINEs, EDK_GLOBAL, built-ins, command line — except that in a DSC
   * directive the built-ins win over the command line too, as BaseTools evaluates them.
   * `$(WORKSPACE)` stays unexpanded in text: paths in the model are workspace-relative and
   * normalizeRelPath drops that prefix, whatever disk folder the caller's WORKSPACE names.
   */
  private lookupMacro(name: string, forCondition: boolean): string | undefined {
    if (name === WORKSPACE && !forCondition) return undefined;
    if (forCondition && this.dialect.builtinsWinInConditions) {
      const b = this.builtins.get(name);
      if (b !== undefined) return b;
    }
    return (
      this.commandLine.get(name) ??
      this.builtins.get(name) ??
      this.edkGlobals.get(name) ??
      this.sectionMacro(name, forCondition) ??
      this.fileMacros.get(name) ??
      this.options.inherited?.get(name)
    );
  }

  private report(
    severity: DiagnosticSeverity,
    code: Diagnostic['code'],
    message: string,
    origin: Origin,
  ): void {
    this.ws.diagnostics.report({
      severity,
      code,
      message,
      file: origin.file,
      ...(origin.line > 0 ? { line: origin.line } : {}),
    });
  }
}

/**
 * Whether a line in a skipped branch of a `#`-comment file can be passed over unread: its first
 * non-blank character is no `!` (so it is no directive) and it opens no `{CODE(` value, which
 * would take the following lines with it. Unusual leading characters get the full treatment.
 */
function inertWhenInactive(raw: string): boolean {
  let i = 0;
  while (i < raw.length && (raw.charCodeAt(i) === 0x20 || raw.charCodeAt(i) === 0x09)) i++;
  if (i < raw.length) {
    const c = raw.charCodeAt(i);
    if (c === 0x21 /* ! */ || c < 0x20 || c > 0x7e) return false;
  }
  return raw.indexOf('{CODE(') < 0;
}

/** FdfParser keys section macros by section name and UI name (`FV`, `DXEFV`). */
function fdfSectionKey(section: SectionContext): string {
  const first = section.scopes[0];
  return `${section.name.toUpperCase()}.${first ? first.arch.toUpperCase() : ''}`;
}

const parsedHeaders = new WeakMap<PreprocessorDialect, Map<string, SectionHeaderResult>>();

/** Headers recur in every DSC and include; their parsed scopes are immutable, so share them. */
function parseHeader(dialect: PreprocessorDialect, header: string): SectionHeaderResult {
  let cache = parsedHeaders.get(dialect);
  if (!cache) {
    cache = new Map();
    parsedHeaders.set(dialect, cache);
  }
  let parsed = cache.get(header);
  if (!parsed) {
    parsed = parseSectionHeader(dropEmptyHeaderItems(header), dialect.canonicalSection);
    cache.set(header, parsed);
  }
  return parsed;
}

/** BaseTools skips empty items of a header (`[LibraryClasses.common.SEC, ]`). */
function dropEmptyHeaderItems(header: string): string {
  if (header.indexOf(',') < 0) return header;
  const items = header.slice(1, -1).split(',');
  return items.every((i) => i.trim() !== '') ? header : `[${items.filter((i) => i.trim() !== '').join(',')}]`;
}

function stripQuotes(s: string): string {
  return s.length >= 2 && s[0] === '"' && s[s.length - 1] === '"' ? s.slice(1, -1) : s;
}

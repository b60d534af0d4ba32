/**
 * Facts about one NASM source file: labels and the routines they span, instructions (with raw
 * `db` encodings), calls and jumps including edk2's stackless `OneTimeCall`/`OneTimeCallRet`
 * macros, `%include`/`#include`, macro definitions, defines and conditional blocks.
 *
 * The scanner works line by line on comment-masked text and never evaluates the preprocessor:
 * every branch of `%if`/`#if` is scanned, because CC code often sits in the branch one build does
 * not take (the reset vector's `%ifdef ARCH_X64`). BaseTools runs the C preprocessor over every
 * NASM source before NASM sees it (build_rule.template), so `#` lines are C-preprocessor lines in
 * `.nasm` files as well as in `.nasmb` ones; they are recorded as such, not parsed as NASM.
 * Include resolution and assembly units live in nasm-include.ts (re-exported here).
 */
import { classifyWord, isX86Mnemonic } from './nasm-mnemonics.js';

export type NasmBits = 16 | 32 | 64;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

export interface NasmLabel {
  /** As NASM sees it after `ASM_PFX(x)` → `x`; local labels keep their dot (`.loop`). */
  readonly name: string;
  readonly line: number;
  /**
   * Last line of code before the next non-local label (for a local label: before the next label
   * of any kind), or before the end of the file; comment and blank lines at the end are left out.
   */
  readonly endLine: number;
  /** `.foo`: NASM attaches it to the previous non-local label. */
  readonly local: boolean;
  /** Named by a `global` directive of the same file. */
  readonly global: boolean;
  /** For a local label, the non-local label it belongs to (NASM's `Parent.local`). */
  readonly parent?: string;
}

/** `instruction`: a machine instruction; `data`: db/dw/…/resb/incbin; `macro`: a macro invocation. */
export type NasmStatementKind = 'instruction' | 'data' | 'macro';

export interface NasmInstruction {
  readonly line: number;
  /** Lower-case; for a macro invocation the macro name lower-cased. */
  readonly mnemonic: string;
  /** `rep`, `lock`, `o32`, … (space-separated when several), or `times`. */
  readonly prefix?: string;
  readonly operands: string;
  /** The enclosing non-local label; absent inside a macro body and before the first label. */
  readonly label?: string;
  readonly kind: NasmStatementKind;
  /** The `%macro` whose body holds this line. */
  readonly macro?: string;
  /** The last `BITS`/`USEnn` seen before it, when the file set one. */
  readonly bits?: NasmBits;
  /** The count expression of a `times` prefix. */
  readonly repeat?: string;
}

export interface NasmDataBytes {
  readonly line: number;
  /** Every item of a `db` line that is a literal (numbers, characters, strings), as bytes. */
  readonly bytes: readonly number[];
  readonly label?: string;
  readonly macro?: string;
}

export type NasmCallKind = 'call' | 'jmp' | 'jcc' | 'OneTimeCall' | 'OneTimeCallRet' | 'macro';

export interface NasmCall {
  readonly kind: NasmCallKind;
  /**
   * The label jumped to (`ASM_PFX` removed, selector of a far jump dropped), the routine named
   * by `OneTimeCall`/`OneTimeCallRet`, or the macro's name; register and memory operands as written.
   */
  readonly target: string;
  readonly line: number;
  /** Lower-case mnemonic (`jne`, `call`) or macro name. */
  readonly mnemonic: string;
  /** The enclosing routine (non-local label). */
  readonly label?: string;
  readonly macro?: string;
  /** Register or memory operand: the target is computed at run time. */
  readonly indirect: boolean;
  /**
   * For `OneTimeCall X` and `OneTimeCallRet X`: the label the pair meets at,
   * `XOneTimerCallReturn` (CommonMacros.inc and MpFuncs.nasm spell it *Timer*).
   */
  readonly returnLabel?: string;
}

export type NasmIncludeKind = '%include' | '#include';

export interface NasmInclude {
  /** The file name as written, between the quotes or angle brackets. */
  readonly path: string;
  readonly line: number;
  readonly kind: NasmIncludeKind;
  readonly form: 'quoted' | 'angled';
  /** The routine the include sits in: the included code assembles inside it. */
  readonly label?: string;
}

export interface NasmMacro {
  readonly name: string;
  readonly line: number;
  readonly endLine: number;
  /** Everything after the name: parameter count/range, `+`, `.nolist`, defaults. */
  readonly params: string;
  /** Lines between `%macro` and `%endmacro`, comments blanked, trailing spaces removed. */
  readonly body: readonly string[];
  /** `%imacro`: invoked under any case. */
  readonly caseInsensitive: boolean;
}

export interface NasmDefine {
  readonly name: string;
  /** The parameter list of a function-like define (`%define ASM_PFX(x) x` → `x`). */
  readonly params?: string;
  readonly value: string;
  readonly line: number;
  /** Lower-case: `%define`, `%xdefine`, `%assign`, `equ`, `#define`, … */
  readonly directive: string;
}

export interface NasmConditionalBranch {
  readonly line: number;
  /** `%elif…`, `%else`, `#elif`, `#else`. */
  readonly directive: string;
  readonly condition: string;
}

export interface NasmConditional {
  readonly line: number;
  /** The `%endif`/`#endif` line (last line of the file when unterminated). */
  readonly endLine: number;
  /** Lower-case opening directive: `%if`, `%ifdef`, `%ifndef`, `%ifidn`, `#if`, `#ifdef`, … */
  readonly directive: string;
  readonly condition: string;
  readonly branches: readonly NasmConditionalBranch[];
}

export interface NasmParseIssue {
  readonly line: number;
  readonly message: string;
}

export interface NasmFileFacts {
  readonly path: string;
  readonly labels: readonly NasmLabel[];
  readonly instructions: readonly NasmInstruction[];
  readonly dataBytes: readonly NasmDataBytes[];
  readonly calls: readonly NasmCall[];
  readonly includes: readonly NasmInclude[];
  readonly macros: readonly NasmMacro[];
  readonly defines: readonly NasmDefine[];
  readonly conditionals: readonly NasmConditional[];
  /** Names given to `global` (ASM_PFX removed): exported, possibly defined in an included file. */
  readonly globals: readonly string[];
  /** Names given to `extern`: usually C functions the assembly calls. */
  readonly externs: readonly string[];
  /** C-preprocessor lines (`#include`, `#define`, `#if` …), trimmed. */
  readonly cppLines: readonly { readonly line: number; readonly text: string }[];
  readonly parseIssues: readonly NasmParseIssue[];
}

/** The suffix edk2's `OneTimeCall` macro appends to build its return label. */
export const ONE_TIME_CALL_RETURN_SUFFIX = 'OneTimerCallReturn';

/**
 * Blank `;` comments to spaces of the same length, keeping line breaks and anything inside
 * '…', "…" and `…` strings (NASM strings never span lines), so offsets and lines stay valid.
 */
export function maskNasmComments(text: string): string {
  let out = '';
  let copied = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === NEWLINE) quote = 0;
      else if (c === quote) quote = 0;
      else if (quote === BACKQUOTE && c === BACKSLASH && text.charCodeAt(i + 1) !== NEWLINE) i++;
      continue;
    }
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === BACKQUOTE) {
      quote = c;
    } else if (c === SEMICOLON) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      out += text.slice(copied, i) + ' '.repeat(end - i);
      copied = end;
      i = end - 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const NEWLINE = 10;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;
const BACKQUOTE = 96;
const BACKSLASH = 92;
const SEMICOLON = 59;

/** `ASM_PFX(Name)` (edk2's symbol-prefix macro, `%define ASM_PFX(x) x` or -D) → `Name`. */
const ASM_PFX = /^ASM_PFX\s*\(\s*([^\s()]+)\s*\)$/;
/** A label with its colon: plain, `ASM_PFX(x)`, or macro-built (`%1 %+ Suffix`, `%%skip`, `Stub%[n]`). */
const LABEL_WITH_COLON =
  /^(ASM_PFX\s*\(\s*[^\s()]+\s*\)|[A-Za-z_.?$@%][\w$#@~.?%[\]]*(?:\s*%\+\s*[\w$#@~.?%[\]]+)*)\s*:/;
const ASM_PFX_WORD = /^ASM_PFX\s*\(\s*[^\s()]+\s*\)/;
const DIRECTIVE_WORD = /^%([A-Za-z]+)\b\s*/;
const CPP_WORD = /^#\s*([A-Za-z]+)\b\s*/;
const NASM_DEFINE = /^([^\s(]+)(?:\(([^)]*)\))?\s*(.*)$/;
const CPP_DEFINE = /^([A-Za-z_]\w*)(?:\(([^)]*)\))?\s*(.*)$/;
const INCLUDE_OPERAND = /^(?:"([^"]*)"|'([^']*)'|<([^>]*)>)/;
const IDENTIFIER_G = /[A-Za-z_.?$@][\w$#@~.?]*/g;
const REGISTER = /^(?:[er]?(?:ax|bx|cx|dx|si|di|sp|bp|ip)|r(?:[89]|1[0-5])[dwb]?)$/i;
/** `dword[rax]`, `far[bx]`: a size word glued to a memory operand. */
const SIZED_MEMORY = /^(?:byte|word|dword|qword|tword|far|near)\s*\[/i;
const BRANCH_SIZE_WORDS = new Set([
  'short',
  'near',
  'far',
  'strict',
  'byte',
  'word',
  'dword',
  'qword',
  'tword',
]);
const NASM_DEFINE_DIRECTIVES = new Set([
  'define',
  'xdefine',
  'idefine',
  'ixdefine',
  'assign',
  'iassign',
  'deftok',
  'ideftok',
  'defstr',
  'idefstr',
]);

/** `ASM_PFX(Foo)` → `Foo`; other names unchanged. */
export function normalizeNasmSymbol(written: string): string {
  const t = written.trim();
  const m = t.startsWith('ASM_PFX') ? ASM_PFX.exec(t) : null;
  return m ? m[1]! : t;
}

/** Path extensions NASM sources carry in edk2; `.S` (GAS) and the DSC/FDF `.inc` files are not NASM. */
export function isNasmLikePath(path: string): boolean {
  const lower = path.toLowerCase();
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  // `X.inc` and `X.nasm.inc` are NASM includes; `X.dsc.inc`, `X.fdf.inc`, `Cert.cer.Pcd.inc` are not.
  if (name.endsWith('.inc') && !/^[^.]*(\.nasm)?\.inc$/.test(name)) return false;
  if (!/\.(nasm|nasmb|asm|inc)$/.test(name)) return false;
  // armasm sources use .asm and RISC-V GAS macros use .inc: never x86 NASM.
  return !/(^|\/)(aarch64|arm|riscv64|loongarch64)\//.test(lower);
}

/** Sources BaseTools hands to NASM itself (build_rule.template: `?.nasm`, `?.nasmb`). */
export function isNasmAssembledSource(path: string): boolean {
  return /\.nasmb?$/i.test(path);
}

interface OpenConditional {
  readonly line: number;
  readonly directive: string;
  readonly condition: string;
  readonly branches: NasmConditionalBranch[];
}

interface OpenMacro {
  readonly name: string;
  readonly line: number;
  readonly params: string;
  readonly caseInsensitive: boolean;
  readonly nasmConditionalDepth: number;
  readonly bitsOutside: NasmBits | undefined;
}

interface PendingLabel {
  readonly name: string;
  readonly line: number;
  readonly local: boolean;
  readonly parent?: string;
}

class NasmScanner {
  private readonly labels: PendingLabel[] = [];
  private readonly globals = new Set<string>();
  private readonly externs = new Set<string>();
  private readonly instructions: NasmInstruction[] = [];
  private readonly dataBytes: NasmDataBytes[] = [];
  private readonly calls: NasmCall[] = [];
  private readonly includes: NasmInclude[] = [];
  private readonly macros: NasmMacro[] = [];
  private readonly defines: NasmDefine[] = [];
  private readonly conditionals: NasmConditional[] = [];
  private readonly cppLines: { line: number; text: string }[] = [];
  private readonly issues: NasmParseIssue[] = [];

  private readonly nasmConditionals: OpenConditional[] = [];
  private readonly cppConditionals: OpenConditional[] = [];
  private readonly repBlocks: number[] = [];
  private readonly macroNames = new Set<string>();
  private readonly macroNamesAnyCase = new Set<string>();
  private macro: OpenMacro | undefined;
  /** `%macro` nested inside a macro body: part of the outer body, counted to find its end. */
  private innerMacroDepth = 0;
  private strucLine: number | undefined;
  private routine: string | undefined;
  private bits: NasmBits | undefined;
  private line = 0;

  /** Offset in the text where each line starts (index 0 = line 1). */
  private readonly lineStarts: number[] = [];
  /** Numbers of the lines that hold code (not blank, not only a comment), ascending. */
  private readonly codeLines: number[] = [];

  constructor(
    private readonly path: string,
    private readonly text: string,
  ) {}

  /** The next `;` of the text at or after the line being cut (-1: none left). */
  private semicolon = 0;

  private cutLine(start: number, end: number): string {
    if (this.semicolon >= 0 && this.semicolon < start) this.semicolon = this.text.indexOf(';', start);
    return codeBetween(this.text, start, end, false, this.semicolon);
  }

  /** Walks the text by offsets: one string per line of code, none for blank and comment lines. */
  run(): NasmFileFacts {
    const text = this.text;
    const length = text.length;
    this.semicolon = text.indexOf(';');
    let pos = 0;
    while (pos < length) {
      let eol = text.indexOf('\n', pos);
      if (eol < 0) eol = length;
      this.lineStarts.push(pos);
      let code = this.cutLine(pos, eol);
      pos = eol + 1;
      if (code === '') continue;
      this.line = this.lineStarts.length;
      this.codeLines.push(this.line);
      // A trailing backslash continues the line (multi-line %define values).
      while (code.endsWith('\\') && pos < length) {
        eol = text.indexOf('\n', pos);
        if (eol < 0) eol = length;
        this.lineStarts.push(pos);
        const next = this.cutLine(pos, eol);
        pos = eol + 1;
        if (next !== '') this.codeLines.push(this.lineStarts.length);
        code = `${code.slice(0, -1).trimEnd()} ${next}`;
      }
      const first = code.charCodeAt(0);
      if (first === 35 /* # */) this.cppLine(code);
      else if (first === 37 /* % */ && DIRECTIVE_WORD.test(code)) this.directive(code);
      else if (this.macro === undefined && this.strucLine !== undefined) this.strucBody(code);
      else this.statement(code, false);
    }
    const count = this.lineStarts.length;
    this.closeAtEnd(count);
    return {
      path: this.path,
      labels: this.finishLabels(count),
      instructions: this.instructions,
      dataBytes: this.dataBytes,
      calls: this.calls,
      includes: this.includes,
      macros: this.macros,
      defines: this.defines,
      conditionals: this.conditionals.sort((a, b) => a.line - b.line),
      globals: [...this.globals],
      externs: [...this.externs],
      cppLines: this.cppLines,
      parseIssues: this.issues.sort((a, b) => a.line - b.line),
    };
  }

  // ───────────── preprocessor ─────────────

  private directive(code: string): void {
    const m = DIRECTIVE_WORD.exec(code)!;
    const word = m[1]!.toLowerCase();
    const rest = code.slice(m[0].length).trim();
    if (word === 'macro' || word === 'imacro' || word === 'rmacro' || word === 'irmacro') {
      this.openMacro(word, rest);
    } else if (word === 'endmacro' || word === 'endm') {
      this.endMacro();
    } else if (word.startsWith('if')) {
      this.nasmConditionals.push({ line: this.line, directive: `%${word}`, condition: rest, branches: [] });
    } else if (word.startsWith('elif') || word === 'else') {
      this.branch(this.nasmConditionals, `%${word}`, rest);
    } else if (word === 'endif') {
      this.closeConditional(this.nasmConditionals, '%endif');
    } else if (word === 'rep') {
      this.repBlocks.push(this.line);
    } else if (word === 'endrep') {
      if (this.repBlocks.pop() === undefined) this.issue('%endrep without %rep');
    } else if (word === 'include') {
      this.include('%include', rest);
    } else if (NASM_DEFINE_DIRECTIVES.has(word)) {
      this.nasmDefine(`%${word}`, rest);
    }
  }

  private openMacro(word: string, rest: string): void {
    if (this.macro !== undefined) {
      this.innerMacroDepth++;
      return;
    }
    const m = /^(\S+)\s*(.*)$/.exec(rest);
    if (!m) {
      this.issue(`%${word} without a name`);
      return;
    }
    const caseInsensitive = word.startsWith('i');
    this.macro = {
      name: m[1]!,
      line: this.line,
      params: m[2]!.trim(),
      caseInsensitive,
      nasmConditionalDepth: this.nasmConditionals.length,
      bitsOutside: this.bits,
    };
    if (caseInsensitive) this.macroNamesAnyCase.add(m[1]!.toLowerCase());
    else this.macroNames.add(m[1]!);
  }

  private endMacro(): void {
    if (this.macro === undefined) this.issue('%endmacro without %macro');
    else if (this.innerMacroDepth > 0) this.innerMacroDepth--;
    else this.closeMacro(this.line, this.line - 1);
  }

  /** Record the open macro: `endLine` is its %endmacro (or the file's last line), `bodyEnd` its last body line. */
  private closeMacro(endLine: number, bodyEnd: number): void {
    const open = this.macro!;
    while (this.nasmConditionals.length > open.nasmConditionalDepth) {
      const c = this.nasmConditionals[this.nasmConditionals.length - 1]!;
      this.issueAt(c.line, `${c.directive} inside %macro ${open.name} is not closed before %endmacro`);
      this.closeConditional(this.nasmConditionals, '%endif', endLine);
    }
    const body: string[] = [];
    for (let l = open.line + 1; l <= bodyEnd; l++) body.push(this.lineText(l, true));
    this.macros.push({
      name: open.name,
      line: open.line,
      endLine,
      params: open.params,
      body,
      caseInsensitive: open.caseInsensitive,
    });
    // A body is a template: its BITS switches take effect where it is expanded, not here.
    this.bits = open.bitsOutside;
    this.macro = undefined;
    this.innerMacroDepth = 0;
  }

  private branch(stack: OpenConditional[], directive: string, condition: string): void {
    const open = stack[stack.length - 1];
    if (open === undefined) this.issue(`${directive} without an open ${directive[0]}if`);
    else open.branches.push({ line: this.line, directive, condition });
  }

  private closeConditional(stack: OpenConditional[], directive: string, endLine = this.line): void {
    const open = stack.pop();
    if (open === undefined) {
      this.issue(`${directive} without an open ${directive[0]}if`);
      return;
    }
    this.conditionals.push({
      line: open.line,
      endLine,
      directive: open.directive,
      condition: open.condition,
      branches: open.branches,
    });
  }

  private include(kind: NasmIncludeKind, operand: string): void {
    const m = INCLUDE_OPERAND.exec(operand);
    if (!m) {
      // `#include MACRO_NAME` is legal C; only NASM insists on a quoted name.
      if (kind === '%include') this.issue(`%include without a quoted or <bracketed> file name`);
      return;
    }
    const angled = m[3] !== undefined;
    this.includes.push({
      path: (m[1] ?? m[2] ?? m[3]!).trim(),
      line: this.line,
      kind,
      form: angled ? 'angled' : 'quoted',
      ...(this.routine !== undefined && this.macro === undefined ? { label: this.routine } : {}),
    });
  }

  private nasmDefine(directive: string, rest: string): void {
    const m = NASM_DEFINE.exec(rest);
    if (!m || m[1] === '') {
      this.issue(`${directive} without a name`);
      return;
    }
    this.pushDefine(m[1]!, m[2], m[3]!.trim(), directive);
  }

  private pushDefine(name: string, params: string | undefined, value: string, directive: string): void {
    this.defines.push({
      name,
      ...(params !== undefined ? { params: params.trim() } : {}),
      value,
      line: this.line,
      directive,
    });
  }

  private cppLine(code: string): void {
    this.cppLines.push({ line: this.line, text: code });
    const m = CPP_WORD.exec(code);
    if (!m) return;
    const word = m[1]!.toLowerCase();
    const rest = code.slice(m[0].length).trim();
    if (word === 'include') this.include('#include', rest);
    else if (word === 'if' || word === 'ifdef' || word === 'ifndef') {
      this.cppConditionals.push({ line: this.line, directive: `#${word}`, condition: rest, branches: [] });
    } else if (word === 'elif' || word === 'else') this.branch(this.cppConditionals, `#${word}`, rest);
    else if (word === 'endif') this.closeConditional(this.cppConditionals, '#endif');
    else if (word === 'define') {
      const d = CPP_DEFINE.exec(rest);
      if (d) this.pushDefine(d[1]!, d[2], d[3]!.trim(), '#define');
    }
  }

  // ───────────── statements ─────────────

  private strucBody(code: string): void {
    if (/^endstruc\b/i.test(code)) this.strucLine = undefined;
  }

  private statement(code: string, labelled: boolean): void {
    let rest = code;
    if (!labelled && rest.indexOf(':') > 0) {
      const m = LABEL_WITH_COLON.exec(rest);
      if (m) {
        rest = rest.slice(m[0].length).trim();
        if (/^equ\b/i.test(rest)) {
          this.pushDefine(normalizeNasmSymbol(m[1]!), undefined, rest.slice(3).trim(), 'equ');
          return;
        }
        this.label(m[1]!);
        labelled = true;
        if (rest === '') return;
      }
    }
    if (rest.charCodeAt(0) === 91 /* [ */) {
      const close = rest.indexOf(']');
      this.statement(rest.slice(1, close < 0 ? undefined : close).trim(), labelled);
      return;
    }
    let end = wordEnd(rest);
    let word = rest.slice(0, end);
    let after = rest.slice(skipBlanks(rest, end));
    let lower = word.toLowerCase();
    let cls = classifyWord(lower);
    let prefix: string | undefined;
    while (cls === 'prefix' && this.startsStatement(after)) {
      prefix = prefix === undefined ? lower : `${prefix} ${lower}`;
      end = wordEnd(after);
      word = after.slice(0, end);
      after = after.slice(skipBlanks(after, end));
      lower = word.toLowerCase();
      cls = classifyWord(lower);
    }
    if (prefix === undefined && cls === 'times') this.times(after);
    else if (prefix === undefined && cls === 'directive') this.assemblerDirective(lower, after);
    else if (this.isMacroName(word)) this.macroInvocation(word, after);
    else if (cls === 'data') this.data(lower, after, prefix);
    else if (cls === 'instruction' || cls === 'prefix') {
      this.pushInstruction(lower, after, 'instruction', prefix, undefined);
    } else if (cls === 'call' || cls === 'jmp' || cls === 'jcc') {
      this.pushInstruction(lower, after, 'instruction', prefix, undefined);
      this.pushCall(cls, branchTarget(after), lower, undefined);
    } else if (!labelled && prefix === undefined) this.unknownFirstWord(word, after);
    else this.macroInvocation(word, after);
  }

  /** A statement whose first word is no instruction, directive or known macro. */
  private unknownFirstWord(word: string, after: string): void {
    if (after === '' && word.startsWith('.')) {
      // `.2` alone on a line: a local label written without its colon.
      this.label(word);
    } else if (this.startsStatement(after)) {
      // `mFoo dd 0`, `ASM_PFX(gBar) DQ 0`: a label without its colon.
      const end = wordEnd(after);
      if (after.slice(0, end).toLowerCase() === 'equ') {
        this.pushDefine(normalizeNasmSymbol(word), undefined, after.slice(skipBlanks(after, end)), 'equ');
        return;
      }
      this.label(word);
      this.statement(after, true);
    } else {
      this.macroInvocation(word, after);
    }
  }

  /** Whether text begins with something only a statement can begin with (after a bare label). */
  private startsStatement(text: string): boolean {
    if (text === '') return false;
    const c = classifyWord(text.slice(0, wordEnd(text)).toLowerCase());
    return c !== undefined && c !== 'directive';
  }

  private isMacroName(word: string): boolean {
    if (this.macroNames.size === 0 && this.macroNamesAnyCase.size === 0) return false;
    return this.macroNames.has(word) || this.macroNamesAnyCase.has(word.toLowerCase());
  }

  private times(after: string): void {
    IDENTIFIER_G.lastIndex = 0;
    for (let m = IDENTIFIER_G.exec(after); m !== null; m = IDENTIFIER_G.exec(after)) {
      const lower = m[0].toLowerCase();
      const cls = classifyWord(lower);
      const isData = cls === 'data';
      if (isData || isX86Mnemonic(lower) || this.isMacroName(m[0])) {
        const operands = after.slice(m.index + m[0].length).trim();
        const repeat = after.slice(0, m.index).trim();
        this.pushInstruction(lower, operands, isData ? 'data' : 'instruction', 'times', repeat);
        return;
      }
    }
    this.pushInstruction('times', after, 'instruction', undefined, undefined);
  }

  private assemblerDirective(word: string, operands: string): void {
    if (word === 'bits') {
      const n = Number.parseInt(operands, 10);
      if (n === 16 || n === 32 || n === 64) this.bits = n;
    } else if (word === 'use16' || word === 'use32' || word === 'use64') {
      this.bits = Number.parseInt(word.slice(3), 10) as NasmBits;
    } else if (word === 'global' || word === 'extern') {
      const names = word === 'global' ? this.globals : this.externs;
      for (const item of splitOperands(operands)) {
        const colon = item.indexOf(':');
        names.add(normalizeNasmSymbol(colon < 0 ? item : item.slice(0, colon)));
      }
    } else if (word === 'struc' && this.macro === undefined) {
      this.strucLine = this.line;
    }
  }

  private data(mnemonic: string, operands: string, prefix: string | undefined): void {
    this.pushInstruction(mnemonic, operands, 'data', prefix, undefined);
    if (mnemonic !== 'db') return;
    const bytes = literalBytes(operands);
    if (bytes === undefined) return;
    const fact: Writable<NasmDataBytes> = { line: this.line, bytes };
    this.attribute(fact);
    this.dataBytes.push(fact);
  }

  private macroInvocation(name: string, operands: string): void {
    const lower = name.toLowerCase();
    this.pushInstruction(lower, operands, 'macro', undefined, undefined);
    if (lower === 'onetimecall' || lower === 'onetimecallret') {
      const target = normalizeNasmSymbol(splitOperands(operands)[0] ?? '');
      const kind = lower === 'onetimecall' ? 'OneTimeCall' : 'OneTimeCallRet';
      this.pushCall(kind, { target, indirect: false }, lower, `${target}${ONE_TIME_CALL_RETURN_SUFFIX}`);
    } else {
      this.pushCall('macro', { target: name, indirect: false }, lower, undefined);
    }
  }

  private pushInstruction(
    mnemonic: string,
    operands: string,
    kind: NasmStatementKind,
    prefix: string | undefined,
    repeat: string | undefined,
  ): void {
    const ins: Writable<NasmInstruction> = { line: this.line, mnemonic, operands, kind };
    if (prefix !== undefined) ins.prefix = prefix;
    this.attribute(ins);
    if (this.bits !== undefined) ins.bits = this.bits;
    if (repeat !== undefined) ins.repeat = repeat;
    this.instructions.push(ins);
  }

  private pushCall(
    kind: NasmCallKind,
    where: { target: string; indirect: boolean },
    mnemonic: string,
    returnLabel: string | undefined,
  ): void {
    const c: Writable<NasmCall> = {
      kind,
      target: where.target,
      line: this.line,
      mnemonic,
      indirect: where.indirect,
    };
    this.attribute(c);
    if (returnLabel !== undefined) c.returnLabel = returnLabel;
    this.calls.push(c);
  }

  /** Lines in a macro body belong to the macro, everything else to the current routine. */
  private attribute(fact: { label?: string; macro?: string }): void {
    if (this.macro !== undefined) fact.macro = this.macro.name;
    else if (this.routine !== undefined) fact.label = this.routine;
  }

  private label(written: string): void {
    // Labels in a macro body (`%1 %+ …OneTimerCallReturn:`, `%%skip:`) exist only where it expands.
    if (this.macro !== undefined) return;
    const name = normalizeNasmSymbol(written);
    const local = name.startsWith('.');
    this.labels.push({
      name,
      line: this.line,
      local,
      ...(local && this.routine !== undefined ? { parent: this.routine } : {}),
    });
    if (!local) this.routine = name;
  }

  // ───────────── end of file ─────────────

  private closeAtEnd(count: number): void {
    const last = Math.max(count, 1);
    if (this.macro !== undefined) {
      this.issueAt(this.macro.line, `%macro ${this.macro.name} has no %endmacro`);
      this.closeMacro(last, count);
    }
    for (const [stack, end] of [
      [this.nasmConditionals, '%endif'],
      [this.cppConditionals, '#endif'],
    ] as const) {
      while (stack.length > 0) {
        this.issueAt(stack[stack.length - 1]!.line, `${stack[stack.length - 1]!.directive} has no ${end}`);
        this.closeConditional(stack, end, last);
      }
    }
    for (const line of this.repBlocks) this.issueAt(line, '%rep has no %endrep');
    if (this.strucLine !== undefined) this.issueAt(this.strucLine, 'struc has no endstruc');
  }

  /** Line `n` (1-based) without its comment. */
  private lineText(n: number, keepIndent: boolean): string {
    const start = this.lineStarts[n - 1]!;
    const eol = this.text.indexOf('\n', start);
    const end = eol < 0 ? this.text.length : eol;
    return codeBetween(this.text, start, end, keepIndent, this.text.indexOf(';', start));
  }

  /** The last line ≤ `line` that holds code (0 if none), so spans end on code, not comments. */
  private lastCodeLine(line: number): number {
    const lines = this.codeLines;
    let lo = 0;
    let hi = lines.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (lines[mid]! <= line) {
        found = lines[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private finishLabels(count: number): NasmLabel[] {
    const labels = this.labels;
    // routineEnd[k]: the line before the first non-local label after label k, or the last line.
    const routineEnd = new Int32Array(labels.length);
    let end = count;
    for (let k = labels.length - 1; k >= 0; k--) {
      routineEnd[k] = end;
      if (!labels[k]!.local) end = labels[k]!.line - 1;
    }
    return labels.map((l, k) => {
      const next = labels[k + 1];
      const boundary =
        l.local && next !== undefined ? Math.min(next.line - 1, routineEnd[k]!) : routineEnd[k]!;
      return {
        name: l.name,
        line: l.line,
        endLine: Math.max(l.line, this.lastCodeLine(Math.min(boundary, count))),
        local: l.local,
        global: this.globals.has(l.name),
        ...(l.parent !== undefined ? { parent: l.parent } : {}),
      };
    });
  }

  private issue(message: string): void {
    this.issueAt(this.line, message);
  }

  private issueAt(line: number, message: string): void {
    this.issues.push({ line, message });
  }
}

/** End of the first word of a statement (`ASM_PFX(x)` is one word). */
function wordEnd(text: string): number {
  let end = 0;
  if (text.startsWith('ASM_PFX')) {
    const m = ASM_PFX_WORD.exec(text);
    if (m) end = m[0].length;
  }
  while (end < text.length && !isWordBreak(text.charCodeAt(end))) end++;
  return end;
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  return i;
}

const isBlank = (c: number): boolean => c === 32 || c === 9;
const isWordBreak = (c: number): boolean => c === 32 || c === 9 || c === 44;

/** Split operands on top-level commas (outside quotes, parentheses and brackets). */
export function splitOperands(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (quote === BACKQUOTE && c === BACKSLASH) i++;
      else if (c === quote) quote = 0;
    } else if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === BACKQUOTE) quote = c;
    else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
    else if (c === 44 && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const tail = text.slice(start).trim();
  if (tail !== '' || out.length > 0) out.push(tail);
  return out;
}

function branchTarget(operands: string): { target: string; indirect: boolean } {
  let t = stripBranchSizeWords(operands.trim());
  if (!t.startsWith('[')) {
    // `jmp SEL:dword Target` — the selector says which segment, the label says where.
    const colon = topLevelColon(t);
    if (colon >= 0) t = stripBranchSizeWords(t.slice(colon + 1).trim());
  }
  const indirect = t.startsWith('[') || REGISTER.test(t) || SIZED_MEMORY.test(t);
  return { target: indirect ? t : normalizeNasmSymbol(t), indirect };
}

function stripBranchSizeWords(text: string): string {
  let t = text;
  for (;;) {
    const end = wordEnd(t);
    if (end === t.length || !BRANCH_SIZE_WORDS.has(t.slice(0, end).toLowerCase())) return t;
    t = t.slice(skipBlanks(t, end));
  }
}

function topLevelColon(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) depth--;
    else if (c === 58 && depth === 0) return i;
  }
  return -1;
}

/** The bytes of a `db` operand list when every item is a literal; undefined otherwise. */
export function literalBytes(operands: string): number[] | undefined {
  const items = splitOperands(operands);
  if (items.length === 0) return undefined;
  const out: number[] = [];
  for (const item of items) {
    const q = item.charCodeAt(0);
    if (q === SINGLE_QUOTE || q === DOUBLE_QUOTE || q === BACKQUOTE) {
      const s = stringBytes(item);
      if (s === undefined) return undefined;
      out.push(...s);
      continue;
    }
    const v = parseNasmNumber(item);
    if (v === undefined || v < -128 || v > 255) return undefined;
    out.push(v & 0xff);
  }
  return out;
}

function stringBytes(item: string): number[] | undefined {
  const q = item[0]!;
  if (item.length < 2 || item[item.length - 1] !== q) return undefined;
  const body = item.slice(1, -1);
  if (q !== '`') return [...Buffer.from(body, 'utf8')];
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    const simple = BACKQUOTE_ESCAPES[e];
    if (simple !== undefined) out.push(simple);
    else if (e === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1));
      if (!hex) return undefined;
      out.push(Number.parseInt(hex[0], 16));
      i += hex[0].length;
    } else if (e >= '0' && e <= '7') {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))!;
      out.push(Number.parseInt(oct[0], 8) & 0xff);
      i += oct[0].length - 1;
    } else return undefined;
  }
  return out;
}

const BACKQUOTE_ESCAPES: Record<string, number> = {
  "'": 0x27,
  '"': 0x22,
  '`': 0x60,
  '\\': 0x5c,
  '?': 0x3f,
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  e: 27,
};

/** `0x1F`, `1Fh` and `31` without regular expressions: nearly every `db` item is one of them. */
function commonNumber(t: string): number | undefined {
  const n = t.length;
  if (n === 0 || n > 12) return undefined;
  const first = t.charCodeAt(0);
  if (first < 48 || first > 57) return undefined;
  let from = 0;
  let to = n;
  let radix = 10;
  if (n > 2 && first === 48 && (t.charCodeAt(1) | 32) === 120 /* x */) {
    from = 2;
    radix = 16;
  } else if ((t.charCodeAt(n - 1) | 32) === 104 /* h */) {
    to = n - 1;
    radix = 16;
  }
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = digitValue(t.charCodeAt(i));
    if (d < 0 || d >= radix) return undefined;
    value = value * radix + d;
  }
  return to > from ? value : undefined;
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** NASM's numeric literal forms, tried in order (a trailing `h` wins over a `b`/`d` digit). */
const NUMBER_FORMS: readonly (readonly [RegExp, number])[] = [
  [/^0[xh]([0-9a-f]+)$/, 16],
  [/^\$([0-9][0-9a-f]*)$/, 16],
  [/^([0-9][0-9a-f]*)h$/, 16],
  [/^0[by]([01]+)$/, 2],
  [/^([01]+)[by]$/, 2],
  [/^0[oq]([0-7]+)$/, 8],
  [/^([0-7]+)[oq]$/, 8],
  [/^0[dt]([0-9]+)$/, 10],
  [/^([0-9]+)[dt]?$/, 10],
];

/** A NASM numeric literal (0x1F, 1Fh, $1F, 0b101, 101b, 17q, 0o17, 0d10, 10, with `_` separators, optional sign). */
export function parseNasmNumber(text: string): number | undefined {
  const quick = commonNumber(text.trim());
  if (quick !== undefined) return quick;
  let t = text.trim().toLowerCase().replace(/_/g, '');
  let sign = 1;
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t[0] === '-') sign = -1;
    t = t.slice(1).trim();
  }
  for (const [pattern, radix] of NUMBER_FORMS) {
    const m = pattern.exec(t);
    if (m) return sign * Number.parseInt(m[1]!, radix);
  }
  return undefined;
}

/**
 * `text[start, end)` without its `;` comment (quotes respected; NASM strings never span lines),
 * trimmed; `keepIndent` trims only the end (macro bodies keep their layout). `semicolon` is the
 * first `;` at or after `start` (or -1): lines are cut in order, so the caller finds each `;`
 * once instead of scanning every character of every line.
 */
function codeBetween(
  text: string,
  start: number,
  end: number,
  keepIndent: boolean,
  semicolon: number,
): string {
  let from = start;
  if (!keepIndent) while (from < end && isSpace(text.charCodeAt(from))) from++;
  if (from === end) return '';
  let to = end;
  if (semicolon >= 0 && semicolon < end) {
    to = semicolon;
    // The `;` may sit inside a string: then scan the line properly.
    let quoted = false;
    for (let i = from; i < semicolon && !quoted; i++) {
      const c = text.charCodeAt(i);
      quoted = c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === BACKQUOTE;
    }
    if (quoted) to = commentStart(text, from, end);
  }
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  return to === from ? '' : text.slice(from, to);
}

/** Offset of the `;` that starts the comment of `text[from, end)`, or `end`. */
function commentStart(text: string, from: number, end: number): number {
  let quote = 0;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
      else if (quote === BACKQUOTE && c === BACKSLASH) i++;
    } else if (c === SEMICOLON) return i;
    else if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === BACKQUOTE) quote = c;
  }
  return end;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 12 || c === 11;

/** Facts about one NASM file; never throws, problems go to `parseIssues`. */
export function scanNasm(path: string, text: string): NasmFileFacts {
  return new NasmScanner(path, text).run();
}

export {
  type AssemblyUnit,
  type AssemblyUnitFile,
  buildAssemblyUnits,
  nasmIncludeDirs,
  packageIncludeDirs,
  resolveCppInclude,
  resolveNasmInclude,
  type UnresolvedInclude,
} from './nasm-include.js';

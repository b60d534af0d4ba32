/**
 * The structural pass of the C scan: top-level declarations (which `{` opens a function body,
 * which an aggregate or initialiser, which `extern "C"`), then each body statement by statement,
 * far enough to find if/else chains, switches, their branches, guards and early exits.
 */
import type { CBranch, CConditional, CParseIssue } from './c.js';
import { STATE_ACTIVE } from './c-directives.js';
import {
  FLAG_ANNOTATION,
  FLAG_KEYWORD,
  FLAG_NOT_RETURN_TYPE,
  KW_ASSERT,
  KW_BREAK,
  KW_CASE,
  KW_CONTINUE,
  KW_DEFAULT,
  KW_DO,
  KW_ELSE,
  KW_EXTERN,
  KW_FALSE,
  KW_FALSE_C,
  KW_FOR,
  KW_GOTO,
  KW_IF,
  KW_RETURN,
  KW_STATIC,
  KW_STATIC_EDK2,
  KW_SWITCH,
  KW_TYPEDEF,
  KW_WHILE,
} from './c-identifiers.js';
import {
  type CTokenBuffer,
  joinTokenText,
  PUNCT_BASE,
  sharedNames,
  TOKEN_ARROW,
  TOKEN_IDENTIFIER,
  TOKEN_NUMBER,
  TOKEN_STRING,
} from './c-lexer.js';
import { scratch } from './c-scratch.js';

const table = sharedNames;

const LPAREN = PUNCT_BASE + 40;
const RPAREN = PUNCT_BASE + 41;
const STAR = PUNCT_BASE + 42;
const COMMA = PUNCT_BASE + 44;
const DOT = PUNCT_BASE + 46;
const COLON = PUNCT_BASE + 58;
const SEMICOLON = PUNCT_BASE + 59;
const ASSIGN = PUNCT_BASE + 61;
const LBRACKET = PUNCT_BASE + 91;
const RBRACKET = PUNCT_BASE + 93;
const LBRACE = PUNCT_BASE + 123;
const RBRACE = PUNCT_BASE + 125;

/** How a statement ends the flow of its block. */
const EXIT_NONE = 0;
/** return, goto, or a call that does not return. */
const EXIT_RETURN = 1;
const EXIT_BREAK = 2;
const EXIT_CONTINUE = 3;

/** Calls after which control does not come back. */
const NO_RETURN_CALLS: ReadonlySet<string> = new Set([
  'CpuDeadLoop',
  'UNREACHABLE',
  'LongJump',
  'SwitchStack',
  'ResetCold',
  'ResetWarm',
  'ResetShutdown',
  'ResetPlatformSpecific',
  'ResetSystem',
  'abort',
  'exit',
  '_exit',
  'panic',
  '__builtin_unreachable',
  '__builtin_trap',
]);

/** Nesting beyond which statements are skipped rather than read, to bound the recursion. */
const MAX_NESTING = 400;

/** A function found by the structural pass, by token positions. */
export interface FunctionSpan {
  readonly name: string;
  /** Token indices (not active positions). */
  readonly firstToken: number;
  readonly nameToken: number;
  readonly bodyToken: number;
  lastToken: number;
  readonly isStatic: boolean;
  readonly returnType: string;
  readonly params: string;
  readonly conditionals: CConditional[];
  readonly headerMacro?: string;
}

interface Header {
  readonly first: number;
  readonly name: number;
  /** The macro whose expansion makes the header, when the name is its argument. */
  readonly macro: number | undefined;
  /**
   * For `TYPE (*Name (params)) (pointee params)`, a function returning a function pointer: the
   * `(` before `*` and the pointee's parameter list.
   */
  readonly returnsPointer:
    | { readonly open: number; readonly pointeeOpen: number; readonly pointeeClose: number }
    | undefined;
  readonly paramsOpen: number;
  readonly paramsClose: number;
}

/**
 * The structural pass: top-level declarations and function bodies, over the active tokens only
 * (`active[p]` is the token index of active position p), statement by statement.
 */
export class StructureScan {
  readonly functions: FunctionSpan[] = [];
  readonly issues: CParseIssue[] = [];
  /** Active tokens: position → token index, code, identifier id (-1 for non-identifiers). */
  readonly active: Int32Array;
  readonly code: Int32Array;
  readonly id: Int32Array;
  readonly count: number;
  private readonly flags: Uint8Array;
  private conditionals: CConditional[] = [];
  private guardConditional = -1;
  private guardBranch = -1;
  private lastExit = EXIT_NONE;
  /** Whether the last block read ended at its `}` rather than at the end of the file. */
  private blockClosed = false;
  /** A `}` in column 1 was met inside an inner block: unwind to the function body, which it closes. */
  private forcedClose = false;
  /** Whether a `}` in column 1 closes the function body (the second reading of an unbalanced one). */
  private columnOneCloses = false;
  private nesting = 0;

  constructor(
    readonly tokens: CTokenBuffer,
    readonly text: string,
  ) {
    const { state, positionOf, active, activeCode, activeId } = scratch;
    const code = tokens.code;
    const ids = tokens.id;
    let count = 0;
    for (let t = 0; t < tokens.count; t++) {
      if (state[t] === STATE_ACTIVE) {
        const c = code[t]!;
        positionOf[t] = count;
        active[count] = t;
        activeCode[count] = c;
        activeId[count] = c === TOKEN_IDENTIFIER ? ids[t]! : -1;
        count++;
      } else {
        positionOf[t] = -1;
      }
    }
    // A sentinel past the end keeps look-ahead (`code[p + 1]`) in bounds and matching nothing.
    activeCode[count] = 0;
    activeId[count] = -1;
    this.active = active;
    this.code = activeCode;
    this.id = activeId;
    this.count = count;
    this.flags = table.flags;
    scratch.guardConditional.fill(-1, 0, count + 1);
    scratch.guardBranch.fill(-1, 0, count + 1);
  }

  run(): void {
    this.scanTopLevel(0, false);
  }

  private line(p: number): number {
    return this.tokens.line[this.active[Math.min(p, this.count - 1)]!]!;
  }

  private textOf(from: number, to: number): string {
    return joinTokenText(this.tokens, this.text, from, to, this.active);
  }

  private identifiersOf(from: number, to: number): string[] {
    const names: string[] = [];
    const seen = scratch.owner;
    const stamp = ++scratch.stamp;
    for (let p = from; p < to; p++) {
      const id = this.id[p]!;
      if (id < 0 || this.flags[id]! & (FLAG_KEYWORD | FLAG_ANNOTATION) || seen[id] === stamp) continue;
      seen[id] = stamp;
      names.push(table.names[id]!);
    }
    return names;
  }

  private issue(p: number, message: string): void {
    this.issues.push({ line: this.count === 0 ? 1 : this.line(p), message });
  }

  /** Declarations at file level (or inside `extern "C" { … }` when `nested`). */
  private scanTopLevel(from: number, nested: boolean): number {
    const code = this.code;
    let p = from;
    let statement = p;
    let groupOpen = -1;
    let groupClose = -1;
    let initializer = false;
    while (p < this.count) {
      const c = code[p]!;
      if (c === LPAREN || c === LBRACKET) {
        const after = this.skipGroup(p);
        if (c === LPAREN) {
          groupOpen = p;
          groupClose = after - 1;
        }
        p = after;
      } else if (c === SEMICOLON) {
        p++;
        statement = p;
        groupOpen = -1;
        initializer = false;
      } else if (c === RBRACE) {
        if (nested) return p + 1;
        this.issue(p, "'}' without a matching '{'");
        p++;
        statement = p;
        groupOpen = -1;
        initializer = false;
      } else if (c === LBRACE) {
        const header =
          !initializer && groupOpen > statement && groupClose === p - 1
            ? this.functionHeader(statement, groupOpen, groupClose)
            : undefined;
        if (header !== undefined) {
          p = this.scanFunction(header, p);
        } else if (
          p - statement === 2 &&
          this.id[statement] === KW_EXTERN &&
          code[statement + 1] === TOKEN_STRING &&
          this.nesting < MAX_NESTING
        ) {
          this.nesting++;
          p = this.scanTopLevel(p + 1, true);
          this.nesting--;
        } else {
          // A struct, union or enum body, or an initializer: not code. The statement goes on,
          // unless an initializer is followed by neither `,` nor `;`: then a macro hid the `;`
          // (`ASN1_SEQUENCE (X) = { … } ASN1_SEQUENCE_END (X)`) and a new statement begins.
          p = this.skipBraces(p);
          groupOpen = -1;
          if (initializer && code[p] !== SEMICOLON && code[p] !== COMMA) {
            statement = p;
            initializer = false;
          }
          continue;
        }
        statement = p;
        groupOpen = -1;
        initializer = false;
      } else {
        if (c === ASSIGN) initializer = true;
        p++;
      }
    }
    if (nested) this.issue(from - 1, "'extern \"C\" {' without its closing '}'");
    return p;
  }

  /**
   * Whether `statement … name (params) {` defines a function, and which token names it. The
   * name is the identifier before the last parameter list; `(*Name (params)) (…)` (a function
   * returning a function pointer) and `MACRO (Name) (params)` (a macro-made name) are the two
   * shapes where a `)` stands there instead.
   */
  private functionHeader(statement: number, open: number, close: number): Header | undefined {
    const code = this.code;
    let name = open - 1;
    let paramsOpen = open;
    let paramsClose = close;
    let returnsPointer: Header['returnsPointer'];
    if (code[name] === RPAREN) {
      const innerOpen = this.matchBackward(name);
      if (innerOpen <= statement) return undefined;
      let star = innerOpen + 1;
      while (star < name && code[star] === TOKEN_IDENTIFIER && this.flags[this.id[star]!]! & FLAG_ANNOTATION)
        star++;
      if (code[star] === STAR) {
        let q = star + 1;
        while (q < name && !(code[q] === TOKEN_IDENTIFIER && code[q + 1] === LPAREN)) q++;
        if (q >= name) return undefined;
        returnsPointer = { open: innerOpen, pointeeOpen: open, pointeeClose: close };
        name = q;
        paramsOpen = q + 1;
        paramsClose = this.skipGroup(paramsOpen) - 1;
      } else {
        // `MACRO (Name) (params)`: the macro pastes the name together from its argument.
        return this.macroHeader(statement, innerOpen - 1, innerOpen, paramsOpen, paramsClose);
      }
    }
    if (name < statement || code[name] !== TOKEN_IDENTIFIER) return undefined;
    const id = this.id[name]!;
    if (this.flags[id]! & FLAG_KEYWORD || this.id[statement] === KW_TYPEDEF) return undefined;
    const first = this.headerStart(statement, returnsPointer?.open ?? name);
    if (first === name && isMacroName(table.names[id]!)) {
      // `PRM_HANDLER_EXPORT (Name) {`: the whole header, parameters included, is the macro's.
      const made = this.macroHeader(statement, name, open, open, close);
      if (made !== undefined) return made;
    }
    return { first, name, macro: undefined, returnsPointer, paramsOpen, paramsClose };
  }

  /** A header `MACRO (Name)` whose argument is a single identifier, which names the function. */
  private macroHeader(
    statement: number,
    macro: number,
    argumentOpen: number,
    paramsOpen: number,
    paramsClose: number,
  ): Header | undefined {
    const code = this.code;
    const argument = argumentOpen + 1;
    if (
      macro < statement ||
      code[macro] !== TOKEN_IDENTIFIER ||
      this.flags[this.id[macro]!]! & FLAG_KEYWORD
    ) {
      return undefined;
    }
    if (code[argument] !== TOKEN_IDENTIFIER || code[argument + 1] !== RPAREN) return undefined;
    return {
      first: this.headerStart(statement, macro),
      name: argument,
      macro,
      returnsPointer: undefined,
      paramsOpen,
      paramsClose,
    };
  }

  /**
   * The header's first token: the statement's, unless a macro invocation without `;` stands
   * before the return type (`EFI_DRIVER_ENTRY_POINT (X)` in old code): then the token after it.
   */
  private headerStart(statement: number, name: number): number {
    let first = statement;
    for (let p = statement; p < name; p++) {
      if (this.code[p] !== LPAREN) continue;
      const after = this.skipGroup(p);
      const before = p - 1;
      const attribute =
        before >= statement && this.code[before] === TOKEN_IDENTIFIER && isAttributeWord(this.id[before]!);
      if (!attribute && after < name) first = after;
      p = after - 1;
    }
    return first;
  }

  private matchBackward(close: number): number {
    let depth = 0;
    for (let p = close; p >= 0; p--) {
      const c = this.code[p];
      if (c === RPAREN) depth++;
      else if (c === LPAREN && --depth === 0) return p;
    }
    return -1;
  }

  private scanFunction(header: Header, bodyOpen: number): number {
    const { first, name, macro, returnsPointer, paramsOpen, paramsClose } = header;
    let isStatic = false;
    const returnType: number[] = [];
    for (let p = first; p < (macro ?? returnsPointer?.open ?? name); p++) {
      const id = this.id[p]!;
      if (id === KW_STATIC || id === KW_STATIC_EDK2) isStatic = true;
      if (id >= 0 && isAttributeWord(id) && this.code[p + 1] === LPAREN) {
        p = this.skipGroup(p + 1) - 1;
        continue;
      }
      if (id >= 0 && this.flags[id]! & FLAG_NOT_RETURN_TYPE) continue;
      returnType.push(p);
    }
    const span: FunctionSpan = {
      name: table.names[this.id[name]!]!,
      firstToken: this.active[first]!,
      nameToken: this.active[name]!,
      bodyToken: this.active[bodyOpen]!,
      lastToken: this.active[bodyOpen]!,
      isStatic,
      returnType:
        joinTokenText(
          this.tokens,
          this.text,
          0,
          returnType.length,
          returnType.map((p) => this.active[p]!),
        ) +
        (returnsPointer === undefined
          ? ''
          : ` (*) (${this.textOf(returnsPointer.pointeeOpen + 1, returnsPointer.pointeeClose)})`),
      params: macro === undefined || paramsOpen !== name - 1 ? this.textOf(paramsOpen + 1, paramsClose) : '',
      conditionals: [],
      ...(macro === undefined ? {} : { headerMacro: table.names[this.id[macro]!]! }),
    };
    this.conditionals = span.conditionals;
    this.guardConditional = -1;
    this.guardBranch = -1;
    this.forcedClose = false;
    const issues = this.issues.length;
    let after = this.parseBlock(bodyOpen + 1, true);
    if (!this.blockClosed) {
      // Braces hidden in macros (`#define LOOP_BEGIN do {`) can leave a body unbalanced, which
      // would then swallow every function after it. Read it again, letting a `}` in column 1
      // close it: only here, since generated code elsewhere puts inner braces in column 1.
      this.issues.length = issues;
      this.conditionals.length = 0;
      scratch.guardConditional.fill(-1, bodyOpen, this.count + 1);
      scratch.guardBranch.fill(-1, bodyOpen, this.count + 1);
      this.columnOneCloses = true;
      after = this.parseBlock(bodyOpen + 1, true);
      this.columnOneCloses = false;
      this.forcedClose = false;
    }
    if (this.blockClosed) {
      span.lastToken = this.active[after - 1]!;
    } else {
      this.issue(bodyOpen, `body of ${span.name} has no closing '}'`);
      span.lastToken = this.active[this.count - 1]!;
    }
    this.functions.push(span);
    return after;
  }

  /**
   * Statements up to the `}` closing a block whose `{` precedes `from`; returns the position
   * after it. With `columnOneCloses`, a `}` in column 1 closes the function body even when inner
   * blocks are still open (see scanFunction).
   */
  private parseBlock(from: number, body = false): number {
    let p = from;
    let exit = EXIT_NONE;
    while (p < this.count) {
      if (this.code[p] === RBRACE) {
        if (!body && this.columnOneCloses && this.atColumnOne(p)) {
          this.forcedClose = true;
          break;
        }
        this.lastExit = exit;
        this.blockClosed = true;
        if (this.forcedClose) {
          this.forcedClose = false;
          this.issue(
            p,
            "braces do not balance in this function (a macro may hide one); closed at the '}' in column 1",
          );
        }
        return p + 1;
      }
      p = this.parseStatement(p);
      exit = this.lastExit;
      if (this.forcedClose && !body) break;
    }
    this.lastExit = exit;
    this.blockClosed = false;
    return p;
  }

  private atColumnOne(p: number): boolean {
    const t = this.active[p]!;
    const tokens = this.tokens;
    return tokens.start[t] === tokens.lineStart[tokens.line[t]! - 1];
  }

  /** One statement; beyond MAX_NESTING levels it is skipped, not read, to bound the recursion. */
  private parseStatement(p: number): number {
    if (this.nesting >= MAX_NESTING) {
      this.lastExit = EXIT_NONE;
      return this.skipStatement(p);
    }
    this.nesting++;
    const after = this.statement(p);
    this.nesting--;
    return after;
  }

  private statement(p: number): number {
    const code = this.code;
    const c = code[p];
    if (c === LBRACE) return this.parseBlock(p + 1);
    this.lastExit = EXIT_NONE;
    if (c === SEMICOLON) return p + 1;
    if (c === RBRACE || p >= this.count) return p;
    if (c === TOKEN_IDENTIFIER) {
      switch (this.id[p]) {
        case KW_IF:
          return this.parseIf(p);
        case KW_SWITCH:
          return this.parseSwitch(p);
        case KW_WHILE:
        case KW_FOR: {
          const body = code[p + 1] === LPAREN ? this.skipGroup(p + 1) : p + 1;
          const after = this.parseStatement(body);
          this.lastExit = EXIT_NONE;
          return after;
        }
        case KW_DO: {
          let after = this.parseStatement(p + 1);
          if (this.id[after] === KW_WHILE) {
            after++;
            if (code[after] === LPAREN) after = this.skipGroup(after);
            if (code[after] === SEMICOLON) after++;
          }
          this.lastExit = EXIT_NONE;
          return after;
        }
        case KW_ELSE:
          // An else whose if was in a branch the scan did not follow.
          return this.parseStatement(p + 1);
        case KW_RETURN:
        case KW_GOTO: {
          const after = this.parseExpression(p + 1);
          this.lastExit = EXIT_RETURN;
          return after;
        }
        case KW_BREAK:
        case KW_CONTINUE: {
          const exit = this.id[p] === KW_BREAK ? EXIT_BREAK : EXIT_CONTINUE;
          const after = code[p + 1] === SEMICOLON ? p + 2 : p + 1;
          this.lastExit = exit;
          return after;
        }
        case KW_CASE:
        case KW_DEFAULT:
          return this.labelEnd(p);
        default:
          if (code[p + 1] === COLON && code[p + 2] !== COLON) return p + 2;
      }
    }
    return this.parseExpression(p);
  }

  /**
   * An expression or declaration statement, up to its `;`. A statement-like macro with a body
   * (`BASE_LIST_FOR_EACH (Link, &List) { … }`) reads the body as a loop's; a missing `;` after a
   * macro ends the statement at the next keyword, block or closing brace.
   */
  private parseExpression(start: number): number {
    const code = this.code;
    const exit = this.callExit(start);
    let p = start;
    while (p < this.count) {
      const c = code[p];
      if (c === SEMICOLON) {
        p++;
        break;
      }
      if (c === RBRACE) break;
      if (c === LPAREN || c === LBRACKET) {
        const after = this.skipGroup(p);
        if (c === LPAREN && p === start + 1 && code[start] === TOKEN_IDENTIFIER && code[after] === LBRACE) {
          const end = this.parseStatement(after);
          this.lastExit = EXIT_NONE;
          return end;
        }
        p = after;
        continue;
      }
      if (c === LBRACE) {
        // After a name (`struct Foo {`, a macro missing its `;`) a block begins; after anything
        // else (`= {`, `(TYPE){`) the braces hold an initializer.
        if (p === start || code[p - 1] === TOKEN_IDENTIFIER) break;
        p = this.skipBraces(p);
        continue;
      }
      if (c === TOKEN_IDENTIFIER && p > start && startsStatement(this.id[p]!)) break;
      p++;
    }
    this.lastExit = exit;
    return p;
  }

  /** EXIT_RETURN when the statement at `start` is a call that does not return, else EXIT_NONE. */
  private callExit(start: number): number {
    const code = this.code;
    let callee = start;
    if (code[start] === TOKEN_IDENTIFIER && (code[start + 1] === TOKEN_ARROW || code[start + 1] === DOT)) {
      callee = start + 2;
    }
    if (code[callee] !== TOKEN_IDENTIFIER || code[callee + 1] !== LPAREN) return EXIT_NONE;
    const id = this.id[callee]!;
    if (id === KW_ASSERT) {
      const argument = callee + 2;
      const falseWord = this.id[argument] === KW_FALSE || this.id[argument] === KW_FALSE_C;
      const zero = code[argument] === TOKEN_NUMBER && this.textOf(argument, argument + 1) === '0';
      return (falseWord || zero) && code[argument + 1] === RPAREN ? EXIT_RETURN : EXIT_NONE;
    }
    return NO_RETURN_CALLS.has(table.names[id]!) ? EXIT_RETURN : EXIT_NONE;
  }

  /** `case X:` / `default:` met outside a switch body's top level: skip the label. */
  private labelEnd(p: number): number {
    const colon = this.labelColon(p + 1);
    return this.code[colon] === COLON ? colon + 1 : colon;
  }

  /** Position of the `:` ending a case label whose expression starts at `from`, or where it stops. */
  private labelColon(from: number): number {
    let p = from;
    while (p < this.count) {
      const c = this.code[p];
      if (c === COLON) return p;
      if (c === SEMICOLON || c === LBRACE || c === RBRACE) return p;
      p = c === LPAREN || c === LBRACKET ? this.skipGroup(p) : p + 1;
    }
    return p;
  }

  private openConditional(kind: 'if' | 'switch', p: number): number {
    const index = this.conditionals.length;
    const line = this.line(p);
    // Two literals rather than a spread: a spread builds a throw-away object per conditional.
    const conditional: CConditional =
      this.guardConditional >= 0
        ? {
            kind,
            line,
            endLine: line,
            condition: '',
            conditionIdentifiers: [],
            branches: [],
            parent: { conditionalIndex: this.guardConditional, branchIndex: this.guardBranch },
          }
        : { kind, line, endLine: line, condition: '', conditionIdentifiers: [], branches: [] };
    this.conditionals.push(conditional);
    return index;
  }

  /** Parse a branch body as the given branch; returns the position after it. */
  private parseBranchBody(from: number, conditional: number, branch: number): number {
    const outerConditional = this.guardConditional;
    const outerBranch = this.guardBranch;
    this.guardConditional = conditional;
    this.guardBranch = branch;
    const after = this.parseStatement(from);
    this.guardConditional = outerConditional;
    this.guardBranch = outerBranch;
    this.markGuard(from, after, conditional, branch);
    return after;
  }

  private parseIf(start: number): number {
    const index = this.openConditional('if', start);
    const conditional = this.conditionals[index]!;
    let p = start + 1;
    let kind: CBranch['kind'] = 'if';
    let everyBranchExits = true;
    let exitKind = EXIT_RETURN;
    let hasElse = false;
    for (;;) {
      let condition = '';
      let conditionIdentifiers: string[] = [];
      if (this.code[p] === LPAREN) {
        const after = this.skipGroup(p);
        condition = this.textOf(p + 1, after - 1);
        conditionIdentifiers = this.identifiersOf(p + 1, after - 1);
        p = after;
      }
      if (kind === 'if') {
        conditional.condition = condition;
        conditional.conditionIdentifiers = conditionIdentifiers;
      }
      const body = p;
      p = this.parseBranchBody(body, index, conditional.branches.length);
      conditional.branches.push(this.branch(kind, condition, conditionIdentifiers, body, p, this.lastExit));
      if (this.lastExit === EXIT_NONE) everyBranchExits = false;
      else if (this.lastExit !== EXIT_RETURN) exitKind = this.lastExit;
      if (this.id[p] !== KW_ELSE) break;
      if (this.id[p + 1] === KW_IF) {
        kind = 'else-if';
        p += 2;
        continue;
      }
      const elseBody = p + 1;
      p = this.parseBranchBody(elseBody, index, conditional.branches.length);
      conditional.branches.push(this.branch('else', '', [], elseBody, p, this.lastExit));
      if (this.lastExit === EXIT_NONE) everyBranchExits = false;
      else if (this.lastExit !== EXIT_RETURN) exitKind = this.lastExit;
      hasElse = true;
      break;
    }
    conditional.endLine = this.line(p - 1);
    this.lastExit = hasElse && everyBranchExits ? exitKind : EXIT_NONE;
    return p;
  }

  private branch(
    kind: CBranch['kind'],
    condition: string,
    conditionIdentifiers: string[],
    from: number,
    to: number,
    exit: number,
  ): CBranch {
    const caseLike = kind === 'case' || kind === 'default';
    return {
      kind,
      condition,
      conditionIdentifiers,
      startLine: this.line(from),
      endLine: this.line(Math.max(from, to - 1)),
      earlyExit: caseLike ? exit === EXIT_RETURN || exit === EXIT_CONTINUE : exit !== EXIT_NONE,
    };
  }

  private parseSwitch(start: number): number {
    const code = this.code;
    const index = this.openConditional('switch', start);
    const conditional = this.conditionals[index]!;
    let p = start + 1;
    if (code[p] === LPAREN) {
      const after = this.skipGroup(p);
      conditional.condition = this.textOf(p + 1, after - 1);
      conditional.conditionIdentifiers = this.identifiersOf(p + 1, after - 1);
      p = after;
    }
    if (code[p] !== LBRACE) {
      p = this.parseStatement(p);
      conditional.endLine = this.line(p - 1);
      this.lastExit = EXIT_NONE;
      return p;
    }
    p++;
    const outerConditional = this.guardConditional;
    const outerBranch = this.guardBranch;
    let label = -1;
    let kind: CBranch['kind'] = 'case';
    let condition = '';
    let conditionIdentifiers: string[] = [];
    let exit = EXIT_NONE;
    const close = (end: number): void => {
      if (label < 0) return;
      this.markGuard(label, end, index, conditional.branches.length);
      conditional.branches.push(this.branch(kind, condition, conditionIdentifiers, label, end, exit));
    };
    while (p < this.count && code[p] !== RBRACE && !this.forcedClose) {
      const id = this.id[p];
      if (id === KW_CASE || id === KW_DEFAULT) {
        close(p);
        label = p;
        kind = id === KW_CASE ? 'case' : 'default';
        const colon = this.labelColon(p + 1);
        condition = kind === 'case' ? this.textOf(p + 1, colon) : '';
        conditionIdentifiers = kind === 'case' ? this.identifiersOf(p + 1, colon) : [];
        exit = EXIT_NONE;
        p = code[colon] === COLON ? colon + 1 : colon;
        continue;
      }
      this.guardConditional = label >= 0 ? index : outerConditional;
      this.guardBranch = label >= 0 ? conditional.branches.length : outerBranch;
      p = this.parseStatement(p);
      exit = this.lastExit;
    }
    this.guardConditional = outerConditional;
    this.guardBranch = outerBranch;
    close(p);
    if (this.forcedClose) {
      conditional.endLine = this.line(p - 1);
      return p;
    }
    if (code[p] === RBRACE) p++;
    else this.issue(start, "switch body has no closing '}'");
    conditional.endLine = this.line(p - 1);
    this.lastExit = EXIT_NONE;
    return p;
  }

  /** Give positions [from, to) not yet claimed by an inner branch to this branch. */
  private markGuard(from: number, to: number, conditional: number, branch: number): void {
    const guardConditional = scratch.guardConditional;
    const guardBranch = scratch.guardBranch;
    for (let p = from; p < to; p++) {
      if (guardConditional[p] !== -1) continue;
      guardConditional[p] = conditional;
      guardBranch[p] = branch;
    }
  }

  /** Past one statement without reading it (beyond MAX_NESTING). */
  private skipStatement(p: number): number {
    if (this.code[p] === LBRACE) return this.skipBraces(p);
    while (p < this.count && this.code[p] !== SEMICOLON && this.code[p] !== RBRACE) {
      p = this.code[p] === LBRACE ? this.skipBraces(p) : p + 1;
    }
    return this.code[p] === SEMICOLON ? p + 1 : p;
  }

  /**
   * Past the `)` or `]` matching the bracket at `open`. Braces inside (a macro argument holding a
   * block) must balance; a `}` closing an outer block stops the group there, reported.
   */
  private skipGroup(open: number): number {
    const code = this.code;
    let depth = 0;
    let braces = 0;
    for (let p = open; p < this.count; p++) {
      const c = code[p];
      if (c === LPAREN || c === LBRACKET) depth++;
      else if (c === RPAREN || c === RBRACKET) {
        if (--depth === 0) return p + 1;
      } else if (c === LBRACE) braces++;
      else if (c === RBRACE && --braces < 0) {
        this.issue(open, `'${code[open] === LPAREN ? '(' : '['}' without a matching closer before '}'`);
        return p;
      }
    }
    this.issue(open, `'${code[open] === LPAREN ? '(' : '['}' without a matching closer`);
    return this.count;
  }

  /** Past the `}` matching the `{` at `open`. */
  private skipBraces(open: number): number {
    const code = this.code;
    let depth = 0;
    for (let p = open; p < this.count; p++) {
      const c = code[p];
      if (c === LBRACE) depth++;
      else if (c === RBRACE && --depth === 0) return p + 1;
    }
    this.issue(open, "'{' without a matching '}'");
    return this.count;
  }
}

/** All capitals, digits and underscores: EDK II's spelling of macros. */
function isMacroName(name: string): boolean {
  return /^[A-Z_][A-Z0-9_]*$/.test(name) && /[A-Z]/.test(name);
}

/** Words whose parenthesised argument is an attribute, not a parameter list or a macro call. */
function isAttributeWord(id: number): boolean {
  const name = table.names[id];
  return (
    name === '__attribute__' ||
    name === '__declspec' ||
    name === '__attribute' ||
    name === '_Pragma' ||
    name === '__pragma'
  );
}

/** Keywords that can only begin a statement: meeting one mid-expression means a `;` was hidden in a macro. */
function startsStatement(id: number): boolean {
  return (
    id === KW_IF ||
    id === KW_SWITCH ||
    id === KW_WHILE ||
    id === KW_FOR ||
    id === KW_DO ||
    id === KW_RETURN ||
    id === KW_GOTO ||
    id === KW_BREAK ||
    id === KW_CONTINUE ||
    id === KW_ELSE ||
    id === KW_CASE ||
    id === KW_DEFAULT
  );
}

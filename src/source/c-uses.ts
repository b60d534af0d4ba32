/**
 * The last pass of the C scan: identifier uses and calls, over every token that counts
 * (active, shadow, `#if`/`#define` text), attributed to the function whose span holds them or
 * to the file's top level.
 */
import type { CCall, CFunction, CIdentifierIndex } from './c.js';
import {
  STATE_ACTIVE,
  STATE_DEAD,
  STATE_DIRECTIVE,
  STATE_DIRECTIVE_QUIET,
  STATE_SHADOW,
} from './c-directives.js';
import { FLAG_ANNOTATION, FLAG_KEYWORD } from './c-identifiers.js';
import {
  type CTokenBuffer,
  DIRECTIVE_BASE,
  DIRECTIVE_ENDIF,
  DIRECTIVE_IF,
  DIRECTIVE_IFDEF,
  DIRECTIVE_IFNDEF,
  PUNCT_BASE,
  sharedNames,
  TOKEN_ARROW,
  TOKEN_IDENTIFIER,
} from './c-lexer.js';
import { scratch } from './c-scratch.js';
import type { FunctionSpan, StructureScan } from './c-structure.js';

const table = sharedNames;
const LPAREN = PUNCT_BASE + 40;
const RPAREN = PUNCT_BASE + 41;
const STAR = PUNCT_BASE + 42;
const DOT = PUNCT_BASE + 46;

interface Uses {
  readonly functions: CFunction[];
  readonly topLevel: CIdentifierIndex;
}

/**
 * Identifier uses and calls, over every token that counts (active, shadow, `#if`/`#define`
 * text), attributed to the function whose span holds them. The top level is collected first,
 * then each function, so that one group at a time uses the scratch arrays.
 */
export function collectUses(tokens: CTokenBuffer, scan: StructureScan): Uses {
  const spans = scan.functions;
  const top = new UseGroup();
  let from = 0;
  for (const span of spans) {
    collectRange(tokens, from, span.firstToken, top, undefined);
    from = span.lastToken + 1;
  }
  collectRange(tokens, from, tokens.count, top, undefined);
  const topLevel = top.finish();
  const functions: CFunction[] = [];
  for (const span of spans) {
    const uses = new UseGroup();
    const calls: CCall[] = [];
    collectRange(tokens, span.firstToken, span.bodyToken + 1, uses, undefined, span.nameToken);
    collectRange(tokens, span.bodyToken + 1, span.lastToken + 1, uses, calls);
    functions.push(finishFunction(span, tokens, uses.finish(), calls));
  }
  return { functions, topLevel };
}

/**
 * Uses grouped by name, for one function or for the file's top level: each name's (line) uses
 * are chained in scratch arrays, then `finish` lays each name's lines out together.
 */
class UseGroup {
  private readonly names: string[] = [];
  private uses = 0;
  private readonly stamp = ++scratch.stamp;

  add(id: number, line: number): void {
    const { owner, entry, firstUse, lastUse, nextUse, useLine } = scratch;
    const use = this.uses;
    if (owner[id] !== this.stamp) {
      owner[id] = this.stamp;
      const name = this.names.length;
      entry[id] = name;
      this.names.push(table.names[id]!);
      firstUse[name] = use;
      lastUse[name] = use;
    } else {
      const name = entry[id]!;
      const last = lastUse[name]!;
      if (useLine[last] === line) return;
      nextUse[last] = use;
      lastUse[name] = use;
    }
    useLine[use] = line;
    nextUse[use] = -1;
    this.uses++;
  }

  finish(): CIdentifierIndex {
    const { firstUse, nextUse, useLine } = scratch;
    const lines: number[] = [];
    for (let name = 0; name < this.names.length; name++) {
      for (let use = firstUse[name]!; use >= 0; use = nextUse[use]!) lines.push(useLine[use]!);
      lines.push(0);
    }
    return { names: this.names, lines };
  }
}

/** Identifier uses of tokens [from, to) into `group`, and calls into `calls` when given. */
function collectRange(
  tokens: CTokenBuffer,
  from: number,
  to: number,
  group: UseGroup,
  calls: CCall[] | undefined,
  skip = -1,
): void {
  const { state } = scratch;
  const code = tokens.code;
  const ids = tokens.id;
  const flags = table.flags;
  for (let t = from; t < to; t++) {
    if (code[t] !== TOKEN_IDENTIFIER) continue;
    const s = state[t]!;
    if (s === STATE_DEAD || s === STATE_DIRECTIVE_QUIET || t === skip) continue;
    const id = ids[t]!;
    if (flags[id]! & (FLAG_KEYWORD | FLAG_ANNOTATION)) continue;
    const line = tokens.line[t]!;
    group.add(id, line);
    if (calls !== undefined && s <= STATE_SHADOW) {
      const call = callAt(tokens, t, id, line);
      if (call !== undefined) calls.push(call);
    }
  }
}

/**
 * A call when the identifier at `t` is followed by `(` and is not a declaration's type. Its
 * guard is that of the token, or for shadow code, of the active token before it.
 */
function callAt(tokens: CTokenBuffer, t: number, id: number, line: number): CCall | undefined {
  const { state, positionOf, guardConditional, guardBranch } = scratch;
  const code = tokens.code;
  let next = t + 1;
  while (next < tokens.count && state[next]! >= STATE_DIRECTIVE) next++;
  if (code[next] !== LPAREN) return undefined;
  // `TYPE (*Name) (…)` or `TYPE (EFIAPI *Name) (…)` declares a function pointer.
  let star = next + 1;
  if (code[star] === TOKEN_IDENTIFIER && table.flags[tokens.id[star]!]! & FLAG_ANNOTATION) star++;
  if (
    code[star] === STAR &&
    code[star + 1] === TOKEN_IDENTIFIER &&
    code[star + 2] === RPAREN &&
    code[star + 3] === LPAREN
  ) {
    return undefined;
  }
  const guarded = state[t] === STATE_SHADOW ? activeBeforeGroup(tokens, t) : t;
  const position = guarded >= 0 ? positionOf[guarded]! : -1;
  const conditional = position >= 0 ? guardConditional[position]! : -1;
  const callee = table.names[id]!;
  const column = tokens.column(t);
  const before = code[t - 1];
  const member = before === TOKEN_ARROW || before === DOT;
  if (conditional < 0) return { callee, line, column, member };
  return {
    callee,
    line,
    column,
    member,
    guard: { conditionalIndex: conditional, branchIndex: guardBranch[position]! },
  };
}

/**
 * For a token in a shadow branch, the last active token before its `#if` group: the shadow code
 * is an alternative to the group's first branch, so it sits where the group does.
 */
function activeBeforeGroup(tokens: CTokenBuffer, t: number): number {
  const { state } = scratch;
  const code = tokens.code;
  let depth = 0;
  let u = t - 1;
  for (; u >= 0; u--) {
    const c = code[u]!;
    if (c === DIRECTIVE_BASE + DIRECTIVE_ENDIF) depth++;
    else if (
      c === DIRECTIVE_BASE + DIRECTIVE_IF ||
      c === DIRECTIVE_BASE + DIRECTIVE_IFDEF ||
      c === DIRECTIVE_BASE + DIRECTIVE_IFNDEF
    ) {
      if (depth === 0) break;
      depth--;
    }
  }
  while (u >= 0 && state[u] !== STATE_ACTIVE) u--;
  return u;
}

function finishFunction(
  span: FunctionSpan,
  tokens: CTokenBuffer,
  identifiers: CIdentifierIndex,
  calls: CCall[],
): CFunction {
  const fn: CFunction = {
    name: span.name,
    startLine: tokens.line[span.firstToken]!,
    endLine: tokens.line[span.lastToken]!,
    bodyStartLine: tokens.line[span.bodyToken]!,
    isStatic: span.isStatic,
    returnType: span.returnType,
    params: span.params,
    calls,
    conditionals: span.conditionals,
    identifiers,
  };
  return span.headerMacro === undefined ? fn : { ...fn, headerMacro: span.headerMacro };
}

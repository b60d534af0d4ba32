/**
 * The preprocessor pass of the C scan: records `#include`, `#define` and `#if` groups, and
 * decides for every token how the structural scan treats it, without knowing any macro's value.
 *
 * A compiler sees one branch of each `#if` group; which one depends on macros that a source scan
 * cannot know. The scan therefore follows the first branch, as BaseTools-agnostic tools such as
 * ctags do, and also follows the other branches when every branch is a run of complete
 * statements or definitions (balanced braces and parentheses, ending in `;` or `}`): then the
 * alternatives are self-contained and reading all of them loses nothing. When a branch is not
 * (two alternative function headers sharing one body, an `if (…) {` per branch), the other
 * branches are "shadow" code: their identifiers and calls still count, their braces do not.
 * `#if 0` branches are dead and count for nothing.
 */

import type { CInclude, CMacro, CParseIssue, CPreprocessorBranch, CPreprocessorConditional } from './c.js';
import {
  type CTokenBuffer,
  DIRECTIVE_BASE,
  DIRECTIVE_DEFINE,
  DIRECTIVE_ELIF,
  DIRECTIVE_ELIFDEF,
  DIRECTIVE_ELIFNDEF,
  DIRECTIVE_ELSE,
  DIRECTIVE_ENDIF,
  DIRECTIVE_IF,
  DIRECTIVE_IFDEF,
  DIRECTIVE_IFNDEF,
  DIRECTIVE_INCLUDE,
  joinTokenText,
  PUNCT_BASE,
  TOKEN_DIRECTIVE_END,
  TOKEN_IDENTIFIER,
  TOKEN_NUMBER,
  TOKEN_STRING,
  TOKEN_STRING_UNTERMINATED,
  unpinned,
} from './c-lexer.js';

/** Code the structural scan reads. */
export const STATE_ACTIVE = 0;
/** Code in a branch the scan does not follow: identifiers and calls count, structure does not. */
export const STATE_SHADOW = 1;
/** Code under `#if 0`: ignored. */
export const STATE_DEAD = 2;
/** A token of a directive whose identifiers are uses (`#if` conditions, `#define` bodies). */
export const STATE_DIRECTIVE = 3;
/** Any other token of a directive line (`#include` paths, the name a `#define` defines). */
export const STATE_DIRECTIVE_QUIET = 4;

const LPAREN = PUNCT_BASE + 40;
const RPAREN = PUNCT_BASE + 41;
const LBRACE = PUNCT_BASE + 123;
const RBRACE = PUNCT_BASE + 125;
const SEMICOLON = PUNCT_BASE + 59;
const LESS = PUNCT_BASE + 60;
const GREATER = PUNCT_BASE + 62;

export interface DirectiveFacts {
  readonly includes: CInclude[];
  readonly macros: CMacro[];
  readonly conditionals: CPreprocessorConditional[];
  readonly issues: CParseIssue[];
}

interface OpenBranch {
  readonly directive: number;
  readonly kind: CPreprocessorBranch['kind'] | CPreprocessorConditional['kind'];
  readonly line: number;
  readonly condition: string;
  /** First token after the directive line. */
  readonly from: number;
  /** The directive token that ends the branch. */
  to: number;
  readonly dead: boolean;
}

interface OpenGroup {
  readonly kind: CPreprocessorConditional['kind'];
  readonly line: number;
  readonly condition: string;
  readonly branches: OpenBranch[];
  /** A branch so far was `#if 1`: every later branch is dead. */
  taken: boolean;
}

/** Fill `state` (one entry per token) and collect the directive facts of one file. */
export function scanDirectives(tokens: CTokenBuffer, text: string, state: Uint8Array): DirectiveFacts {
  const facts: DirectiveFacts = { includes: [], macros: [], conditionals: [], issues: [] };
  const open: OpenGroup[] = [];
  const code = tokens.code;
  const count = tokens.count;
  state.fill(STATE_ACTIVE, 0, count);

  for (let d = 0; d < tokens.directiveCount; d++) {
    const t = tokens.directives[d]!;
    const c = code[t]!;
    let end = t + 1;
    while (end < count && code[end] !== TOKEN_DIRECTIVE_END) end++;
    state.fill(STATE_DIRECTIVE_QUIET, t, Math.min(end + 1, count));
    const line = tokens.line[t]!;
    const kind = c - DIRECTIVE_BASE;
    switch (kind) {
      case DIRECTIVE_IF:
      case DIRECTIVE_IFDEF:
      case DIRECTIVE_IFNDEF: {
        state.fill(STATE_DIRECTIVE, t + 1, end);
        const literal = kind === DIRECTIVE_IF ? literalTruth(tokens, text, t + 1, end) : undefined;
        const group: OpenGroup = {
          kind: kind === DIRECTIVE_IF ? 'if' : kind === DIRECTIVE_IFDEF ? 'ifdef' : 'ifndef',
          line,
          condition: joinTokenText(tokens, text, t + 1, end),
          branches: [],
          taken: literal === true,
        };
        group.branches.push({
          directive: t,
          kind: group.kind,
          line,
          condition: group.condition,
          from: end + 1,
          to: count,
          dead: literal === false,
        });
        open.push(group);
        break;
      }
      case DIRECTIVE_ELIF:
      case DIRECTIVE_ELIFDEF:
      case DIRECTIVE_ELIFNDEF:
      case DIRECTIVE_ELSE: {
        const group = open[open.length - 1];
        const name = kind === DIRECTIVE_ELSE ? 'else' : kind === DIRECTIVE_ELIF ? 'elif' : 'elifdef';
        if (group === undefined) {
          facts.issues.push({ line, message: `#${name} without #if` });
          break;
        }
        state.fill(STATE_DIRECTIVE, t + 1, end);
        group.branches[group.branches.length - 1]!.to = t;
        const literal = kind === DIRECTIVE_ELIF ? literalTruth(tokens, text, t + 1, end) : undefined;
        group.branches.push({
          directive: t,
          kind:
            kind === DIRECTIVE_ELSE
              ? 'else'
              : kind === DIRECTIVE_ELIF
                ? 'elif'
                : kind === DIRECTIVE_ELIFDEF
                  ? 'elifdef'
                  : 'elifndef',
          line,
          condition: kind === DIRECTIVE_ELSE ? '' : joinTokenText(tokens, text, t + 1, end),
          from: end + 1,
          to: count,
          dead: group.taken || literal === false,
        });
        if (literal === true) group.taken = true;
        break;
      }
      case DIRECTIVE_ENDIF: {
        const group = open.pop();
        if (group === undefined) {
          facts.issues.push({ line, message: '#endif without #if' });
          break;
        }
        group.branches[group.branches.length - 1]!.to = t;
        closeGroup(group, tokens, state, line, facts);
        break;
      }
      case DIRECTIVE_DEFINE:
        recordDefine(tokens, text, state, t, end, facts);
        break;
      case DIRECTIVE_INCLUDE:
        recordInclude(tokens, text, t, end, facts);
        break;
      default:
        break;
    }
  }
  for (let g = open.length - 1; g >= 0; g--) {
    const group = open[g]!;
    facts.issues.push({ line: group.line, message: `#${group.kind} without #endif` });
    closeGroup(group, tokens, state, tokens.lineCount, facts);
  }
  for (const t of tokens.unterminated) {
    if (state[t]! > STATE_SHADOW) continue;
    const what = code[t] === TOKEN_STRING_UNTERMINATED ? 'string' : 'character';
    facts.issues.push({ line: tokens.line[t]!, message: `unterminated ${what} literal` });
  }
  facts.conditionals.sort((a, b) => a.line - b.line);
  return facts;
}

/** Decide which branches the structural scan follows, and record the group. */
function closeGroup(
  group: OpenGroup,
  tokens: CTokenBuffer,
  state: Uint8Array,
  endLine: number,
  facts: DirectiveFacts,
): void {
  const live = group.branches.filter((b) => !b.dead);
  if (live.length > 1 && !live.every((b) => isSelfContained(tokens, state, b.from, b.to))) {
    for (const branch of live.slice(1)) {
      for (let t = branch.from; t < branch.to; t++) if (state[t] === STATE_ACTIVE) state[t] = STATE_SHADOW;
    }
  }
  for (const branch of group.branches) if (branch.dead) state.fill(STATE_DEAD, branch.from, branch.to);
  facts.conditionals.push({
    kind: group.kind,
    line: group.line,
    endLine,
    condition: group.condition,
    branches: group.branches.slice(1).map((b) => ({
      kind: b.kind as CPreprocessorBranch['kind'],
      line: b.line,
      condition: b.condition,
    })),
  });
}

/** Balanced braces and parentheses, and (when not empty) ending a statement or a definition. */
function isSelfContained(tokens: CTokenBuffer, state: Uint8Array, from: number, to: number): boolean {
  const code = tokens.code;
  let braces = 0;
  let parens = 0;
  let last = SEMICOLON;
  for (let t = from; t < to; t++) {
    if (state[t] !== STATE_ACTIVE) continue;
    const c = code[t]!;
    if (c === LBRACE) braces++;
    else if (c === RBRACE) {
      if (--braces < 0) return false;
    } else if (c === LPAREN) parens++;
    else if (c === RPAREN) {
      if (--parens < 0) return false;
    }
    last = c;
  }
  return braces === 0 && parens === 0 && (last === SEMICOLON || last === RBRACE);
}

/** `#if 0` → false, `#if 1` → true (also parenthesised); anything else is unknown. */
function literalTruth(tokens: CTokenBuffer, text: string, from: number, to: number): boolean | undefined {
  let a = from;
  let b = to;
  while (b - a >= 3 && tokens.code[a] === LPAREN && tokens.code[b - 1] === RPAREN) {
    a++;
    b--;
  }
  if (b - a !== 1 || tokens.code[a] !== TOKEN_NUMBER) return undefined;
  const literal = text.slice(tokens.start[a]!, tokens.end[a]!);
  if (literal === '0') return false;
  if (literal === '1') return true;
  return undefined;
}

function recordDefine(
  tokens: CTokenBuffer,
  text: string,
  state: Uint8Array,
  directive: number,
  end: number,
  facts: DirectiveFacts,
): void {
  const nameToken = directive + 1;
  if (nameToken >= end || tokens.code[nameToken] !== TOKEN_IDENTIFIER) {
    facts.issues.push({ line: tokens.line[directive]!, message: '#define without a macro name' });
    return;
  }
  let bodyFrom = nameToken + 1;
  // A parameter list only when `(` touches the name: `#define F(x)`, not `#define F (x)`.
  const functionLike = tokens.code[bodyFrom] === LPAREN && tokens.start[bodyFrom] === tokens.end[nameToken];
  if (functionLike) {
    while (bodyFrom < end && tokens.code[bodyFrom] !== RPAREN) bodyFrom++;
    bodyFrom++;
  }
  state.fill(STATE_DIRECTIVE, Math.min(bodyFrom, end), end);
  facts.macros.push({
    name: unpinned(text.slice(tokens.start[nameToken]!, tokens.end[nameToken]!)),
    line: tokens.line[directive]!,
    endLine: tokens.line[end] ?? tokens.line[directive]!,
    functionLike,
  });
}

function recordInclude(
  tokens: CTokenBuffer,
  text: string,
  directive: number,
  end: number,
  facts: DirectiveFacts,
): void {
  const line = tokens.line[directive]!;
  if (end === directive + 1) {
    facts.issues.push({ line, message: '#include without a file name' });
    return;
  }
  const first = tokens.code[directive + 1];
  if (first === TOKEN_STRING && end === directive + 2) {
    const literal = text.slice(tokens.start[directive + 1]!, tokens.end[directive + 1]!);
    facts.includes.push({ path: unpinned(literal.slice(1, -1)), line, system: false });
  } else if (first === LESS && tokens.code[end - 1] === GREATER && end - 1 > directive + 1) {
    const raw = text.slice(tokens.end[directive + 1]!, tokens.start[end - 1]!);
    facts.includes.push({ path: unpinned(raw.trim()), line, system: true });
  } else {
    // A computed include (`#include FOO_PPI(Bar)`): kept as written.
    facts.includes.push({ path: joinTokenText(tokens, text, directive + 1, end), line, system: false });
  }
}

/**
 * A C tokenizer for EDK II sources that keeps only what the structural scan in `c.ts` needs:
 * identifiers, literals, punctuators and preprocessor lines, each with its offsets and line.
 * Comments vanish, line continuations join lines, and preprocessor directives are bracketed by
 * a start and an end token so that the scan can treat them apart from the code around them.
 *
 * Tokens live in parallel typed arrays (a struct of arrays) reused from call to call: the whole
 * edk2 tree holds some twenty million tokens, and an object per token would cost more than the
 * lexing itself.
 */

import { FNV_OFFSET, FNV_PRIME, IdentifierTable } from './c-identifiers.js';

/** The identifier table of this thread, shared by every scan (names are made once). */
export const sharedNames = new IdentifierTable();

/*
 * Token codes: one number per token says both its kind and, for punctuators and directives,
 * which one, so that the scan tests a token with a single comparison.
 */
/** `Foo`, `_asm`, `L` (when no literal follows). */
export const TOKEN_IDENTIFIER = 1;
/** `0x10`, `1.5e3`, `10ULL`. */
export const TOKEN_NUMBER = 2;
/** `"…"` with its `L`/`u`/`U`/`u8` prefix. */
export const TOKEN_STRING = 3;
/** `'…'` with its prefix. */
export const TOKEN_CHAR = 4;
/** A string literal whose line ended before the closing quote. */
export const TOKEN_STRING_UNTERMINATED = 5;
/** A character literal whose line ended before the closing quote. */
export const TOKEN_CHAR_UNTERMINATED = 6;
/** End of a directive's logical line (after continuations); zero width. */
export const TOKEN_DIRECTIVE_END = 7;
/** The braced body of an MSVC `_asm { … }` block, opaque: MASM syntax is not C. */
export const TOKEN_ASM_BLOCK = 8;
/** A character that starts no C token (`@`, a stray backslash, non-ASCII). */
export const TOKEN_OTHER = 9;
/** `->`. */
export const TOKEN_ARROW = 10;
/** A one-character punctuator is PUNCT_BASE plus its character code: `(` is PUNCT_BASE + 40. */
export const PUNCT_BASE = 256;
/** `#name` starting a directive line is DIRECTIVE_BASE plus a DIRECTIVE_* kind; it ends after the name. */
export const DIRECTIVE_BASE = 512;

export const DIRECTIVE_IF = 1;
export const DIRECTIVE_IFDEF = 2;
export const DIRECTIVE_IFNDEF = 3;
export const DIRECTIVE_ELIF = 4;
export const DIRECTIVE_ELSE = 5;
export const DIRECTIVE_ENDIF = 6;
export const DIRECTIVE_DEFINE = 7;
export const DIRECTIVE_UNDEF = 8;
export const DIRECTIVE_INCLUDE = 9;
/** `#error`, `#warning`: free text, not tokenized. */
export const DIRECTIVE_MESSAGE = 10;
/** `#pragma`, `#line`, `#` alone, anything unknown. */
export const DIRECTIVE_OTHER = 11;
/** C23 `#elifdef` / `#elifndef`. */
export const DIRECTIVE_ELIFDEF = 12;
export const DIRECTIVE_ELIFNDEF = 13;

/** Token code of a one-character punctuator. */
export function punct(character: string): number {
  return PUNCT_BASE + character.charCodeAt(0);
}

const DIRECTIVE_KINDS: ReadonlyMap<string, number> = new Map([
  ['if', DIRECTIVE_IF],
  ['ifdef', DIRECTIVE_IFDEF],
  ['ifndef', DIRECTIVE_IFNDEF],
  ['elif', DIRECTIVE_ELIF],
  ['elifdef', DIRECTIVE_ELIFDEF],
  ['elifndef', DIRECTIVE_ELIFNDEF],
  ['else', DIRECTIVE_ELSE],
  ['endif', DIRECTIVE_ENDIF],
  ['define', DIRECTIVE_DEFINE],
  ['undef', DIRECTIVE_UNDEF],
  ['include', DIRECTIVE_INCLUDE],
  ['include_next', DIRECTIVE_INCLUDE],
  ['import', DIRECTIVE_INCLUDE],
  ['error', DIRECTIVE_MESSAGE],
  ['warning', DIRECTIVE_MESSAGE],
]);

/** A problem the tokenizer met; it always carries on. */
export interface CLexIssue {
  readonly line: number;
  readonly message: string;
}

/** Entries of the per-file identifier cache (a power of two). */
const IDENTIFIER_CACHE_SIZE = 2048;

/** Tokens of one file as parallel arrays; entries at indices ≥ `count` are stale. */
export class CTokenBuffer {
  count = 0;
  code = new Int32Array(1024);
  /** For identifiers, the id in the identifier table (interned while lexing); -1 otherwise. */
  id = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  line = new Int32Array(1024);
  /** Offset of the first character of each line: `lineStart[line - 1]`. */
  lineStart = new Int32Array(1024);
  /** Lines seen so far; while lexing, the current line number. */
  lineCount = 1;
  issues: CLexIssue[] = [];
  /** Token indices of the directives (`#…` tokens), in order: later passes visit only these. */
  directives = new Int32Array(64);
  directiveCount = 0;
  /** When set, the offsets of every comment: start, end, start, end, … */
  comments: number[] | undefined;
  /** Token indices of unterminated string and character literals. */
  unterminated: number[] = [];
  /**
   * The text as one byte per UTF-16 unit (offsets unchanged), plus a NUL sentinel: indexing a
   * typed array is several times faster than `charCodeAt`, which dominated the first version.
   */
  bytes: Uint8Array = new Uint8Array(1);
  private scratch: Buffer = Buffer.alloc(0);
  private fileStamp = 0;
  private readonly cacheStamp = new Int32Array(IDENTIFIER_CACHE_SIZE);
  private readonly cacheHash = new Int32Array(IDENTIFIER_CACHE_SIZE);
  private readonly cacheLength = new Int32Array(IDENTIFIER_CACHE_SIZE);
  private readonly cacheStart = new Int32Array(IDENTIFIER_CACHE_SIZE);
  private readonly cacheId = new Int32Array(IDENTIFIER_CACHE_SIZE);

  /** 1-based column of a token. */
  column(token: number): number {
    return this.start[token]! - this.lineStart[this.line[token]! - 1]! + 1;
  }

  /** Start a new file: forget the tokens, load `text` into `bytes`. */
  reset(text: string): void {
    this.fileStamp++;
    this.makeRoom(text.length);
    this.count = 0;
    this.directiveCount = 0;
    this.unterminated = [];
    if (this.comments !== undefined) this.comments = [];
    this.lineCount = 1;
    this.lineStart[0] = 0;
    this.issues = [];
    this.bytes = toBytes(text, this);
  }

  /** Room for every token was made by `reset`: a token takes at least one character. */
  push(code: number, start: number, end: number, line: number): void {
    const k = this.count++;
    this.code[k] = code;
    this.start[k] = start;
    this.end[k] = end;
    this.line[k] = line;
  }

  pushIdentifier(start: number, end: number, line: number, id: number): void {
    this.id[this.count] = id;
    this.push(TOKEN_IDENTIFIER, start, end, line);
  }

  pushDirective(kind: number, start: number, end: number, line: number): void {
    if (this.directiveCount >= this.directives.length) {
      const directives = new Int32Array(this.directives.length * 2);
      directives.set(this.directives);
      this.directives = directives;
    }
    this.directives[this.directiveCount++] = this.count;
    this.push(DIRECTIVE_BASE + kind, start, end, line);
  }

  addComment(start: number, end: number): void {
    if (this.comments !== undefined) this.comments.push(start, end);
  }

  /** A line begins at offset `at`; room was made by `reset`. */
  newLine(at: number): void {
    this.lineStart[this.lineCount++] = at;
  }

  /**
   * The id of the identifier at [start, end). Names repeat within a file, so a small cache of
   * this file's names, checked against the bytes of their first use here (hot in the CPU cache),
   * answers most lookups without touching the large shared table.
   */
  identifierId(names: IdentifierTable, text: string, start: number, end: number, hash: number): number {
    const slot = hash & (IDENTIFIER_CACHE_SIZE - 1);
    const length = end - start;
    if (
      this.cacheStamp[slot] === this.fileStamp &&
      this.cacheHash[slot] === hash &&
      this.cacheLength[slot] === length
    ) {
      const s = this.bytes;
      const first = this.cacheStart[slot]!;
      let k = 0;
      while (k < length && s[first + k] === s[start + k]) k++;
      if (k === length) return this.cacheId[slot]!;
    }
    const id = names.intern(this.bytes, text, start, end, hash);
    this.cacheStamp[slot] = this.fileStamp;
    this.cacheHash[slot] = hash;
    this.cacheLength[slot] = length;
    this.cacheStart[slot] = start;
    this.cacheId[slot] = id;
    return id;
  }

  /** Scratch memory for `toBytes`, kept between files. */
  scratchFor(size: number): Buffer {
    if (this.scratch.length < size)
      this.scratch = Buffer.allocUnsafe(Math.max(size, this.scratch.length * 2));
    return this.scratch;
  }

  private makeRoom(length: number): void {
    if (this.code.length > length + 1) return;
    const size = Math.max(length + 2, this.code.length * 2);
    this.code = new Int32Array(size);
    this.id = new Int32Array(size);
    this.start = new Int32Array(size);
    this.end = new Int32Array(size);
    this.line = new Int32Array(size);
    this.lineStart = new Int32Array(size);
  }
}

const BEYOND_LATIN1 = /[^\x00-\xff]/;
const BEYOND_LATIN1_ALL = /[^\x00-\xff]/g;

/**
 * One byte per UTF-16 unit so that byte offsets are string offsets. Units above 0xFF (a dash or
 * a box-drawing character in a comment) would wrap onto ASCII such as `"` or a newline, so they
 * become 0x80, which starts no token; the regex test costs nothing on one-byte strings.
 */
function toBytes(text: string, into: CTokenBuffer): Uint8Array {
  const n = text.length;
  const scratch = into.scratchFor(n + 1);
  scratch.write(text, 0, n, 'latin1');
  scratch[n] = 0;
  if (BEYOND_LATIN1.test(text)) {
    BEYOND_LATIN1_ALL.lastIndex = 0;
    for (let m = BEYOND_LATIN1_ALL.exec(text); m !== null; m = BEYOND_LATIN1_ALL.exec(text)) {
      scratch[m.index] = NON_ASCII;
    }
  }
  return scratch.subarray(0, n + 1);
}

const NON_ASCII = 0x80;
const CH_TAB = 9;
const CH_LF = 10;
const CH_VT = 11;
const CH_FF = 12;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_DQUOTE = 34;
const CH_HASH = 35;
const CH_SQUOTE = 39;
const CH_STAR = 42;
const CH_PLUS = 43;
const CH_MINUS = 45;
const CH_DOT = 46;
const CH_SLASH = 47;
const CH_8 = 56;
const CH_SEMI = 59;
const CH_GT = 62;
const CH_UPPER_L = 76;
const CH_UPPER_U = 85;
const CH_BACKSLASH = 92;
const CH_UNDERSCORE = 95;
const CH_LOWER_A = 97;
const CH_LOWER_M = 109;
const CH_LOWER_P = 112;
const CH_LOWER_S = 115;
const CH_LOWER_U = 117;
const CH_LOWER_X = 120;
const CH_LBRACE = 123;
const CH_RBRACE = 125;

/** Character classes by byte: bit 1 identifier start, bit 2 identifier part, bit 4 digit, bit 8 blank. */
const CLASS = new Uint8Array(256);
const IDENT_START = 1;
const IDENT_PART = 2;
const DIGIT = 4;
const BLANK = 8;
for (let c = 0; c < 256; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === CH_UNDERSCORE || c === 36;
  const digit = c >= 48 && c <= 57;
  CLASS[c] =
    (letter ? IDENT_START | IDENT_PART : 0) |
    (digit ? IDENT_PART | DIGIT : 0) |
    (c === CH_SPACE || c === CH_TAB || c === CH_CR || c === CH_FF || c === CH_VT ? BLANK : 0);
}

/**
 * Tokenize `text` into `into` (reset first). Never throws: an unterminated comment runs to the
 * end of the file and is reported; an unterminated string or character literal stops at the end
 * of its line and is flagged on the token, since in code that a preprocessor skips (`#if 0`,
 * English in a dead block) a lone quote is harmless and only the scan knows which code is skipped.
 */
export function lexC(
  text: string,
  into: CTokenBuffer = new CTokenBuffer(),
  names: IdentifierTable | null = sharedNames,
): CTokenBuffer {
  into.reset(text);
  const s = into.bytes;
  const n = text.length;
  let i = 0;
  let atLineStart = true;
  let inDirective = false;
  while (i < n) {
    const c = s[i]!;
    const cls = CLASS[c]!;
    if (cls & BLANK) {
      i++;
      while (CLASS[s[i]!]! & BLANK) i++;
    } else if (c === CH_LF) {
      if (inDirective) {
        into.push(TOKEN_DIRECTIVE_END, i, i, into.lineCount);
        inDirective = false;
      }
      i++;
      into.newLine(i);
      atLineStart = true;
    } else if (cls & IDENT_START) {
      atLineStart = false;
      let hash = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      let j = i + 1;
      for (let d = s[j]!; CLASS[d]! & IDENT_PART; d = s[++j]!) hash = Math.imul(hash ^ d, FNV_PRIME);
      const after = s[j];
      if ((after === CH_DQUOTE || after === CH_SQUOTE) && isLiteralPrefix(s, i, j)) {
        i = lexQuoted(s, n, into, i, j, after);
      } else {
        into.pushIdentifier(
          i,
          j,
          into.lineCount,
          names === null ? -1 : into.identifierId(names, text, i, j, hash),
        );
        i = j - i <= 5 && isAsmKeyword(s, i, j) ? lexAsmBlock(s, n, into, j) : j;
      }
    } else if (c === CH_SLASH && s[i + 1] === CH_STAR) {
      const end = blockCommentEnd(s, n, into, i + 2);
      into.addComment(i, end);
      i = end;
    } else if (c === CH_SLASH && s[i + 1] === CH_SLASH) {
      const end = logicalLineEnd(s, n, into, i + 2);
      into.addComment(i, end);
      i = end;
    } else if (cls & DIGIT || (c === CH_DOT && CLASS[s[i + 1]!]! & DIGIT)) {
      atLineStart = false;
      const j = numberEnd(s, i);
      into.push(TOKEN_NUMBER, i, j, into.lineCount);
      i = j;
    } else if (c === CH_DQUOTE || c === CH_SQUOTE) {
      atLineStart = false;
      i = lexQuoted(s, n, into, i, i, c);
    } else if (c === CH_HASH && atLineStart && !inDirective) {
      atLineStart = false;
      const kind = lexDirectiveHead(text, s, n, into, i);
      i = into.end[into.count - 1]!;
      if (kind === DIRECTIVE_MESSAGE) {
        // Free text such as "isn't supported" must not open a character literal.
        i = logicalLineEnd(s, n, into, i);
        into.push(TOKEN_DIRECTIVE_END, i, i, into.lineCount);
      } else {
        inDirective = true;
      }
    } else if (c === CH_BACKSLASH && isLineContinuation(s, n, i)) {
      i += s[i + 1] === CH_CR ? 3 : 2;
      if (i <= n) into.newLine(i);
    } else if (c === CH_MINUS && s[i + 1] === CH_GT) {
      atLineStart = false;
      into.push(TOKEN_ARROW, i, i + 2, into.lineCount);
      i += 2;
    } else {
      atLineStart = false;
      into.push(
        c < 128 && c !== CH_BACKSLASH && c !== 0 ? PUNCT_BASE + c : TOKEN_OTHER,
        i,
        i + 1,
        into.lineCount,
      );
      i++;
    }
  }
  if (inDirective) into.push(TOKEN_DIRECTIVE_END, n, n, into.lineCount);
  return into;
}

function isLineContinuation(s: Uint8Array, n: number, at: number): boolean {
  const next = s[at + 1];
  return next === CH_LF || at + 1 >= n || (next === CH_CR && s[at + 2] === CH_LF);
}

/** Offset past the `*​/` closing a block comment whose text starts at `from`; counts its lines. */
function blockCommentEnd(s: Uint8Array, n: number, into: CTokenBuffer, from: number): number {
  for (let j = from; j < n; j++) {
    const c = s[j];
    if (c === CH_STAR) {
      if (s[j + 1] === CH_SLASH) return j + 2;
    } else if (c === CH_LF) {
      into.newLine(j + 1);
    }
  }
  into.issues.push({ line: into.lineCount, message: 'unterminated comment runs to the end of the file' });
  return n;
}

/** Offset of the newline ending the logical line containing `from` (continuations joined). */
function logicalLineEnd(s: Uint8Array, n: number, into: CTokenBuffer, from: number): number {
  for (let j = from; j < n; j++) {
    if (s[j] !== CH_LF) continue;
    let k = j - 1;
    if (s[k] === CH_CR) k--;
    if (s[k] !== CH_BACKSLASH) return j;
    into.newLine(j + 1);
  }
  return n;
}

function numberEnd(s: Uint8Array, from: number): number {
  let j = from + 1;
  for (;;) {
    const c = s[j]!;
    if (CLASS[c]! & IDENT_PART || c === CH_DOT) {
      j++;
    } else if ((c === CH_PLUS || c === CH_MINUS) && takesSign(s, from, j)) {
      j++;
    } else {
      return j;
    }
  }
}

/** Whether the sign at `at` continues the number starting at `from` (an exponent: 1e+5, 0x1p-3). */
function takesSign(s: Uint8Array, from: number, at: number): boolean {
  const mark = s[at - 1]! | 0x20;
  const hex = s[from] === 48 && (s[from + 1]! | 0x20) === CH_LOWER_X;
  return hex ? mark === CH_LOWER_P : mark === 101 || mark === CH_LOWER_P;
}

/** Push a string or character literal whose quote is at `quoteAt`; return where lexing resumes. */
function lexQuoted(
  s: Uint8Array,
  n: number,
  into: CTokenBuffer,
  tokenStart: number,
  quoteAt: number,
  quote: number,
): number {
  const tokenLine = into.lineCount;
  const string = quote === CH_DQUOTE;
  let j = quoteAt + 1;
  while (j < n) {
    const c = s[j];
    if (c === quote) {
      into.push(string ? TOKEN_STRING : TOKEN_CHAR, tokenStart, j + 1, tokenLine);
      return j + 1;
    }
    if (c === CH_LF) break;
    if (c === CH_BACKSLASH) {
      const next = s[j + 1];
      if (next === CH_LF) into.newLine(j + 2);
      else if (next === CH_CR && s[j + 2] === CH_LF) {
        into.newLine(j + 3);
        j++;
      }
      j += 2;
    } else {
      j++;
    }
  }
  const stop = Math.min(j, n);
  into.unterminated.push(into.count);
  into.push(string ? TOKEN_STRING_UNTERMINATED : TOKEN_CHAR_UNTERMINATED, tokenStart, stop, tokenLine);
  return stop;
}

/** `#` at the start of a line: push the directive token (ending after its name), return its kind. */
function lexDirectiveHead(text: string, s: Uint8Array, n: number, into: CTokenBuffer, hash: number): number {
  const line = into.lineCount;
  let j = hash + 1;
  while (j < n) {
    const c = s[j];
    if (c === CH_SPACE || c === CH_TAB) j++;
    else if (c === CH_SLASH && s[j + 1] === CH_STAR) {
      const end = blockCommentEnd(s, n, into, j + 2);
      into.addComment(j, end);
      j = end;
    } else if (c === CH_BACKSLASH && isLineContinuation(s, n, j)) {
      j += s[j + 1] === CH_CR ? 3 : 2;
      into.newLine(j);
    } else break;
  }
  let k = j;
  while (CLASS[s[k]!]! & IDENT_PART) k++;
  const kind = DIRECTIVE_KINDS.get(text.slice(j, k)) ?? DIRECTIVE_OTHER;
  into.pushDirective(kind, hash, k, line);
  return kind;
}

/**
 * After `_asm`/`__asm`: an MSVC block `{ … }` in MASM syntax, where `;` starts a comment that
 * may hold quotes or braces. Other forms (`__asm__ (…)`, `__asm mov eax, 1`) stay C tokens.
 */
function lexAsmBlock(s: Uint8Array, n: number, into: CTokenBuffer, from: number): number {
  let j = from;
  while (j < n && (CLASS[s[j]!]! & BLANK || s[j] === CH_LF)) j++;
  if (s[j] !== CH_LBRACE) return from;
  for (let k = from; k < j; k++) if (s[k] === CH_LF) into.newLine(k + 1);
  const open = j;
  const openLine = into.lineCount;
  j++;
  while (j < n) {
    const c = s[j];
    if (c === CH_RBRACE) break;
    if (c === CH_LF) {
      j++;
      into.newLine(j);
    } else if (c === CH_SEMI || (c === CH_SLASH && s[j + 1] === CH_SLASH)) {
      while (j < n && s[j] !== CH_LF) j++;
    } else if (c === CH_SLASH && s[j + 1] === CH_STAR) {
      j = blockCommentEnd(s, n, into, j + 2);
    } else {
      j++;
    }
  }
  if (j >= n) into.issues.push({ line: openLine, message: '_asm block without closing brace' });
  const close = Math.min(j + 1, n);
  into.push(TOKEN_ASM_BLOCK, open, close, openLine);
  return close;
}

/** `L`, `u`, `U`, `u8` directly before a quote make one literal with it. */
function isLiteralPrefix(s: Uint8Array, from: number, to: number): boolean {
  const c = s[from];
  if (to - from === 1) return c === CH_UPPER_L || c === CH_LOWER_U || c === CH_UPPER_U;
  return to - from === 2 && c === CH_LOWER_U && s[from + 1] === CH_8;
}

/** `_asm` or `__asm` (MSVC); `__asm__` is GCC's and takes parentheses. */
function isAsmKeyword(s: Uint8Array, from: number, to: number): boolean {
  let j = from;
  if (to - from === 5) {
    if (s[j] !== CH_UNDERSCORE) return false;
    j++;
  } else if (to - from !== 4) {
    return false;
  }
  return (
    s[j] === CH_UNDERSCORE && s[j + 1] === CH_LOWER_A && s[j + 2] === CH_LOWER_S && s[j + 3] === CH_LOWER_M
  );
}

const maskBuffer = new CTokenBuffer();
maskBuffer.comments = [];

/**
 * `text` with every comment replaced by spaces (newlines kept), so that offsets and line numbers
 * still match the file; string and character literals are kept as they are. The comments are
 * those `lexC` skips, so the two always agree (directive free text, `_asm` blocks, `\` joins).
 */
export function maskCComments(text: string): string {
  const tokens = lexC(text, maskBuffer, null);
  const comments = tokens.comments!;
  if (comments.length === 0) return text;
  if (!BEYOND_LATIN1.test(text)) {
    // One byte per character: blank the bytes and decode them once.
    const s = tokens.bytes;
    for (let k = 0; k < comments.length; k += 2) {
      for (let j = comments[k]!; j < comments[k + 1]!; j++) {
        const c = s[j];
        if (c !== CH_LF && c !== CH_CR) s[j] = CH_SPACE;
      }
    }
    return Buffer.from(s.buffer, s.byteOffset, text.length).toString('latin1');
  }
  const parts: string[] = [];
  let copied = 0;
  for (let k = 0; k < comments.length; k += 2) {
    parts.push(text.slice(copied, comments[k]!), blank(text, comments[k]!, comments[k + 1]!));
    copied = comments[k + 1]!;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Spaces for text[from, to), keeping line ends (CR and LF) so that line numbers do not move. */
function blank(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(NOT_LINE_END, ' ');
}

const NOT_LINE_END = /[^\r\n]/g;

/**
 * The text of tokens [from, to) — or of tokens `positions[from, to)` — as one line: comments
 * dropped, each gap between two tokens turned into one space, adjacent tokens kept together.
 */
export function joinTokenText(
  tokens: CTokenBuffer,
  text: string,
  from: number,
  to: number,
  positions?: ArrayLike<number>,
): string {
  let out = '';
  let runStart = -1;
  let runEnd = -1;
  for (let k = from; k < to; k++) {
    const t = positions === undefined ? k : positions[k]!;
    const start = tokens.start[t]!;
    const end = tokens.end[t]!;
    if (start === end) continue;
    if (start !== runEnd) {
      if (runStart >= 0)
        out = out === '' ? text.slice(runStart, runEnd) : `${out} ${text.slice(runStart, runEnd)}`;
      runStart = start;
    }
    runEnd = end;
  }
  if (runStart < 0) return out;
  return unpinned(out === '' ? text.slice(runStart, runEnd) : `${out} ${text.slice(runStart, runEnd)}`);
}

/**
 * A copy of `part` that does not keep its source alive. V8 makes a slice of 13 characters or
 * more a view into the whole string, so one condition kept in the facts (or one name kept in
 * the identifier table) would keep its entire file in memory; concatenating and slicing again
 * flattens it into a string of its own.
 */
export function unpinned(part: string): string {
  return part.length < 13 ? part : ` ${part}`.slice(1);
}

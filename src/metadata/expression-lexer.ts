/**
 * Text-level pieces of the EDK II expression language, ported from BaseTools'
 * Common/Expression.py: character classes as Python sees them, Python's int() parsing, the
 * quote-aware splitting (SplitString) and the `$(MACRO)` substitution done before parsing
 * (ReplaceExprMacro). The parser and the operator semantics live in expression.ts.
 */

/** A malformed expression. Internal: evaluateExpression turns it into `{ ok: false }`. */
export class ExpressionError extends Error {}

// Python's str.isspace() set, which str.strip() and str.split() use; it differs from JS trim()
// (\x1c-\x1f and \x85 are space to Python, \ufeff is not).
const PY_SPACE = new Set([
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\x1c',
  '\x1d',
  '\x1e',
  '\x1f',
  ' ',
  '\x85',
  '\xa0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
]);

export function isPySpace(c: string): boolean {
  return PY_SPACE.has(c);
}

/** Python's str.strip(). */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && PY_SPACE.has(s[start]!)) start++;
  while (end > start && PY_SPACE.has(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** Python's str.split() without arguments: split on runs of whitespace, no empty items. */
export function pySplit(s: string): string[] {
  const out: string[] = [];
  let item = '';
  for (const c of s) {
    if (PY_SPACE.has(c)) {
      if (item !== '') out.push(item);
      item = '';
    } else item += c;
  }
  if (item !== '') out.push(item);
  return out;
}

const ALPHA = /^\p{L}$/u;
const ALNUM = /^[\p{L}\p{N}]$/u;

/** Python's str.isalpha() for one character (ASCII answered without the Unicode regex). */
export function isAlpha(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80 && c.length === 1) return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  return ALPHA.test(c);
}

/** Python's str.isalnum() for one character (ASCII answered without the Unicode regex). */
export function isAlnum(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80 && c.length === 1) {
    return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  }
  return ALNUM.test(c);
}

/** Characters of an identifier token: C names, PCD names (`.`), numbers, and `:`. */
export function isIdChar(c: string): boolean {
  return c === '.' || c === '_' || c === ':' || isAlnum(c);
}

const PY_INT_DEC = /^[+-]?[0-9](?:_?[0-9])*$/;
const PY_INT_HEX = /^[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|[0-9a-fA-F](?:_?[0-9a-fA-F])*)$/;

/**
 * Python's int(text, radix) for radix 10 or 16: surrounding whitespace, a sign and single
 * underscores between digits are accepted (so BaseTools reads `1_0` as 10).
 */
export function parsePythonInt(text: string, radix: 10 | 16): bigint | undefined {
  const t = pyStrip(text);
  if (!(radix === 10 ? PY_INT_DEC : PY_INT_HEX).test(t)) return undefined;
  const negative = t[0] === '-';
  let digits = t.replace(/^[+-]/, '').replace(/_/g, '');
  if (radix === 16) digits = `0x${digits.replace(/^0[xX]/, '')}`;
  const n = BigInt(digits);
  return negative ? -n : n;
}

/** The radix BaseTools' __IsNumberToken picks: 16 for `0x…` with at least one more character. */
export function numberRadix(token: string): 10 | 16 {
  return token.slice(0, 2).toLowerCase() === '0x' && token.length > 2 ? 16 : 10;
}

/** `TokenSpaceGuid.PcdName`, the only form BaseTools looks up as a PCD. */
export const PCD_REFERENCE = /^[_a-zA-Z][0-9A-Za-z_]*\.[_a-zA-Z][0-9A-Za-z_]*$/;
export const C_NAME = /^[_a-zA-Z][0-9A-Za-z_]*$/;
/** Registry-format GUID at the start of the remaining text (BaseTools' gGuidPattern.match). */
export const GUID_PREFIX = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
/** BaseTools' gHexPattern.match: a prefix test, so `0x1G` counts. */
export const HEX_PREFIX = /^0[xX][0-9a-fA-F]+/;

/**
 * Whether the quote at `i` is escaped, as SplitString decides it after replacing `\\` pairs:
 * an odd run of backslashes before it. Python's String[i - 1] at i = 0 reads the last character.
 */
function quoteEscaped(s: string, i: number): boolean {
  let j = (i === 0 ? s.length : i) - 1;
  let run = 0;
  while (j >= 0 && s[j] === '\\') {
    run++;
    j--;
  }
  return run % 2 === 1;
}

/**
 * BaseTools' SplitString: cut the text into quoted and unquoted pieces (`abc"d"e` → `abc`,
 * `"d"`, `e`). An unbalanced quote is an error. The pieces concatenate back to the input.
 */
export function splitQuoted(text: string): string[] {
  const pieces: string[] = [];
  let inSingle = false;
  let inDouble = false;
  let item = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if ((ch === '"' && !inSingle) || (ch === "'" && !inDouble)) {
      if (!quoteEscaped(text, i)) {
        if (ch === '"') inDouble = !inDouble;
        else inSingle = !inSingle;
      }
      const open = ch === '"' ? inDouble : inSingle;
      if (!open) {
        pieces.push(item + ch);
        item = '';
        continue;
      }
      if (item) pieces.push(item);
      item = '';
    }
    item += ch;
  }
  if (inSingle || inDouble) throw new ExpressionError(`unterminated string literal: ${item}`);
  if (item) pieces.push(item);
  return pieces;
}

/** Macros whose value BaseTools wraps in double quotes, so that `"X64" IN $(ARCH)` works. */
export const QUOTED_MACROS: ReadonlySet<string> = new Set(['TARGET', 'TOOL_CHAIN_TAG', 'ARCH', 'FAMILY']);

// A macro whose value names itself would make BaseTools loop forever; stop well before.
const MAX_MACRO_REPLACEMENTS = 256;

/**
 * BaseTools' ReplaceExprMacro. Outside double quotes a macro's value is inserted as written
 * (`""` when blank; `"…"` for TARGET, TOOL_CHAIN_TAG, ARCH and FAMILY); inside double quotes
 * as is. An undefined macro becomes `0`, in or out of quotes, as in the C preprocessor; its
 * name is passed to `onUndefined`.
 */
export function substituteMacros(
  text: string,
  lookup: (name: string) => string | undefined,
  onUndefined: (name: string) => void,
): string {
  const pieces = splitQuoted(text);
  return pieces
    .map((piece) => {
      const inQuote = piece.startsWith('"');
      let s = piece;
      let replacements = 0;
      for (let start = s.indexOf('$('); start >= 0; start = s.indexOf('$(')) {
        if (++replacements > MAX_MACRO_REPLACEMENTS) {
          throw new ExpressionError(`macro expansion does not end (a macro refers to itself?): ${piece}`);
        }
        const end = s.indexOf(')', start);
        if (end < 0) throw new ExpressionError(`unterminated macro reference: ${s.slice(start)}`);
        const name = s.slice(start + 2, end);
        const before = s.slice(0, start);
        const value = lookup(name);
        let inserted: string;
        if (value === undefined) {
          onUndefined(name);
          inserted = '0';
        } else if (inQuote) {
          inserted = value;
        } else {
          const words = pySplit(before);
          const last = words[words.length - 1];
          if ((last === 'IN' || last === 'in') && !QUOTED_MACROS.has(name)) {
            throw new ExpressionError(
              `only $(FAMILY), $(ARCH), $(TOOL_CHAIN_TAG) or $(TARGET) may follow IN, not $(${name})`,
            );
          }
          if (QUOTED_MACROS.has(name)) inserted = `"${value}"`;
          else inserted = pyStrip(value) !== '' ? value : '""';
        }
        s = before + inserted + s.slice(end + 1);
      }
      return s;
    })
    .join('');
}

/**
 * End index (exclusive) of the string literal whose opening quote is at `start`, as
 * BaseTools' __GetString scans it: `\\` and an escaped quote do not end it. Returns the text
 * length when the literal is unterminated.
 */
export function scanQuoted(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && (text[i + 1] === '\\' || text[i + 1] === quote)) {
      i += 2;
      continue;
    }
    i++;
    if (c === quote) break;
  }
  return Math.min(i, text.length);
}

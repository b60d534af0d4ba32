/**
 * The EDK II metadata expression language of DSC/FDF `!if`/`!elseif` (and of `SET`/PCD values),
 * evaluated as BaseTools' Common/Expression.py (ValueExpression) does, not as the
 * MetaDataExpressionSyntax specification reads where the two part:
 *
 * - Precedence, loosest first: `?:` (left-associative), `||`/`OR`/`or`, `&&`/`AND`/`and`,
 *   `|`, `^`/`XOR`/`xor` (bitwise), `&`, `==`/`EQ`/`!=`/`NE`/`IN`/`NOT IN`,
 *   `<`/`LT`/`>`/`GT`/`<=`/`LE`/`>=`/`GE`, `<<`/`>>`, `+`/`-`, `*`/`/`/`%`, unary `!`/`NOT`/`not`/`~`.
 *   There is no unary minus; operator characters are read greedily, so `1 + -1` is an error.
 * - `$(MACRO)` is substituted into the text before parsing; an undefined macro becomes `0`.
 * - A bare word that is not TRUE/FALSE or a number is a string: `$(TARGET) == DEBUG` compares
 *   the strings "DEBUG" and "DEBUG".
 * - A string compared with `==`/`!=` to a number or boolean gives FALSE/TRUE with a warning.
 * - Numbers are unbounded integers with Python semantics (floor division, `~x` = -x-1).
 */
import {
  C_NAME,
  ExpressionError,
  GUID_PREFIX,
  HEX_PREFIX,
  isAlnum,
  isAlpha,
  isIdChar,
  numberRadix,
  PCD_REFERENCE,
  parsePythonInt,
  pySplit,
  pyStrip,
  scanQuoted,
  substituteMacros,
} from './expression-lexer.js';

/**
 * A value as BaseTools carries it: Python bool → boolean, int → bigint, str → string.
 * A `"…"` string is held without its quotes; `L"…"`, `'…'`, `L'…'` strings and `{…}` byte
 * arrays keep their delimiters (BaseTools tells them apart by them: an `L"…"` string cannot be
 * compared with a plain one). A bare word such as `DEBUG` is the string `DEBUG`.
 */
export type ExprValue = boolean | bigint | string;

export interface ExprContext {
  /** Value of a macro `$(NAME)` or bare NAME in legacy `!ifdef NAME`; undefined if not defined. */
  macro(name: string): string | undefined;
  /**
   * Value of a PCD as text (from DSC/FDF/DEC), undefined if unknown. tokenSpace is undefined
   * when the expression names the PCD without its token space; answer only when that is
   * unambiguous. (BaseTools itself reads such a bare word as text; ccguard resolves it and warns.)
   */
  pcd(tokenSpace: string | undefined, name: string): string | undefined;
}

export type ExprResult =
  | {
      ok: true;
      value: ExprValue;
      /** Suspicious but accepted constructs (BaseTools' "Suspicious expression" warnings, …). */
      warnings?: readonly string[];
      /** Macros that were not defined and were read as `0`, in order of first use. */
      undefinedMacros?: readonly string[];
    }
  | { ok: false; error: string };

export interface ExprOptions {
  /**
   * `condition` (default) for `!if`/`!elseif`; `value` for `SET` and PCD values, where BaseTools
   * first accepts a whole-text number (`-1`, `0x10`), string or byte array as it stands.
   */
  readonly mode?: 'condition' | 'value';
}

/** Evaluate an expression. Never throws: bad input gives `{ ok: false, error }`. */
export function evaluateExpression(text: string, ctx: ExprContext, options: ExprOptions = {}): ExprResult {
  const env: Env = { ctx, warnings: [], undefinedMacros: [] };
  try {
    const value = evaluateText(text, env, 0, options.mode ?? 'condition');
    const warnings = [...new Set(env.warnings)];
    const undefinedMacros = [...new Set(env.undefinedMacros)];
    return {
      ok: true,
      value,
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(undefinedMacros.length > 0 ? { undefinedMacros } : {}),
    };
  } catch (e) {
    if (e instanceof ExpressionError) return { ok: false, error: e.message };
    // A callback that threw, or a runaway input (stack depth, BigInt size): still an answer.
    return { ok: false, error: `cannot evaluate: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * How BaseTools turns the value of an `!if` into a branch decision: a string is true unless it
 * is empty or `L""` (so the string "FALSE" is true, while the bare word FALSE is the boolean).
 */
export function isTruthy(v: ExprValue): boolean {
  if (typeof v === 'string') return v !== '' && v !== 'L""';
  if (typeof v === 'bigint') return v !== 0n;
  return v;
}

/**
 * `!ifdef X` / `!ifndef X` (negate the result for the latter): X is `$(NAME)` or `NAME`, and it
 * is defined when it names a macro or, written `TokenSpaceGuid.PcdName`, a PCD with a value
 * (BaseTools looks X up in its table of macros and FixedAtBuild/FeatureFlag PCDs). The value
 * does not matter: a macro defined as FALSE is defined.
 */
export function isDefinedTest(operand: string, ctx: ExprContext): boolean {
  try {
    let name = operand.trim();
    if (name.startsWith('$(') && name.endsWith(')')) name = name.slice(2, -1);
    if (ctx.macro(name) !== undefined) return true;
    if (!PCD_REFERENCE.test(name)) return false;
    const dot = name.indexOf('.');
    return ctx.pcd(name.slice(0, dot), name.slice(dot + 1)) !== undefined;
  } catch {
    return false;
  }
}

/**
 * The text BaseTools gives for a value in `value` mode (`str()` of its result): numbers in
 * decimal, `True`/`False`, a plain string in double quotes, other strings and arrays as held.
 */
export function formatExprValue(v: ExprValue): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (v === '') return '""';
  return hasOwnDelimiters(v) ? v : `"${v}"`;
}

function hasOwnDelimiters(s: string): boolean {
  return s.startsWith('L"') || s.startsWith('{') || s.startsWith("L'") || s.startsWith("'");
}

interface Env {
  readonly ctx: ExprContext;
  readonly warnings: string[];
  readonly undefinedMacros: string[];
}

// PCD values may refer to other PCDs; BaseTools recurses without a limit (and dies on a cycle).
const MAX_PCD_DEPTH = 16;

function evaluateText(text: string, env: Env, depth: number, mode: 'condition' | 'value'): ExprValue {
  const stripped = pyStrip(text);
  const expanded = substituteMacros(
    stripped,
    (name) => lookupSymbol(env.ctx, name),
    (name) => env.undefinedMacros.push(name),
  );
  const expr = pyStrip(expanded);
  if (expr === '') throw new ExpressionError('empty expression');
  // BaseTools measures the text before stripping it a second time, so a macro value with
  // outer blanks at either end of the expression leaves it "unfinished" (a real build error).
  const blanksAdded = expr.length !== expanded.length;
  if (mode === 'value' && depth === 0) {
    const literal = wholeTextLiteral(expr, env, depth, blanksAdded);
    if (literal !== undefined) return literal;
  }
  const parser = new Parser(expr, env, depth);
  const value = parser.conditional();
  if (blanksAdded) {
    throw new ExpressionError(
      `a macro value adds blanks at the start or end of the expression; BaseTools rejects it: '${expanded}'`,
    );
  }
  if (parser.index !== expr.length) {
    throw new ExpressionError(
      `cannot parse the rest of the expression: '${expr.slice(parser.index).trim()}'`,
    );
  }
  return value;
}

/** Macro table lookup: BaseTools' table holds macros and `TokenSpace.Pcd` entries together. */
function lookupSymbol(ctx: ExprContext, name: string): string | undefined {
  const macro = ctx.macro(name);
  if (macro !== undefined || !PCD_REFERENCE.test(name)) return macro;
  const dot = name.indexOf('.');
  return ctx.pcd(name.slice(0, dot), name.slice(dot + 1));
}

/** `value` mode's shortcut: a whole-text number, quoted string or byte array stands as written. */
function wholeTextLiteral(
  expr: string,
  env: Env,
  depth: number,
  blanksAdded: boolean,
): ExprValue | undefined {
  for (const [prefix, quote] of [
    ['"', '"'],
    ['L"', '"'],
    ["'", "'"],
    ["L'", "'"],
  ] as const) {
    if (expr.startsWith(prefix) && expr.endsWith(quote) && countUnescaped(expr, quote) === 2) {
      return prefix === '"' ? expr.slice(1, -1) : expr;
    }
  }
  const n = parsePythonInt(expr, numberRadix(expr));
  if (n !== undefined) return n;
  const warningCount = env.warnings.length;
  const parser = new Parser(expr, env, depth);
  try {
    const token = parser.operand();
    if (
      typeof token === 'string' &&
      token.startsWith('{') &&
      token.endsWith('}') &&
      parser.index >= expr.length &&
      !blanksAdded
    ) {
      // BaseTools hands back the text as written; for a PCD or GUID that names an array, the
      // array itself is what that text means.
      return expr.startsWith('{') ? expr : token;
    }
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
  }
  // The full parse that follows reads the same tokens again; keep its warnings only.
  env.warnings.length = warningCount;
  return undefined;
}

function countUnescaped(s: string, quote: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === quote && s[i === 0 ? s.length - 1 : i - 1] !== '\\') n++;
  }
  return n;
}

/** Characters that make up symbolic operators; a run of them is read as one operator. */
const OPERATOR_CHARS = new Set(['+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>', '!', '=', '?', ':']);
const KNOWN_OPERATORS = new Set(['&&', '||', '!=', '==', '>=', '<=', '<<', '>>', ...OPERATOR_CHARS]);
/** Spellings folded onto the Python operator BaseTools evaluates. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['&&', 'and'],
  ['||', 'or'],
  ['!', 'not'],
  ['AND', 'and'],
  ['OR', 'or'],
  ['NOT', 'not'],
  ['XOR', '^'],
  ['xor', '^'],
  ['EQ', '=='],
  ['NE', '!='],
  ['GT', '>'],
  ['LT', '<'],
  ['GE', '>='],
  ['LE', '<='],
  ['IN', 'in'],
]);

const ops = (...names: string[]): ReadonlySet<string> => new Set(names);
const CONDITIONAL_OPS = ops('?', ':');
const OR_OPS = ops('OR', 'or', '||');
const AND_OPS = ops('AND', 'and', '&&');
const BIT_OR_OPS = ops('|');
const BIT_XOR_OPS = ops('XOR', 'xor', '^');
const BIT_AND_OPS = ops('&');
const EQUALITY_OPS = ops('==', '!=', 'EQ', 'NE', 'IN', 'in', '!', 'NOT', 'not');
const NOT_OPS = ops('!', 'NOT', 'not');
const IN_OPS = ops('IN', 'in');
const RELATIONAL_OPS = ops('<=', '>=', '<', '>', 'LE', 'GE', 'LT', 'GT');
const SHIFT_OPS = ops('<<', '>>');
const ADDITIVE_OPS = ops('+', '-');
const MULTIPLICATIVE_OPS = ops('*', '/', '%');
const COLON_OPS = ops(':');
const TILDE_OPS = ops('~');

const FALSE_WORDS = ops('FALSE', 'false', 'False');
const TRUE_WORDS = ops('TRUE', 'true', 'True');

/** Recursive descent over one macro-expanded expression, a port of ValueExpression's methods. */
class Parser {
  index = 0;
  /**
   * BaseTools' _LiteralToken: the text of the last identifier, string or array read. It decides
   * whether a `,` continues a list of hex values, and, like BaseTools, it is not reset by
   * parentheses, GUIDs or UINTn() values.
   */
  private literal = '';
  private readonly colonEndsIdentifier: boolean;

  constructor(
    private readonly expr: string,
    private readonly env: Env,
    private readonly depth: number,
  ) {
    // `:` belongs to identifiers unless the expression has a `?` anywhere.
    this.colonEndsIdentifier = expr.includes('?');
  }

  /** `A ? B : C`, left-associative as in BaseTools (`a ? b : c ? d : e` = `(a ? b : c) ? d : e`). */
  conditional(): ExprValue {
    let value = this.or();
    let otherwise: ExprValue | undefined;
    for (let op = this.accept(CONDITIONAL_OPS); op !== undefined; op = this.accept(CONDITIONAL_OPS)) {
      if (op === ':') throw new ExpressionError(`':' without a preceding '?'`);
      const then = this.or();
      // A missing ':' is accepted while the condition holds; `otherwise` outlives the loop
      // iteration as Python's Val3 does.
      if (this.accept(COLON_OPS) !== undefined) otherwise = this.or();
      if (pythonTruthy(value)) value = then;
      else if (otherwise === undefined) throw new ExpressionError(`'?' without ':'`);
      else value = otherwise;
    }
    return value;
  }

  private or(): ExprValue {
    return this.leftAssociative(() => this.and(), OR_OPS);
  }
  private and(): ExprValue {
    return this.leftAssociative(() => this.bitOr(), AND_OPS);
  }
  private bitOr(): ExprValue {
    return this.leftAssociative(() => this.bitXor(), BIT_OR_OPS);
  }
  private bitXor(): ExprValue {
    return this.leftAssociative(() => this.bitAnd(), BIT_XOR_OPS);
  }
  private bitAnd(): ExprValue {
    return this.leftAssociative(() => this.equality(), BIT_AND_OPS);
  }

  private equality(): ExprValue {
    let value = this.relational();
    for (let op = this.accept(EQUALITY_OPS); op !== undefined; op = this.accept(EQUALITY_OPS)) {
      if (op === 'not') {
        if (this.accept(IN_OPS) === undefined) throw new ExpressionError(`expected IN after NOT`);
        op = 'not in';
      }
      value = this.binary(op, value, this.relational());
    }
    return value;
  }

  private relational(): ExprValue {
    return this.leftAssociative(() => this.shift(), RELATIONAL_OPS);
  }
  private shift(): ExprValue {
    return this.leftAssociative(() => this.additive(), SHIFT_OPS);
  }
  private additive(): ExprValue {
    return this.leftAssociative(() => this.multiplicative(), ADDITIVE_OPS);
  }
  private multiplicative(): ExprValue {
    return this.leftAssociative(() => this.unary(), MULTIPLICATIVE_OPS);
  }

  private unary(): ExprValue {
    if (this.accept(NOT_OPS) !== undefined) {
      const v = this.unary();
      if (typeof v === 'string') throw stringOperand('!', v);
      return !pythonTruthy(v);
    }
    if (this.accept(TILDE_OPS) !== undefined) {
      const v = this.unary();
      if (typeof v === 'string') throw stringOperand('~', v);
      return ~toInteger(v);
    }
    return this.primary();
  }

  /**
   * BaseTools' _IdenExpr. Parentheses come back from the tokenizer as the strings `(` and `)`
   * and are told from values by comparison, so a `")"` string closes a group and a stray `)`
   * is a string operand (`1 == )` is FALSE with a warning); this is kept as BaseTools has it.
   */
  private primary(): ExprValue {
    const token = this.operand();
    if (token !== '(') return token;
    const value = this.conditional();
    let closing: ExprValue | undefined;
    try {
      closing = this.operand();
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
    }
    if (closing !== ')') throw new ExpressionError(`missing ')'`);
    return value;
  }

  private leftAssociative(next: () => ExprValue, allowed: ReadonlySet<string>): ExprValue {
    let value = next();
    for (let op = this.accept(allowed); op !== undefined; op = this.accept(allowed)) {
      value = this.binary(op, value, next());
    }
    return value;
  }

  private binary(op: string, a: ExprValue, b: ExprValue): ExprValue {
    return applyBinary(op, a, b, (w) => this.env.warnings.push(w));
  }

  /** BaseTools' _IsOperator: read an operator; keep it if allowed here, else step back. */
  private accept(allowed: ReadonlySet<string>): string | undefined {
    const start = this.index;
    const op = this.readOperator();
    if (allowed.has(op)) return ALIASES.get(op) ?? op;
    this.index = start;
    return undefined;
  }

  /** BaseTools' _GetOperator: a word (AND, EQ, …), a run of operator characters, or ''. */
  private readOperator(): string {
    this.skipBlanks();
    const c = this.expr[this.index];
    if (c === undefined) return '';
    if (isAlpha(c)) return this.readIdentifier();
    if (!OPERATOR_CHARS.has(c)) return '';
    let op = '';
    for (
      let ch = this.expr[this.index];
      ch !== undefined && OPERATOR_CHARS.has(ch);
      ch = this.expr[this.index]
    ) {
      // `!` and `~` only ever start an operator, so `==!x` reads as `==` then `!`.
      if ((ch === '!' || ch === '~') && op !== '') break;
      op += ch;
      this.index++;
    }
    if (!KNOWN_OPERATORS.has(op)) {
      throw new ExpressionError(
        /[+-]$/.test(op) && op.length > 1
          ? `unsupported operator '${op}' (BaseTools has no unary '${op.slice(-1)}')`
          : `unsupported operator '${op}'`,
      );
    }
    return op;
  }

  /** BaseTools' _GetToken: one operand, or a `0x..,0x..` list of hex values joined as a string. */
  operand(): ExprValue {
    const first = this.singleOperand();
    if (!this.isHexLiteral()) return first;
    this.skipBlanks();
    if (this.expr[this.index] !== ',') return first;
    const list = this.hexList(this.literal);
    this.literal = list;
    return list;
  }

  /** Continue `head` with `,`-separated hex values (or nested arrays) while a comma follows. */
  private hexList(head: string): string {
    let list = head;
    while (this.expr[this.index] === ',') {
      list += ',';
      this.index++;
      this.skipBlanks();
      this.singleOperand();
      if (!this.isHexLiteral())
        throw new ExpressionError(`array items must be hex values: '${this.literal}'`);
      list += this.literal;
      this.skipBlanks();
    }
    return list;
  }

  /** BaseTools' __IsHexLiteral, which also normalises the `0X` prefix. */
  private isHexLiteral(): boolean {
    if (this.literal.startsWith('{') && this.literal.endsWith('}')) return true;
    if (!HEX_PREFIX.test(this.literal)) return false;
    this.literal = `0x${this.literal.slice(2)}`;
    return true;
  }

  /** BaseTools' _GetSingleToken. */
  private singleOperand(): ExprValue {
    this.skipBlanks();
    const rest = this.expr.slice(this.index);
    if (rest.startsWith('L"') || rest.startsWith("L'")) {
      this.index++;
      const quote = rest[1]!;
      return `L${quote}${this.readString()}${quote}`;
    }
    if (rest.startsWith("'")) return `'${this.readString()}'`;
    if (rest.startsWith('UINT')) return this.readSizedInteger(rest);
    if (rest === '') throw new ExpressionError('the expression ends where an operand is expected');
    const guid = GUID_PREFIX.exec(rest);
    if (guid) {
      const after = rest[guid[0].length];
      if (after === undefined || !(isAlnum(after) || after === '_')) {
        this.index += guid[0].length;
        return guidAsArray(guid[0]);
      }
    }
    const c = rest[0]!;
    if (isIdChar(c)) return this.resolveIdentifier(this.readIdentifier());
    if (c === '"') return this.readString();
    if (c === '{') return this.readArray();
    if (c === '(' || c === ')') {
      this.index++;
      return c;
    }
    if (c === '-' || c === '+') throw new ExpressionError(`BaseTools has no unary '${c}': '${rest}'`);
    throw new ExpressionError(`expected an operand at '${rest}'`);
  }

  /** BaseTools' __GetString: the content between the quotes, escapes left as written. */
  private readString(): string {
    const start = this.index;
    const quote = this.expr[start]!;
    const end = scanQuoted(this.expr, start);
    this.index = end;
    const raw = this.expr.slice(start, end);
    this.literal = raw;
    if (raw.length < 2 || !raw.endsWith(quote))
      throw new ExpressionError(`unterminated string literal: ${raw}`);
    return raw.slice(1, -1);
  }

  /** BaseTools' __GetIdToken: letters, digits, `_`, `.` and `:` (unless a `?` is around). */
  private readIdentifier(): string {
    const start = this.index;
    for (let c = this.expr[this.index]; c !== undefined; c = this.expr[this.index]) {
      if (!isIdChar(c) || (this.colonEndsIdentifier && c === ':')) break;
      this.index++;
    }
    this.literal = this.expr.slice(start, this.index);
    return this.literal;
  }

  /** BaseTools' __ResolveToken. */
  private resolveIdentifier(id: string): ExprValue {
    if (id === '') throw new ExpressionError(`an operand is missing before ':'`);
    if (PCD_REFERENCE.test(id)) {
      const dot = id.indexOf('.');
      const text = this.env.ctx.pcd(id.slice(0, dot), id.slice(dot + 1)) ?? this.env.ctx.macro(id);
      if (text === undefined) {
        throw new ExpressionError(
          `PCD ${id} has no value here (an expression can use only PCDs set in [PcdsFixedAtBuild] or [PcdsFeatureFlag])`,
        );
      }
      return this.pcdValue(id, text);
    }
    if (FALSE_WORDS.has(id)) return false;
    if (TRUE_WORDS.has(id)) return true;
    const n = parsePythonInt(id, numberRadix(id));
    if (n !== undefined) return n;
    if (C_NAME.test(id)) {
      const text = this.env.ctx.pcd(undefined, id);
      if (text !== undefined) {
        this.env.warnings.push(
          `${id} is read as a PCD, but BaseTools compares a bare word as text; write it as TokenSpaceGuid.${id}`,
        );
        return this.pcdValue(id, text);
      }
    }
    return id;
  }

  /**
   * A PCD's value text is itself evaluated (BaseTools: ValueExpression(value)(True)); its result
   * goes back through str() and __ResolveToken, which gives back the same value.
   */
  private pcdValue(id: string, text: string): ExprValue {
    if (this.depth >= MAX_PCD_DEPTH)
      throw new ExpressionError(`PCD ${id} refers to itself through other PCDs`);
    return evaluateText(text, this.env, this.depth + 1, 'value');
  }

  /** BaseTools' __GetArray: `{0x1, 0x2}` or a C-format GUID, held as `{0x1,0x2}`. */
  private readArray(): string {
    this.index++;
    this.singleOperand();
    if (!this.isHexLiteral()) throw new ExpressionError(`array items must be hex values: '${this.literal}'`);
    this.skipBlanks();
    const items = this.hexList(this.literal);
    const token = `{${items}`;
    if (this.expr[this.index] !== '}')
      throw new ExpressionError(`malformed array or C-format GUID: '${token}'`);
    const array = `${token}}`;
    if (!isFlatByteArray(array) && !isCFormatGuid(array)) {
      throw new ExpressionError(`malformed array or C-format GUID: '${array}'`);
    }
    this.index++;
    this.literal = array;
    return array;
  }

  /**
   * `UINT8(…)`, `UINT16(…)`, `UINT32(…)`, `UINT64(…)`: the value inside (up to the first `)`)
   * must fit the size. BaseTools evaluates the inside without macros or PCDs.
   */
  private readSizedInteger(rest: string): ExprValue {
    if (!/(?:UINT8|UINT16|UINT32|UINT64)\((.+)\)/.test(rest)) {
      throw new ExpressionError(`malformed UINTn() value: '${rest}'`);
    }
    // As BaseTools reads it: the value is the text up to the first `)`, the size word the text
    // before the `(` that opens it.
    const close = rest.indexOf(')');
    const open = rest.lastIndexOf('(', close);
    if (open < 0 || rest.lastIndexOf('(', open - 1) >= 0) {
      throw new ExpressionError(`UINTn() takes a plain value without parentheses: '${rest}'`);
    }
    const prefix = pyStrip(rest.slice(0, open));
    const inside = rest.slice(open + 1, close);
    this.index += close + 1;
    const size = /^UINT(8|16|32|64)/.exec(prefix);
    if (!size) throw new ExpressionError(`malformed UINTn() value: '${rest.slice(0, close + 1)}'`);
    const noSymbols: ExprContext = { macro: () => undefined, pcd: () => undefined };
    const inner = evaluateText(inside, { ...this.env, ctx: noSymbols }, 0, 'value');
    const n = fieldInteger(inner);
    const bytes = Number(size[1]) / 8;
    if (n < 0n || byteLength(n) > bytes) {
      throw new ExpressionError(`${formatExprValue(inner)} does not fit in ${prefix}`);
    }
    return n;
  }

  private skipBlanks(): void {
    while (this.expr[this.index] === ' ' || this.expr[this.index] === '\t') this.index++;
  }
}

/** A byte array without nesting, every item at most `0xFF` long in text. */
function isFlatByteArray(array: string): boolean {
  const inner = array.replace(/^\{+/, '').replace(/\}+$/, '');
  return !inner.includes('{') && inner.split(',').every((item) => item.length <= 4);
}

const GUID_ITEM_LENGTHS = [11, 6, 6, 5, 4, 4, 4, 4, 4, 4, 6];

/** `{0x12345678,0x1234,0x1234,{0x12,…,0x12}}` as BaseTools' __GetArray recognises it. */
function isCFormatGuid(array: string): boolean {
  const items = array.split(',');
  return (
    items.length === 11 &&
    array.split(',{').length === 2 &&
    array.split('},').length === 1 &&
    items[3]!.startsWith('{') &&
    items.every((item, i) => item.length <= GUID_ITEM_LENGTHS[i]!)
  );
}

/** A registry-format GUID as the byte-array text BaseTools turns it into. */
function guidAsArray(guid: string): string {
  const [a, b, c, d, e] = guid.split('-') as [string, string, string, string, string];
  const bytes = [d.slice(0, 2), d.slice(2, 4)];
  for (let i = 0; i < 12; i += 2) bytes.push(e.slice(i, i + 2));
  return `{0x${a},0x${b},0x${c},{${bytes.map((x) => `0x${x}`).join(',')}}}`;
}

/** The integer ParseFieldValue reads from a UINTn() inside (numbers and TRUE/FALSE here). */
function fieldInteger(v: ExprValue): bigint {
  if (typeof v === 'string')
    throw new ExpressionError(`UINTn() of a string or array is not supported: ${show(v)}`);
  return toInteger(v);
}

function byteLength(n: bigint): number {
  return n === 0n ? 1 : Math.ceil(n.toString(2).length / 8);
}

function pythonTruthy(v: ExprValue): boolean {
  if (typeof v === 'string') return v !== '';
  return typeof v === 'bigint' ? v !== 0n : v;
}

function toInteger(v: boolean | bigint): bigint {
  return typeof v === 'bigint' ? v : v ? 1n : 0n;
}

function show(v: ExprValue): string {
  return typeof v === 'string' ? JSON.stringify(v) : formatExprValue(v);
}

function stringOperand(op: string, v: ExprValue): ExpressionError {
  return new ExpressionError(`operator '${op}' cannot take a string operand (${show(v)})`);
}

const COMPARISON_OPS = ops('==', '!=', '>=', '<=', '>', '<', 'in', 'not in');
const MIXABLE_OPS = ops('==', '!=', '>=', '<=', '>', '<', '&', '|', '^', 'and', 'or');
// Python would compute any shift; a count this large can only be a mistake, and would exhaust memory.
const MAX_SHIFT = 1n << 16n;

function isUnicodeString(s: string): boolean {
  return s.startsWith('L"') || s.startsWith("L'");
}

/** BaseTools' ValueExpression.Eval for a binary operator, on Python's types. */
function applyBinary(op: string, a: ExprValue, b: ExprValue, warn: (message: string) => void): ExprValue {
  const shown = `${show(a)} ${op} ${show(b)}`;
  if (!COMPARISON_OPS.has(op) && (typeof a === 'string' || typeof b === 'string')) {
    throw new ExpressionError(`operator '${op}' cannot take a string operand: ${shown}`);
  }
  if (op === 'in' || op === 'not in') {
    if (typeof a !== 'string') a = bytesAsString(toInteger(a));
    if (typeof b !== 'string') b = bytesAsString(toInteger(b));
  }
  if ((op === '+' || op === '-') && (typeof a === 'boolean' || typeof b === 'boolean')) {
    warn(`a boolean is used in arithmetic: ${shown}`);
  } else if ((typeof a === 'string') !== (typeof b === 'string')) {
    if (op === '==' || op === '!=') {
      warn(
        `'${op}' between a string and a number or boolean is always ${op === '!=' ? 'TRUE' : 'FALSE'}: ${shown}`,
      );
      return op === '!=';
    }
    throw new ExpressionError(`operator '${op}' cannot compare a string with a number or boolean: ${shown}`);
  } else if (typeof a !== typeof b && !MIXABLE_OPS.has(op)) {
    throw new ExpressionError(`operator '${op}' cannot mix a number and a boolean: ${shown}`);
  }
  if (typeof a === 'string' && typeof b === 'string') {
    if (isUnicodeString(a) !== isUnicodeString(b)) {
      throw new ExpressionError(`an L"…" string cannot be compared with a plain string: ${shown}`);
    }
    return compareStrings(op, a, b);
  }
  // Both are numbers or booleans now (Python's bool is an int).
  const x = a as boolean | bigint;
  const y = b as boolean | bigint;
  if (typeof x === 'boolean' && typeof y === 'boolean' && (op === '&' || op === '|' || op === '^')) {
    return op === '&' ? x && y : op === '|' ? x || y : x !== y;
  }
  return integerOperation(op, toInteger(x), toInteger(y), shown);
}

function compareStrings(op: string, a: string, b: string): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case 'in':
      return pySplit(b).includes(a);
    case 'not in':
      return !pySplit(b).includes(a);
  }
  const c = compareCodePoints(a, b);
  return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
}

/** Python orders strings by code point; JS's `<` orders UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function integerOperation(op: string, x: bigint, y: bigint, shown: string): ExprValue {
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    case 'and':
      return x !== 0n && y !== 0n;
    case 'or':
      return x !== 0n || y !== 0n;
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0n) throw new ExpressionError(`division by zero: ${shown}`);
      return floorDivide(x, y);
    case '%':
      if (y === 0n) throw new ExpressionError(`modulo by zero: ${shown}`);
      return x - y * floorDivide(x, y);
    case '<<':
      if (y < 0n) throw new ExpressionError(`negative shift count: ${shown}`);
      if (y > MAX_SHIFT) throw new ExpressionError(`shift count too large: ${shown}`);
      return x << y;
    case '>>':
      if (y < 0n) throw new ExpressionError(`negative shift count: ${shown}`);
      return y > MAX_SHIFT ? (x < 0n ? -1n : 0n) : x >> y;
    case '&':
      return x & y;
    case '|':
      return x | y;
    case '^':
      return x ^ y;
  }
  throw new ExpressionError(`unsupported operator '${op}'`);
}

/** Python's `//`: rounds toward minus infinity. */
function floorDivide(x: bigint, y: bigint): bigint {
  const q = x / y;
  return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
}

/**
 * BaseTools' IntToStr for `IN` with a number: its bytes, low first, as characters between
 * double quotes (so a number never matches a word).
 */
function bytesAsString(n: bigint): string {
  let s = '';
  for (let v = n; v > 0n; v >>= 8n) s += String.fromCharCode(Number(v & 0xffn));
  return `"${s}"`;
}

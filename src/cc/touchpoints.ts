/**
 * Touchpoints: every place a file uses a CC signature, with the signature and its role.
 *
 * Speed comes from never tokenising the whole file (a regex over every identifier alone costs more
 * than the whole budget). Every identifier signature has literals (its name, its prefix, its word,
 * or the anchors of its regex); a substring of each is compiled into one trie-shaped regular
 * expression that irregexp scans near memory speed. Each hit is widened to its identifier token,
 * which is classified once per distinct token (exact name, then regex by longest anchor, then
 * longest prefix, then CamelCase word) and cached. Hex constants and the few code-regex signatures
 * (NASM `rep vmmcall`, `db` encodings) have their own scans, the latter only in their languages.
 */
import { cmp } from '../diagnostics.js';
import { relBasename } from '../workspace/paths.js';
import type { Signature, SignatureKind, SignatureTable, SourceLanguage } from './signatures.js';
import { nameCarriesTag, splitWords, type TechnologyId } from './technologies.js';

export interface CcTouchpoint {
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  readonly technology: TechnologyId;
  readonly subMode?: string;
  readonly signatureId: string;
  readonly kind: SignatureKind;
  /** The matched token (identifier, number, instruction or encoding as written). */
  readonly text: string;
  readonly predicate: boolean;
  readonly weak: boolean;
}

/** One file's code with comments replaced by spaces (same length, line ends kept). */
export interface MaskedSource {
  /** Workspace-relative, `/`-separated. */
  readonly path: string;
  readonly text: string;
  readonly language: SourceLanguage;
}

export interface NameTagMatch {
  readonly technology: TechnologyId;
  readonly subMode?: string;
  /** The tag's words joined (`SnpPage`), for evidence. */
  readonly tag: string;
}

export interface FindOptions {
  /**
   * Keep hits inside string literals. For a first look at raw text, where an apostrophe in a
   * block comment (`don't`) would hide the code after it on the line: that pass must find a
   * superset of what the comment-masked text holds.
   */
  readonly inStrings?: boolean;
}

/** Touchpoints of one file, sorted by line, column and signature id. */
export function findTouchpoints(
  source: MaskedSource,
  table: SignatureTable,
  options: FindOptions = {},
): CcTouchpoint[] {
  const index = indexFor(table, source.language);
  const { text, language } = source;
  const inString = (offset: number): boolean =>
    options.inStrings !== true && inStringLiteral(text, offset, language);
  const hits: Hit[] = [];

  const anchor = index.anchor;
  if (anchor) {
    anchor.lastIndex = 0;
    for (let m = anchor.exec(text); m !== null; m = anchor.exec(text)) {
      let start = m.index;
      while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
      let end = m.index + m[0].length;
      while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
      // The rest of the token needs no second look.
      anchor.lastIndex = end;
      if (isDigit(text.charCodeAt(start))) continue;
      const token = text.slice(start, end);
      let chosen = index.verdicts.get(token);
      if (chosen === undefined) {
        const found = classify(token, index);
        chosen = found && !found.veto?.test(token) ? found : null;
        index.verdicts.set(token, chosen);
      }
      if (chosen === null || inString(start)) continue;
      hits.push({ offset: start, signature: chosen.signature, text: token });
    }
  }

  const numbers = index.numberPattern;
  if (numbers) {
    numbers.lastIndex = 0;
    for (let m = numbers.exec(text); m !== null; m = numbers.exec(text)) {
      const before = m.index === 0 ? 32 : text.charCodeAt(m.index - 1);
      if (isWordChar(before) || before === 46 /* . */) continue;
      const chosen = index.numbers.get(numberKey(m[0]) ?? '');
      if (!chosen || chosen.veto?.test(m[0]) || inString(m.index)) continue;
      hits.push({ offset: m.index, signature: chosen.signature, text: m[0] });
    }
  }

  for (const { re, compiled } of index.codeRegexes) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      if (compiled.veto?.test(m[0])) continue;
      if (inString(m.index)) continue;
      hits.push({ offset: m.index, signature: compiled.signature, text: m[0] });
    }
  }

  return toTouchpoints(source.path, text, hits);
}

/** Technologies whose name tags a file's name carries (`SnpDxe.c` none, `TdTcg2Dxe.inf` tdx). */
export function fileNameTags(path: string, table: SignatureTable): NameTagMatch[] {
  const base = relBasename(path);
  const dot = base.indexOf('.');
  return nameTags(dot < 0 ? base : base.slice(0, dot), table);
}

/** Technologies whose name tags a bare name (module BASE_NAME, directory, file stem) carries. */
export function nameTags(name: string, table: SignatureTable): NameTagMatch[] {
  // Most names hold none of the tags' words even as a substring: they need no word split.
  if (!tagWordsIn(table).test(name)) return [];
  const words = splitWords(name);
  const out: NameTagMatch[] = [];
  for (const tech of table.technologies) {
    const tag = tech.nameTags.find((t) => nameCarriesTag(words, t));
    if (!tag) continue;
    out.push({
      technology: tech.id,
      ...(tag.subMode === undefined ? {} : { subMode: tag.subMode }),
      tag: tag.words.join(''),
    });
  }
  return out.sort((a, b) => cmp(a.technology, b.technology));
}

const tagWordPatterns = new WeakMap<SignatureTable, RegExp>();

/** Matches any name that may carry a tag: one holding a tag's first word in any case. */
function tagWordsIn(table: SignatureTable): RegExp {
  let re = tagWordPatterns.get(table);
  if (!re) {
    const tags = table.technologies.flatMap((t) => t.nameTags);
    const words = new Set(tags.map((tag) => tag.words[0] ?? ''));
    const alternatives = [...words].map((w) => [...w].map(escapeRegex).join(''));
    // A tag without words (config) would match every name: then every name is looked at.
    re = words.has('')
      ? /(?:)/
      : alternatives.length === 0
        ? /(?!)/
        : new RegExp(alternatives.join('|'), 'i');
    tagWordPatterns.set(table, re);
  }
  return re;
}

interface Hit {
  readonly offset: number;
  readonly signature: Signature;
  readonly text: string;
}

interface CompiledSignature {
  readonly signature: Signature;
  /** The signature's excludes and the table's excludes for its technology, as one full match. */
  readonly veto: RegExp | undefined;
}

interface LanguageIndex {
  readonly anchor: RegExp | undefined;
  /** Classification of every identifier token seen so far (null: no signature). */
  readonly verdicts: Map<string, CompiledSignature | null>;
  readonly exact: Map<string, CompiledSignature>;
  readonly regexes: {
    readonly re: RegExp;
    readonly anchors: readonly string[];
    readonly compiled: CompiledSignature;
  }[];
  readonly prefixes: Map<string, { readonly compiled: CompiledSignature; readonly anyContinuation: boolean }>;
  /** Distinct prefix lengths, longest first. */
  readonly prefixLengths: readonly number[];
  /** Title-case and ALL-CAPS spellings of each word. */
  readonly words: Map<string, CompiledSignature>;
  readonly numbers: Map<string, CompiledSignature>;
  /** Hex literals (`0x…`, NASM `…h`) with one of the numbers' values. */
  readonly numberPattern: RegExp | undefined;
  readonly codeRegexes: { readonly re: RegExp; readonly compiled: CompiledSignature }[];
}

const indexCache = new WeakMap<SignatureTable, Map<SourceLanguage, LanguageIndex>>();

function indexFor(table: SignatureTable, language: SourceLanguage): LanguageIndex {
  let perTable = indexCache.get(table);
  if (!perTable) {
    perTable = new Map();
    indexCache.set(table, perTable);
  }
  let index = perTable.get(language);
  if (!index) {
    index = compileIndex(table, language);
    perTable.set(language, index);
  }
  return index;
}

function compileIndex(table: SignatureTable, language: SourceLanguage): LanguageIndex {
  const index: LanguageIndex = {
    anchor: undefined,
    verdicts: new Map(),
    exact: new Map(),
    regexes: [],
    prefixes: new Map(),
    prefixLengths: [],
    words: new Map(),
    numbers: new Map(),
    numberPattern: undefined,
    codeRegexes: [],
  };
  const anchors = new Set<string>();
  const prefixLengths = new Set<number>();
  // Later signatures win on equal keys, so that config entries override built-in ones.
  for (const signature of table.signatures) {
    if (signature.languages && !signature.languages.includes(language)) continue;
    const compiled: CompiledSignature = { signature, veto: vetoFor(signature, table) };
    const m = signature.matcher;
    switch (m.type) {
      case 'identifier':
        index.exact.set(m.name, compiled);
        anchors.add(m.name);
        break;
      case 'prefix':
        index.prefixes.set(m.prefix, { compiled, anyContinuation: m.anyContinuation === true });
        prefixLengths.add(m.prefix.length);
        anchors.add(m.prefix);
        break;
      case 'word': {
        const upper = m.word.toUpperCase();
        index.words.set(m.word, compiled);
        index.words.set(upper, compiled);
        anchors.add(m.word).add(upper);
        break;
      }
      case 'identifier-regex':
        index.regexes.push({ re: new RegExp(m.pattern), anchors: m.anchors, compiled });
        for (const a of m.anchors) anchors.add(a);
        break;
      case 'number': {
        index.numbers.set(numberKey(m.value)!, compiled);
        break;
      }
      case 'code-regex':
        index.codeRegexes.push({ re: new RegExp(m.pattern, m.ignoreCase ? 'gim' : 'gm'), compiled });
        break;
    }
  }
  index.regexes.reverse();
  const searched = searchAnchors(minimalAnchors(anchors));
  return {
    ...index,
    anchor: searched.length === 0 ? undefined : new RegExp(literalAlternation(searched), 'g'),
    numberPattern: numberPattern([...index.numbers.keys()], language),
    prefixLengths: [...prefixLengths].sort((a, b) => b - a),
  };
}

/**
 * Hex literals with one of the values: `0x…` with C suffixes everywhere, NASM's `…h` form in NASM
 * only. Case is spelled out per digit: the `i` flag and leading digits both slow irregexp down.
 */
function numberPattern(values: readonly string[], language: SourceLanguage): RegExp | undefined {
  if (values.length === 0) return undefined;
  const anyCase = (hex: string) =>
    [...hex].map((c) => (/[a-f]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('');
  const alternatives = values.map(anyCase).join('|');
  const nasmForm = language === 'nasm' ? `|0*(?:${alternatives})[hH]` : '';
  return new RegExp(`(?:0[xX]0*(?:${alternatives})[uUlL]*${nasmForm})(?![\\w.])`, 'g');
}

function vetoFor(signature: Signature, table: SignatureTable): RegExp | undefined {
  const patterns = [
    ...signature.exclude,
    ...table.excludes
      .filter((e) => e.technology === undefined || e.technology === signature.technology)
      .map((e) => e.pattern),
  ];
  return patterns.length === 0 ? undefined : new RegExp(`^(?:${patterns.map((p) => `(?:${p})`).join('|')})$`);
}

/** Drops anchors that contain another anchor: the shorter one finds the same tokens. */
function minimalAnchors(anchors: ReadonlySet<string>): string[] {
  const sorted = [...anchors].sort((a, b) => a.length - b.length || cmp(a, b));
  const kept: string[] = [];
  for (const a of sorted) if (!kept.some((k) => a.includes(k))) kept.push(a);
  return kept;
}

/** The shortest an anchor cut from a longer literal may be (shorter ones hit too often). */
const MIN_ANCHOR = 3;

/**
 * How often each identifier character occurs in EDK II code, per 10,000 characters (all C, H and
 * NASM files of edk2 master, 2026). Only speed depends on it: it steers which characters the
 * anchors start with, never what is found.
 */
const CHAR_FREQUENCY: ReadonlyMap<string, number> = new Map(
  (
    '_:145 0:89 1:45 2:42 3:30 4:28 5:19 6:30 7:14 8:22 9:14 A:98 B:47 C:92 D:80 E:154 F:72 G:28 ' +
    'H:33 I:166 J:1 K:8 L:79 M:56 N:101 O:86 P:88 Q:3 R:103 S:142 T:137 U:72 V:26 W:11 X:11 Y:9 ' +
    'Z:2 a:300 b:68 c:143 d:173 e:547 f:121 g:64 h:106 i:292 j:2 k:25 l:152 m:122 n:252 o:256 ' +
    'p:106 q:7 r:306 s:221 t:383 u:130 v:55 w:22 x:85 y:49 z:17'
  )
    .split(' ')
    .map((pair) => [pair[0]!, Number(pair.slice(2))] as const),
);

/**
 * Cost of one more distinct first character in the anchor regex, in the units of
 * CHAR_FREQUENCY: irregexp's cost per text position grows with the number of distinct first
 * characters of the alternatives far more than with their count, and then with how often those
 * characters occur (each occurrence is a trie walk). Measured on edk2: 11 first characters
 * picked for being upper case ran the pass in 240 ms, 10 picked by this cost in 177 ms and with
 * half the false starts.
 */
const FIRST_CHAR_COST = 200;

/**
 * Substrings to search for, one per literal, chosen so that few and rare characters start them:
 * a greedy cover picks the starting characters by literals covered per cost, and each literal is
 * then searched from its first such character that leaves at least MIN_ANCHOR characters.
 */
function searchAnchors(literals: readonly string[]): string[] {
  const starts = (lit: string, ch: string): number => {
    const last = lit.length - Math.min(MIN_ANCHOR, lit.length);
    for (let i = 0; i <= last; i++) if (lit[i] === ch) return i;
    return -1;
  };
  const weight = (ch: string): number => (CHAR_FREQUENCY.get(ch) ?? 0) + FIRST_CHAR_COST;
  const candidates = [...new Set(literals.join(''))].sort(cmp);
  const uncovered = new Set(literals);
  const chosen: string[] = [];
  while (uncovered.size > 0) {
    let best = '';
    let bestScore = 0;
    for (const ch of candidates) {
      let covered = 0;
      for (const lit of uncovered) if (starts(lit, ch) >= 0) covered++;
      const score = covered / weight(ch);
      if (score > bestScore) {
        best = ch;
        bestScore = score;
      }
    }
    chosen.push(best);
    for (const lit of [...uncovered]) if (starts(lit, best) >= 0) uncovered.delete(lit);
  }
  const cut = literals.map((lit) => {
    const at = Math.min(...chosen.map((ch) => starts(lit, ch)).filter((i) => i >= 0));
    return lit.slice(at);
  });
  return minimalAnchors(new Set(cut));
}

/**
 * One regex source matching any of the literals, factored as a trie (`Sev|SEV|Svsm` →
 * `S(?:ev|EV|vsm)`), which irregexp scans much faster than a flat alternation. No literal is a
 * prefix of another (minimalAnchors), so every trie leaf ends a literal.
 */
function literalAlternation(literals: readonly string[]): string {
  interface Node {
    readonly children: Map<string, Node>;
  }
  const root: Node = { children: new Map() };
  for (const lit of literals) {
    let node = root;
    for (const ch of lit) {
      let next = node.children.get(ch);
      if (!next) {
        next = { children: new Map() };
        node.children.set(ch, next);
      }
      node = next;
    }
  }
  const emit = (node: Node): string => {
    const parts = [...node.children]
      .sort(([a], [b]) => cmp(a, b))
      .map(([ch, child]) => escapeRegex(ch) + emit(child));
    if (parts.length === 0) return '';
    return parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`;
  };
  return emit(root);
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/** The signature an identifier token stands for, by precedence. */
function classify(token: string, index: LanguageIndex): CompiledSignature | undefined {
  const direct = index.exact.get(token) ?? byRegex(token, index) ?? byPrefix(token, index);
  if (direct) return direct;
  const bare = withoutScopePrefix(token);
  if (bare !== token) {
    const viaBare = index.exact.get(bare) ?? byPrefix(bare, index);
    if (viaBare) return viaBare;
  }
  return byWord(token, index);
}

/** EDK II scope prefixes: `m` module globals, `g` globals and GUIDs, `_` struct tags. */
function withoutScopePrefix(token: string): string {
  if (token.charCodeAt(0) === 95 /* _ */) return token.replace(/^_+/, '');
  const c0 = token.charCodeAt(0);
  const c1 = token.charCodeAt(1);
  if ((c0 === 109 /* m */ || c0 === 103) /* g */ && c1 >= 65 && c1 <= 90) return token.slice(1);
  return token;
}

function byRegex(token: string, index: LanguageIndex): CompiledSignature | undefined {
  let best: CompiledSignature | undefined;
  let bestLength = 0;
  for (const { re, anchors, compiled } of index.regexes) {
    let longest = 0;
    for (const a of anchors) if (a.length > longest && token.includes(a)) longest = a.length;
    if (longest > bestLength && re.test(token)) {
      best = compiled;
      bestLength = longest;
    }
  }
  return best;
}

function byPrefix(token: string, index: LanguageIndex): CompiledSignature | undefined {
  for (const length of index.prefixLengths) {
    if (length > token.length) continue;
    const entry = index.prefixes.get(token.slice(0, length));
    if (!entry) continue;
    if (entry.anyContinuation || length === token.length || startsWord(token.charCodeAt(length)))
      return entry.compiled;
  }
  return undefined;
}

function byWord(token: string, index: LanguageIndex): CompiledSignature | undefined {
  for (const w of splitWords(token)) {
    const hit = index.words.get(w);
    if (hit) return hit;
  }
  return undefined;
}

/** Canonical value of a hex literal (`0xC0010131UL`, NASM `0C0010131h`): lower case, no leading zeros. */
function numberKey(token: string): string | undefined {
  const m =
    /^0x([0-9a-f]+)[ul]*$/.exec(token.toLowerCase()) ?? /^([0-9][0-9a-f]*)h$/.exec(token.toLowerCase());
  return m ? m[1]!.replace(/^0+(?=.)/, '') : undefined;
}

const WORD_CHAR = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) t[c] = /\w/.test(String.fromCharCode(c)) ? 1 : 0;
  return t;
})();

function isWordChar(c: number): boolean {
  return c < 128 && WORD_CHAR[c] === 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Starts a new CamelCase word: upper case, digit or `_`. */
function startsWord(c: number): boolean {
  return (c >= 65 && c <= 90) || isDigit(c) || c === 95;
}

/**
 * Whether `offset` lies inside a string or character literal on its line. An identifier in a
 * DEBUG message is not a use of the API, but `#include "AmdSev.h"` and NASM `%include` are.
 */
function inStringLiteral(text: string, offset: number, language: SourceLanguage): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let quote = 0;
  let i = lineStart;
  while (i < offset) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92 /* \ */ && language === 'c') i++;
      else if (c === quote) quote = 0;
    } else if (c === 34 /* " */ || c === 39 /* ' */ || (c === 96 /* ` */ && language === 'nasm')) {
      quote = c;
    }
    i++;
  }
  if (quote === 0) return false;
  return !/^\s*[#%]\s*include\b/.test(text.slice(lineStart, offset));
}

function toTouchpoints(path: string, text: string, hits: Hit[]): CcTouchpoint[] {
  hits.sort((a, b) => a.offset - b.offset || cmp(a.signature.id, b.signature.id));
  const out: CcTouchpoint[] = [];
  let line = 1;
  let lineStart = 0;
  for (const { offset, signature: s, text: matched } of hits) {
    for (
      let nl = text.indexOf('\n', lineStart);
      nl !== -1 && nl < offset;
      nl = text.indexOf('\n', lineStart)
    ) {
      line++;
      lineStart = nl + 1;
    }
    out.push({
      path,
      line,
      column: offset - lineStart + 1,
      technology: s.technology,
      ...(s.subMode === undefined ? {} : { subMode: s.subMode }),
      signatureId: s.id,
      kind: s.kind,
      text: matched,
      predicate: s.predicate,
      weak: s.weak,
    });
  }
  return out;
}

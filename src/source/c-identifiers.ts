/**
 * Interning of C identifiers straight from the token bytes. Each identifier gets a small integer
 * id, so that the scan tests keywords with one comparison and groups an identifier's uses without
 * slicing a string per use: a name's string is made once, the first time it is seen, and shared
 * by every file after. Keywords and EDK II's annotation macros are interned first, at fixed ids.
 */

import { unpinned } from './c-lexer.js';

/** FNV-1a over the bytes of a name, as the lexer computes it while scanning the name. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** C keywords (and compiler extensions) that the structural scan tests for, at fixed ids. */
export const KW_IF = 0;
export const KW_ELSE = 1;
export const KW_SWITCH = 2;
export const KW_CASE = 3;
export const KW_DEFAULT = 4;
export const KW_WHILE = 5;
export const KW_FOR = 6;
export const KW_DO = 7;
export const KW_RETURN = 8;
export const KW_GOTO = 9;
export const KW_BREAK = 10;
export const KW_CONTINUE = 11;
export const KW_STRUCT = 12;
export const KW_UNION = 13;
export const KW_ENUM = 14;
export const KW_TYPEDEF = 15;
export const KW_EXTERN = 16;
export const KW_STATIC = 17;
export const KW_STATIC_EDK2 = 18;
export const KW_SIZEOF = 19;
export const KW_DEFINED = 20;
export const KW_ASSERT = 21;
export const KW_FALSE = 22;
export const KW_FALSE_C = 23;
export const KW_EFIAPI = 24;

const FIXED = [
  'if',
  'else',
  'switch',
  'case',
  'default',
  'while',
  'for',
  'do',
  'return',
  'goto',
  'break',
  'continue',
  'struct',
  'union',
  'enum',
  'typedef',
  'extern',
  'static',
  'STATIC',
  'sizeof',
  'defined',
  'ASSERT',
  'FALSE',
  'false',
  'EFIAPI',
] as const;

/** Reserved words of C (C89 to C23) and the GCC/MSVC extensions that look like calls. */
const C_KEYWORDS = [
  'auto',
  'char',
  'const',
  'double',
  'float',
  'inline',
  'int',
  'long',
  'register',
  'restrict',
  'short',
  'signed',
  'unsigned',
  'void',
  'volatile',
  '_Alignas',
  '_Alignof',
  'alignas',
  'alignof',
  '_Atomic',
  '_Bool',
  'bool',
  '_Complex',
  '_Generic',
  '_Imaginary',
  '_Noreturn',
  '_Static_assert',
  'static_assert',
  '_Thread_local',
  'thread_local',
  'typeof',
  'typeof_unqual',
  'constexpr',
  'nullptr',
  'true',
  '__attribute__',
  '__attribute',
  '__declspec',
  '__asm__',
  '__asm',
  '_asm',
  'asm',
  '__volatile__',
  '__volatile',
  '__inline',
  '__inline__',
  '__forceinline',
  '__typeof__',
  '__typeof',
  '__extension__',
  '__restrict',
  '__restrict__',
  '__builtin_va_arg',
  '__builtin_offsetof',
  '__pragma',
  '_Pragma',
  '__cdecl',
  '__stdcall',
  '__fastcall',
  '__ms_abi__',
] as const;

/**
 * EDK II's annotation macros: they expand to nothing or to a calling convention and say nothing
 * about what a function does, so they are left out of identifier uses (as keywords are).
 */
const ANNOTATIONS = [
  'IN',
  'OUT',
  'OPTIONAL',
  'CONST',
  'GLOBAL_REMOVE_IF_UNREFERENCED',
  'EFI_BOOTSERVICE',
  'EFI_RUNTIMESERVICE',
  'NORETURN',
  'ANALYZER_NORETURN',
  'ASM_FUNCTION_REMOVE_IF_UNREFERENCED',
] as const;

/** Set on keywords: never an identifier use, never a callee. */
export const FLAG_KEYWORD = 1;
/** Set on annotation macros: never an identifier use. */
export const FLAG_ANNOTATION = 2;
/** Set on storage and calling-convention words left out of a function's return type. */
export const FLAG_NOT_RETURN_TYPE = 4;

const NOT_RETURN_TYPE = [
  'static',
  'STATIC',
  'extern',
  'inline',
  '__inline',
  '__inline__',
  '__forceinline',
  'EFIAPI',
  'GLOBAL_REMOVE_IF_UNREFERENCED',
  'NORETURN',
  'ANALYZER_NORETURN',
  '_Noreturn',
  'EFI_BOOTSERVICE',
  'EFI_RUNTIMESERVICE',
  'ASM_FUNCTION_REMOVE_IF_UNREFERENCED',
  '__cdecl',
  '__stdcall',
  '__fastcall',
];

/** Above this many names the table starts afresh, so that a long-lived process stays bounded. */
const MAX_NAMES = 1 << 21;

/** Names by id, with flags; shared by every scan in this thread. */
export class IdentifierTable {
  names: string[] = [];
  flags = new Uint8Array(1024);
  /** Open addressing: slot → id + 1, or 0 when empty. */
  private slots = new Int32Array(1 << 16);
  private hashes = new Int32Array(1024);
  /** Bytes of every name, for comparing a candidate without making its string. */
  private pool = new Uint8Array(1 << 16);
  private poolUsed = 0;
  private poolStart = new Int32Array(1024);

  constructor() {
    this.seed();
  }

  /**
   * The id of the identifier `text[start, end)`, whose bytes are `bytes[start, end)` and whose
   * FNV-1a hash (as the lexer computes it) is `hash`.
   */
  intern(bytes: Uint8Array, text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return this.add(slot, hash, unpinned(text.slice(start, end)), bytes, start, end);
      const id = entry - 1;
      if (this.hashes[id] !== hash) continue;
      const from = this.poolStart[id]!;
      if (this.poolStart[id + 1]! - from !== length) continue;
      let same = true;
      for (let j = 0; j < length; j++) {
        if (this.pool[from + j] !== bytes[start + j]) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
  }

  /** Start afresh when the table has grown past its bound; ids from before must not be kept. */
  trim(): void {
    if (this.names.length < MAX_NAMES) return;
    this.names = [];
    this.slots = new Int32Array(1 << 16);
    this.poolUsed = 0;
    this.seed();
  }

  private seed(): void {
    for (const word of FIXED) this.internWord(word);
    const keywords = [...FIXED.slice(0, KW_STATIC + 1), 'sizeof', 'defined', 'false', ...C_KEYWORDS];
    for (const word of keywords) this.flags[this.internWord(word)]! |= FLAG_KEYWORD;
    this.flags[KW_STATIC_EDK2]! |= FLAG_ANNOTATION;
    this.flags[KW_EFIAPI]! |= FLAG_ANNOTATION;
    for (const word of ANNOTATIONS) this.flags[this.internWord(word)]! |= FLAG_ANNOTATION;
    for (const word of NOT_RETURN_TYPE) this.flags[this.internWord(word)]! |= FLAG_NOT_RETURN_TYPE;
  }

  /** The id of a name given as a string (ASCII). */
  internWord(word: string): number {
    const bytes = Buffer.from(word, 'latin1');
    let hash = FNV_OFFSET;
    for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV_PRIME);
    return this.intern(bytes, word, 0, word.length, hash);
  }

  private add(
    slot: number,
    hash: number,
    name: string,
    bytes: Uint8Array,
    start: number,
    end: number,
  ): number {
    const id = this.names.length;
    this.names.push(name);
    if (id + 2 >= this.hashes.length) {
      this.hashes = growInt32(this.hashes, this.hashes.length * 2);
      this.poolStart = growInt32(this.poolStart, this.poolStart.length * 2);
      const flags = new Uint8Array(this.flags.length * 2);
      flags.set(this.flags);
      this.flags = flags;
    }
    this.hashes[id] = hash;
    this.flags[id] = 0;
    const length = end - start;
    if (this.poolUsed + length > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + length));
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(start, end), this.poolUsed);
    this.poolStart[id] = this.poolUsed;
    this.poolUsed += length;
    this.poolStart[id + 1] = this.poolUsed;
    this.slots[slot] = id + 1;
    if (this.names.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.names.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

function growInt32(from: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const into = new Int32Array(size);
  into.set(from);
  return into;
}

/**
 * Line-level lexing shared by every metadata parser, after BaseTools' Common/StringUtils.py:
 * `#` starts a comment unless inside a '…' or "…" string (CleanString2); section headers are
 * `[Name.Arch.ModuleType.Extra, Name.Arch…]`; `$(MACRO)` references are expanded from a lookup.
 */
import type { SectionScope } from './model.js';

export interface CleanedLine {
  /** Statement text, trimmed, without the comment. */
  readonly code: string;
  /** The comment including its `#`, trimmed, or ''. */
  readonly comment: string;
}

/** Split a raw line into statement and comment as BaseTools' CleanString2 does. */
export function cleanLine(raw: string, allowCppComment = false): CleanedLine {
  let line = raw.trim();
  if (line === '') return { code: '', comment: '' };
  if (allowCppComment && line.indexOf('//') >= 0) line = line.split('//').join('#');
  if (line.indexOf('#') === -1) return { code: line, comment: '' };
  let inDouble = false;
  let inSingle = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && !inSingle) inDouble = !inDouble;
    else if (c === "'" && !inDouble) inSingle = !inSingle;
    else if (c === '#' && !inDouble && !inSingle) {
      return { code: line.slice(0, i).trim(), comment: line.slice(i).trim() };
    }
  }
  return { code: line, comment: '' };
}

/** `cleanLine(raw).code` without building the comment: for readers that drop comments. */
export function cleanCode(raw: string): string {
  if (raw.indexOf('#') === -1) return raw.trim();
  const line = raw.trim();
  let inDouble = false;
  let inSingle = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && !inSingle) inDouble = !inDouble;
    else if (c === "'" && !inDouble) inSingle = !inSingle;
    else if (c === '#' && !inDouble && !inSingle) return i === 0 ? '' : line.slice(0, i).trim();
  }
  return line;
}

/** Whether a cleaned line is a section header `[…]`. */
export function isSectionHeader(code: string): boolean {
  return code.length >= 2 && code[0] === '[' && code[code.length - 1] === ']';
}

export type SectionHeaderResult =
  | { readonly ok: true; readonly name: string; readonly scopes: readonly SectionScope[] }
  | { readonly ok: false; readonly error: string };

/**
 * Parse `[LibraryClasses.common.PEIM, LibraryClasses.common.SEC]` into scopes. All items must
 * name the same section (BaseTools: "Different section names in the same section"), except that
 * PCD sections of several kinds may share a header in a DEC/DSC (`[PcdsDynamic, PcdsDynamicEx]`),
 * which is why `name` is the first item's section and each scope keeps its own.
 */
export function parseSectionHeader(
  code: string,
  canonical: (upperName: string) => string | undefined,
): SectionHeaderResult {
  const inner = code.slice(1, -1);
  const scopes: SectionScope[] = [];
  const archs = new Set<string>();
  let name: string | undefined;
  for (const rawItem of inner.split(',')) {
    const item = rawItem.trim();
    if (item === '') return { ok: false, error: `empty item in section header ${code}` };
    const parts = item.split('.').map((p) => p.trim());
    const upper = parts[0]!.toUpperCase();
    const section = canonical(upper);
    if (section === undefined) return { ok: false, error: `unknown section [${parts[0]}]` };
    name ??= section;
    const arch = parts[1] && parts[1] !== '' ? parts[1].toUpperCase() : 'COMMON';
    archs.add(arch);
    scopes.push({
      section,
      arch: arch === 'COMMON' ? 'common' : arch,
      moduleType: parts[2] && parts[2] !== '' ? normalizeCommon(parts[2].toUpperCase()) : 'common',
      extra: parts.slice(3).join('.'),
    });
  }
  if (name === undefined) return { ok: false, error: `empty section header ${code}` };
  if (archs.has('COMMON') && archs.size > 1) {
    return { ok: false, error: `'common' arch must not be used with specific archs in ${code}` };
  }
  return { ok: true, name, scopes };
}

function normalizeCommon(s: string): string {
  return s === 'COMMON' ? 'common' : s;
}

const MACRO_REF = /\$\(([A-Za-z_][A-Za-z0-9_.]*)\)/g;

/**
 * Replace `$(NAME)` with its value; unknown names are left as written (as BaseTools'
 * ReplaceMacro does) and passed to `onUnknown` so the caller can report them.
 * Values are expanded again, to a fixed depth, for macros defined in terms of others.
 */
export function expandMacros(
  text: string,
  lookup: (name: string) => string | undefined,
  onUnknown?: (name: string) => void,
): string {
  if (text.indexOf('$(') === -1) return text;
  let out = text;
  for (let depth = 0; depth < 8 && out.indexOf('$(') !== -1; depth++) {
    let changed = false;
    out = out.replace(MACRO_REF, (whole, name: string) => {
      const v = lookup(name);
      if (v === undefined) {
        if (depth === 0) onUnknown?.(name);
        return whole;
      }
      changed = true;
      return v;
    });
    if (!changed) break;
  }
  return out;
}

/** Split on `|` outside quotes, parentheses and braces (PCD values contain `|` in strings). */
export function splitTopLevel(text: string, sep = '|'): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

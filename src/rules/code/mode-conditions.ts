/**
 * What a C condition says about the guest's CC mode: `if (MemEncryptSevEsIsEnabled ())` runs its
 * body only in an SEV-ES (or SEV-SNP) guest, `if (!TdIsEnabled ()) return;` lets the code after
 * it run only in a TD, `CcProbe () == CcGuestTypeAmdSev` only in an SEV guest. The condition text
 * is split into `||`, `&&`, `!` and atoms; an atom is a mode test when it names a mode predicate
 * or mode value of the signature table, and its sense follows the comparison it sits in.
 */
import { closingParen, splitTopLevel } from '../../cc/condition-text.js';
import type { CcId } from '../../cc/model.js';
import type { SignatureTable } from '../../cc/signatures.js';

/** A CC mode the code at some point can rely on, and what established it. */
export interface Mode {
  readonly tech: CcId;
  /** The least sub-mode guaranteed (SEV: sev < sev-es < sev-snp < svsm); absent: the technology's base. */
  readonly subMode?: string;
  /** The identifier (predicate, mode value) or fact that established it. */
  readonly via: string;
}

/** What an identifier of a condition means for the mode. */
export interface ModeName {
  readonly tech: CcId;
  readonly subMode?: string;
  /**
   * `predicate`: true (non-zero) in that mode; `value`: a mode value compared against
   * (`CcGuestTypeAmdSev`); `none`: the value meaning "no CC" (`CcGuestTypeNonEncrypted`).
   */
  readonly role: 'predicate' | 'value' | 'none';
}

export type ModeResolver = (identifier: string) => ModeName | undefined;

type Expr =
  | { readonly kind: 'or' | 'and'; readonly items: readonly Expr[] }
  | { readonly kind: 'not'; readonly item: Expr }
  | { readonly kind: 'atom'; readonly text: string };

/** Values that mean "no CC guest": comparing with them inverts the sense of a test. */
const NONE_VALUES = new Set(['CcGuestTypeNonEncrypted', 'CCAttrNotEncrypted']);

/** Rank of a sub-mode within its technology (0 for the base mode or a technology without any). */
export function subModeRank(table: SignatureTable, tech: CcId, subMode: string | undefined): number {
  if (subMode === undefined) return 0;
  const i = table.technologyById.get(tech)?.subModes.indexOf(subMode) ?? -1;
  return Math.max(i, 0);
}

/** Modes that hold whenever `condition` evaluates to `value`. */
export function impliedModes(
  condition: string,
  value: boolean,
  resolve: ModeResolver,
  table: SignatureTable,
): Mode[] {
  const expr = parse(condition.trim(), 0);
  return implied(expr, value, resolve, table);
}

function implied(e: Expr, value: boolean, resolve: ModeResolver, table: SignatureTable): Mode[] {
  switch (e.kind) {
    case 'atom': {
      const test = atomTest(e.text, resolve, table);
      if (!test) return [];
      return test.positive === value ? [test.mode] : [];
    }
    case 'not':
      return implied(e.item, !value, resolve, table);
    case 'and': {
      const parts = e.items.map((i) => implied(i, value, resolve, table));
      return value ? union(parts) : intersect(parts, table);
    }
    case 'or': {
      const parts = e.items.map((i) => implied(i, value, resolve, table));
      return value ? intersect(parts, table) : union(parts);
    }
  }
}

function union(parts: readonly Mode[][]): Mode[] {
  return parts.flat();
}

/** Modes every alternative guarantees; alternatives of different technologies still mean "some CC". */
export function intersect(parts: readonly Mode[][], table: SignatureTable): Mode[] {
  if (parts.length === 0 || parts.some((p) => p.length === 0)) return [];
  const first = parts[0]!;
  const out: Mode[] = [];
  for (const m of first) {
    if (out.some((o) => o.tech === m.tech)) continue;
    let weakest: Mode | undefined = m;
    for (const p of parts.slice(1)) {
      const same = p.filter((x) => x.tech === m.tech);
      if (same.length === 0) {
        weakest = undefined;
        break;
      }
      for (const x of same) {
        if (subModeRank(table, x.tech, x.subMode) < subModeRank(table, weakest.tech, weakest.subMode))
          weakest = x;
      }
    }
    if (weakest) out.push(weakest);
  }
  if (out.length === 0) out.push({ tech: 'cc', via: first[0]!.via });
  return out;
}

/** The mode test an atom makes, if any: which mode, and whether the atom is true in it. */
function atomTest(
  text: string,
  resolve: ModeResolver,
  table: SignatureTable,
): { mode: Mode; positive: boolean } | undefined {
  const names: { id: string; name: ModeName }[] = [];
  for (const m of text.matchAll(/[A-Za-z_]\w*/g)) {
    const name = resolve(m[0]);
    if (name) names.push({ id: m[0], name });
  }
  if (names.length === 0) return undefined;
  const vendor = names.filter((n) => n.name.tech !== 'cc' && n.name.role !== 'none');
  const vendorTechs = new Set(vendor.map((n) => n.name.tech));
  let mode: Mode;
  if (vendorTechs.size === 1) {
    const rank = (n: ModeName): number => subModeRank(table, n.tech, n.subMode);
    const strongest = vendor.reduce((a, b) => (rank(b.name) > rank(a.name) ? b : a));
    mode = {
      tech: strongest.name.tech,
      ...(strongest.name.subMode === undefined ? {} : { subMode: strongest.name.subMode }),
      via: strongest.id,
    };
  } else {
    mode = { tech: 'cc', via: names[0]!.id };
  }
  const hasNone = names.some((n) => n.name.role === 'none' || NONE_VALUES.has(n.id));
  const hasValue = names.some((n) => n.name.role === 'value' && !NONE_VALUES.has(n.id));
  const cmp = topLevelComparison(text);
  let positive = true;
  if (cmp) {
    const other = cmp.right.trim();
    const otherIsFalse =
      /^\(?\s*(FALSE|0|0x0+|NULL)\s*\)?$/i.test(other) || /^\(?\s*(FALSE|0)\s*\)?$/.test(cmp.left.trim());
    const otherIsTrue = /^\(?\s*TRUE\s*\)?$/.test(other);
    if (otherIsFalse) positive = cmp.op === '!=';
    else if (otherIsTrue) positive = cmp.op === '==';
    else if (hasNone) positive = cmp.op === '!=';
    else if (hasValue) positive = cmp.op === '==';
    else positive = cmp.op === '==';
  } else if (hasNone) {
    // A bare "no CC" value is not a test.
    return undefined;
  }
  return { mode, positive };
}

/** The first `==` or `!=` outside parentheses. */
function topLevelComparison(text: string): { left: string; op: '==' | '!='; right: string } | undefined {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && (c === '=' || c === '!') && text[i + 1] === '=') {
      return { left: text.slice(0, i), op: c === '=' ? '==' : '!=', right: text.slice(i + 2) };
    }
  }
  return undefined;
}

const MAX_DEPTH = 64;

function parse(text: string, depth: number): Expr {
  if (depth > MAX_DEPTH) return { kind: 'atom', text };
  const ors = splitTopLevel(text, '||');
  if (ors.length > 1) return { kind: 'or', items: ors.map((t) => parse(t, depth + 1)) };
  const ands = splitTopLevel(text, '&&');
  if (ands.length > 1) return { kind: 'and', items: ands.map((t) => parse(t, depth + 1)) };
  const t = text.trim();
  if (t.startsWith('!') && t[1] !== '=') return { kind: 'not', item: parse(t.slice(1), depth + 1) };
  if (t.startsWith('(') && closingParen(t, 0) === t.length - 1) return parse(t.slice(1, -1), depth + 1);
  return { kind: 'atom', text: t };
}

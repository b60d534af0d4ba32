/**
 * Macros of one INF or DEC file, after BaseTools' MetaFileParser: `DEFINE NAME = value`
 * statements (the ParseMacro decorator) are file-local inside `[Defines]` and section-scoped
 * elsewhere, and a section sees the macros of every section of the same kind whose scope covers
 * its own (`_GetApplicableSectionMacro`: common/common < common/specific < specific/specific).
 * INF and DEC files have no conditionals or includes, so this is all the preprocessing they get.
 */
import type { SectionScope } from './model.js';

const MACRO_STATEMENT = /^(DEFINE|EDK_GLOBAL)[ \t]+/;
/** BaseTools' gMacroNamePattern. */
const MACRO_NAME = /^[A-Z][A-Z0-9_]*$/;

export type MacroStatement =
  | { readonly kind: 'define'; readonly name: string; readonly value: string }
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * Recognise `DEFINE NAME = value` (the value still unexpanded). Returns undefined for any other
 * line. `EDK_GLOBAL` is recognised so that it can be refused: it belongs to DSC files only.
 */
export function parseMacroStatement(code: string): MacroStatement | undefined {
  const c = code.charCodeAt(0);
  if (c !== 0x44 /* D */ && c !== 0x45 /* E */) return undefined;
  const m = MACRO_STATEMENT.exec(code);
  if (!m) return undefined;
  if (m[1] === 'EDK_GLOBAL') {
    return { kind: 'invalid', message: 'EDK_GLOBAL can only be used in a .dsc file' };
  }
  const rest = code.slice(m[0].length);
  const eq = rest.indexOf('=');
  const name = (eq < 0 ? rest : rest.slice(0, eq)).trim();
  const value = eq < 0 ? '' : rest.slice(eq + 1).trim();
  if (name === '') return { kind: 'invalid', message: 'DEFINE without a macro name' };
  if (!MACRO_NAME.test(name)) {
    return { kind: 'invalid', message: `macro name '${name}' must match [A-Z][A-Z0-9_]*` };
  }
  return { kind: 'define', name, value };
}

/** `NAME = value` of a `[Defines]` section; undefined parts are reported by the caller. */
export function splitAssignment(code: string): { readonly name: string; readonly value: string | undefined } {
  const eq = code.indexOf('=');
  if (eq < 0) return { name: code.trim(), value: undefined };
  return { name: code.slice(0, eq).trim(), value: code.slice(eq + 1).trim() };
}

type ScopeKey = string;

function scopeKey(arch: string, moduleType: string, extra: string): ScopeKey {
  return `${arch.toUpperCase()}\0${moduleType.toUpperCase()}\0${(extra || 'common').toUpperCase()}`;
}

interface SectionMacroSet {
  readonly section: string;
  readonly scopes: ReadonlySet<ScopeKey>;
  readonly values: Map<string, string>;
}

const COMMON_COMMON_COMMON = scopeKey('common', 'common', 'common');

export class FileMacros {
  private readonly fileLocal = new Map<string, string>();
  /** In first-definition order, as BaseTools' dict of (section type, scope tuple). */
  private readonly sectionSets: SectionMacroSet[] = [];
  private activeSection = '';
  private activeScopes: readonly SectionScope[] = [];
  private applicable: Map<string, string> | undefined = new Map();

  /** `external` macros (from the caller) have the lowest precedence. */
  constructor(private readonly external?: ReadonlyMap<string, string>) {}

  /** The lookup for `expandMacros` in the current section. */
  readonly lookup = (name: string): string | undefined => {
    this.applicable ??= this.computeApplicable();
    return this.applicable.get(name) ?? this.fileLocal.get(name) ?? this.external?.get(name);
  };

  enterSection(section: string, scopes: readonly SectionScope[]): void {
    this.activeSection = section;
    this.activeScopes = scopes;
    this.applicable = undefined;
  }

  defineFileLocal(name: string, value: string): void {
    this.fileLocal.set(name, value);
  }

  /** A DEFINE inside the current (non-`[Defines]`) section. */
  defineInSection(name: string, value: string): void {
    const keys = new Set(this.activeScopes.map((s) => scopeKey(s.arch, s.moduleType, s.extra)));
    let set = this.sectionSets.find((s) => s.section === this.activeSection && sameKeys(s.scopes, keys));
    if (!set) {
      set = { section: this.activeSection, scopes: keys, values: new Map() };
      this.sectionSets.push(set);
    }
    set.values.set(name, value);
    this.applicable = undefined;
  }

  private computeApplicable(): Map<string, string> {
    const comCom = new Map<string, string>();
    const comSpe = new Map<string, string>();
    const speSpe = new Map<string, string>();
    const active = this.activeScopes.map((s) => ({
      exact: scopeKey(s.arch, s.moduleType, s.extra),
      archOnly: scopeKey(s.arch, 'common', 'common'),
      typeOnly: scopeKey('common', s.moduleType, 'common'),
    }));
    for (const set of this.sectionSets) {
      if (set.section !== this.activeSection) continue;
      if (active.every((a) => set.scopes.has(a.exact))) copyInto(speSpe, set.values);
      if (
        active.every(
          (a) => set.scopes.has(a.exact) || set.scopes.has(a.archOnly) || set.scopes.has(a.typeOnly),
        )
      ) {
        copyInto(comSpe, set.values);
      }
      if (set.scopes.has(COMMON_COMMON_COMMON)) copyInto(comCom, set.values);
    }
    const out = comCom;
    copyInto(out, comSpe);
    copyInto(out, speSpe);
    return out;
  }
}

function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a) if (!b.has(k)) return false;
  return true;
}

function copyInto(into: Map<string, string>, from: ReadonlyMap<string, string>): void {
  for (const [k, v] of from) into.set(k, v);
}

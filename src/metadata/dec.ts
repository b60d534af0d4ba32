/**
 * DEC (package declaration) parser after BaseTools' DecParser (Workspace/MetaFileParser.py) and
 * DecBuildData, plus `PackageIndex`, the workspace-wide lookup of what packages declare.
 * - `#` comments only (no `//`), and multi-line `{CODE(…)}` PCD values joined first;
 * - exactly one `[Defines]`, without arch; `DEFINE` macros file-local there, section-scoped
 *   elsewhere;
 * - several PCD kinds may share a header (`[PcdsDynamic, PcdsDynamicEx]`) but not with
 *   `PcdsFeatureFlag`; the third header part of `[Includes]`, `[Guids]`, `[Protocols]`, `[Ppis]`
 *   may only be `Private`, and private and public scopes do not mix;
 * - PCDs `TokenSpace.Name|Default|DatumType|Token`, where the default may hold `|` in quotes or
 *   parentheses; a datum type that is not a base type makes a structured PCD whose `{ … }`
 *   block and field lines follow;
 * - GUID values in C-struct form, normalised to registry form.
 */
import { cmp, DiagnosticCode, type DiagnosticSeverity } from '../diagnostics.js';
import { isUnder, normalizeRelPath, relDirname, relJoin } from '../workspace/paths.js';
import type { Workspace } from '../workspace/workspace.js';
import { FileMacros, parseMacroStatement, splitAssignment } from './file-macros.js';
import { cleanCode, expandMacros, isSectionHeader, parseSectionHeader, splitTopLevel } from './lines.js';
import type {
  Arch,
  DecGuidLike,
  DecLibraryClass,
  DecPackage,
  DecPcd,
  MacroDefinition,
  Origin,
  PcdKind,
  SectionScope,
} from './model.js';
import { foldersWithFiles, outermostEmptyFolder } from './workspace-dirs.js';

type DecSection =
  | 'Defines'
  | 'Includes'
  | 'LibraryClasses'
  | 'Guids'
  | 'Protocols'
  | 'Ppis'
  | 'PcdsFixedAtBuild'
  | 'PcdsPatchableInModule'
  | 'PcdsFeatureFlag'
  | 'PcdsDynamic'
  | 'PcdsDynamicEx'
  | 'UserExtensions';

const DEC_SECTIONS: ReadonlyMap<string, DecSection> = new Map(
  (
    [
      'Defines',
      'Includes',
      'LibraryClasses',
      'Guids',
      'Protocols',
      'Ppis',
      'PcdsFixedAtBuild',
      'PcdsPatchableInModule',
      'PcdsFeatureFlag',
      'PcdsDynamic',
      'PcdsDynamicEx',
      'UserExtensions',
    ] as const
  ).map((s) => [s.toUpperCase(), s]),
);

const PCD_KIND: Readonly<Partial<Record<DecSection, PcdKind>>> = {
  PcdsFixedAtBuild: 'FixedAtBuild',
  PcdsPatchableInModule: 'PatchableInModule',
  PcdsFeatureFlag: 'FeatureFlag',
  PcdsDynamic: 'Dynamic',
  PcdsDynamicEx: 'DynamicEx',
};

/** Sections whose third header part may only be `Private`. */
const PRIVATE_TAGGED = new Set<DecSection>(['Includes', 'Guids', 'Protocols', 'Ppis']);
const BASE_DATUM_TYPES = new Set(['VOID*', 'BOOLEAN', 'UINT8', 'UINT16', 'UINT32', 'UINT64']);
const C_NAME_START = /^[a-zA-Z_][a-zA-Z0-9_]*/;

type GuidKind = 'guid' | 'protocol' | 'ppi';
const GUID_KIND: Readonly<Partial<Record<DecSection, GuidKind>>> = {
  Guids: 'guid',
  Protocols: 'protocol',
  Ppis: 'ppi',
};

// ── GUID values ─────────────────────────────────────────────────────────

const GUID_REGISTRY = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX_FIELD = /^0[xX][0-9a-fA-F]+$/;
/** Hex digits allowed per field of the C-struct form: UINT32, UINT16, UINT16, then 8 × UINT8. */
const FIELD_DIGITS = [8, 4, 4, 2, 2, 2, 2, 2, 2, 2, 2];

/**
 * A GUID in C-struct form `{0x…, 0x…, 0x…, {0x.., …}}` (as BaseTools' gGuidCFormatPattern and
 * GuidStructureStringToGuidString read it) or in registry form, as lower-case
 * `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`; undefined if it is neither.
 */
export function normalizeGuid(text: string): string | undefined {
  const t = text.trim();
  if (GUID_REGISTRY.test(t)) return t.toLowerCase();
  // Exactly `{ a, b, c, { d0, …, d7 } }`: braces where the pattern puts them, hex fields between.
  const m = /^\{([^{}]*),\s*\{([^{}]*)\}\s*\}[\s;]*$/.exec(t);
  if (!m) return undefined;
  const parts = `${m[1]},${m[2]}`.split(',').map((p) => p.trim());
  if (parts.length !== 11) return undefined;
  let out = '';
  for (let i = 0; i < 11; i++) {
    const p = parts[i]!;
    const width = FIELD_DIGITS[i]!;
    if (!HEX_FIELD.test(p) || p.length - 2 > width) return undefined;
    out += p.slice(2).toLowerCase().padStart(width, '0');
    if (i === 0 || i === 1 || i === 2 || i === 4) out += '-';
  }
  return out;
}

// ── parser ──────────────────────────────────────────────────────────────

interface ActiveSection {
  readonly name: DecSection;
  readonly scopes: readonly SectionScope[];
}

/** Parse one DEC; undefined only if the file cannot be read. Problems go to `ws.diagnostics`. */
export function parseDec(ws: Workspace, decPath: string): DecPackage | undefined {
  const file = ws.read(decPath);
  if (!file) return undefined;
  return new DecReader(ws, file.path).read(file.lines);
}

class DecReader {
  private readonly dir: string;
  private readonly macros = new FileMacros();
  private section: ActiveSection | undefined;
  private seenSection = false;
  private definesSections = 0;
  private lineNo = 0;
  /** `TokenSpace.Name` of the structured PCD whose block and field lines may follow. */
  private structuredPcd = '';

  private readonly defines = new Map<string, MacroDefinition>();
  private readonly includes: { path: string; arch: Arch; isPrivate?: boolean; origin: Origin }[] = [];
  private readonly libraryClasses: DecLibraryClass[] = [];
  private readonly guidLikes: Record<GuidKind, DecGuidLike[]> = { guid: [], protocol: [], ppi: [] };
  /** name → whether declared private, per kind (a name may not be both). */
  private readonly guidPrivacy: Record<GuidKind, Map<string, boolean>> = {
    guid: new Map(),
    protocol: new Map(),
    ppi: new Map(),
  };
  private readonly pcds: DecPcd[] = [];
  private readonly pcdIndex = new Map<string, number>();
  private readonly pcdDeclared = new Map<string, number>();

  constructor(
    private readonly ws: Workspace,
    private readonly path: string,
  ) {
    this.dir = relDirname(path);
  }

  read(rawLines: readonly string[]): DecPackage {
    const lines = joinCodeValues(rawLines);
    for (let i = 0; i < lines.length; i++) {
      this.lineNo = i + 1;
      const code = cleanCode(lines[i]!);
      if (code === '') continue;
      if (isSectionHeader(code)) {
        this.enterSection(code);
        continue;
      }
      this.readEntry(code);
    }
    return this.finish();
  }

  private get origin(): Origin {
    return { file: this.path, line: this.lineNo };
  }

  private report(
    severity: DiagnosticSeverity,
    code: DiagnosticCode,
    message: string,
    line = this.lineNo,
  ): void {
    this.ws.diagnostics.report({ severity, code, file: this.path, line, message });
  }

  private enterSection(code: string): void {
    this.section = undefined;
    this.seenSection = true;
    this.structuredPcd = '';
    const header = parseSectionHeader(code, (upper) => DEC_SECTIONS.get(upper));
    if (!header.ok) {
      const unknown = header.error.startsWith('unknown section');
      this.report(
        'error',
        unknown ? DiagnosticCode.UnknownSection : DiagnosticCode.MalformedLine,
        `${header.error}; its content is ignored`,
      );
      return;
    }
    const error = this.headerError(code, header.name as DecSection, header.scopes);
    if (error) {
      this.report('error', DiagnosticCode.MalformedLine, `${error}; its content is ignored`);
      return;
    }
    const name = header.name as DecSection;
    if (name === 'Defines') {
      this.definesSections++;
      if (this.definesSections > 1) {
        this.report('error', DiagnosticCode.DuplicateDefinition, 'a second [Defines] section');
      }
    }
    this.section = { name, scopes: header.scopes };
    this.macros.enterSection(name, header.scopes);
  }

  private headerError(code: string, name: DecSection, scopes: readonly SectionScope[]): string | undefined {
    const sections = new Set(scopes.map((s) => s.section as DecSection));
    if (name === 'Defines' && (scopes.length > 1 || code.includes('.'))) {
      return `invalid [Defines] header ${code}`;
    }
    if (sections.size > 1) {
      if (![...sections].every((s) => PCD_KIND[s])) return `different section names in one header ${code}`;
      if (sections.has('PcdsFeatureFlag')) {
        return `PcdsFeatureFlag must not share a header with other PCD kinds: ${code}`;
      }
    }
    if (
      PRIVATE_TAGGED.has(name) &&
      scopes.some((s) => s.moduleType !== 'common' && s.moduleType !== 'PRIVATE')
    ) {
      return `use the keyword Private as section tag modifier: ${code}`;
    }
    const privacy = new Set(scopes.map((s) => s.moduleType === 'PRIVATE'));
    if (privacy.size > 1) return `private and public scopes mixed in ${code}`;
    return undefined;
  }

  private readEntry(code: string): void {
    const section = this.section;
    if (!section) {
      if (!this.seenSection) {
        this.report('error', DiagnosticCode.MalformedLine, `content outside any section: ${code}`);
      }
      return;
    }
    if (section.name === 'UserExtensions') return;
    const statement = parseMacroStatement(code);
    if (statement) {
      if (statement.kind === 'invalid') {
        this.report('error', DiagnosticCode.MalformedLine, statement.message);
        return;
      }
      const value = expandMacros(statement.value, this.macros.lookup);
      if (section.name === 'Defines') this.macros.defineFileLocal(statement.name, value);
      else this.macros.defineInSection(statement.name, value);
      return;
    }
    switch (section.name) {
      case 'Defines':
        this.readDefine(code);
        break;
      case 'Includes':
        this.readInclude(code, section.scopes);
        break;
      case 'LibraryClasses':
        this.readLibraryClass(code, section.scopes);
        break;
      case 'Guids':
      case 'Protocols':
      case 'Ppis':
        this.readGuid(code, section.scopes, GUID_KIND[section.name]!);
        break;
      default:
        this.readPcdLine(code, section.scopes);
        break;
    }
  }

  private expandPath(text: string): string {
    return expandMacros(text, this.macros.lookup, (m) =>
      this.report('warning', DiagnosticCode.UnknownMacro, `macro $(${m}) is not defined`),
    );
  }

  private readDefine(code: string): void {
    const { name, value: rawValue } = splitAssignment(code);
    if (name === '') {
      this.report('error', DiagnosticCode.MalformedLine, `no name in [Defines] statement: ${code}`);
      return;
    }
    if (rawValue === undefined || rawValue === '') {
      this.report('error', DiagnosticCode.MalformedLine, `no value for ${name} in [Defines]`);
      return;
    }
    const value = expandMacros(rawValue, this.macros.lookup, (m) =>
      this.report('error', DiagnosticCode.UnknownMacro, `macro $(${m}) used in ${name} is not defined`),
    );
    const key = name.toUpperCase();
    const previous = this.defines.get(key);
    if (previous) {
      this.report(
        'warning',
        DiagnosticCode.DuplicateDefinition,
        `${key} is defined again (first at line ${previous.origin.line}); the last value is used`,
      );
    }
    this.defines.set(key, { name, value, origin: this.origin });
  }

  private readInclude(code: string, scopes: readonly SectionScope[]): void {
    const written = this.expandPath(splitTopLevel(code)[0]!);
    const path = relJoin(this.dir, written);
    if (path.startsWith('..') || !foldersWithFiles(this.ws).has(path)) {
      const empty = path.startsWith('..') ? undefined : outermostEmptyFolder(this.ws, `${path}/-`);
      const hint = empty === undefined ? '' : `: no files under ${empty}/ (a git submodule not checked out?)`;
      this.report(
        'warning',
        DiagnosticCode.PathNotFound,
        `include folder ${written} not found (${path})${hint}`,
      );
    }
    for (const s of scopes) {
      const isPrivate = s.moduleType === 'PRIVATE';
      this.includes.push({ path, arch: s.arch, ...(isPrivate ? { isPrivate } : {}), origin: this.origin });
    }
  }

  private readLibraryClass(code: string, scopes: readonly SectionScope[]): void {
    const fields = splitTopLevel(code);
    const name = fields[0] ?? '';
    const rawHeader = fields[1] ?? '';
    if (name === '' || rawHeader === '') {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `library class must be written <ClassName>|<HeaderFile>: ${code}`,
      );
      return;
    }
    const header = normalizeRelPath(this.expandPath(rawHeader));
    if (!this.ws.isFile(relJoin(this.dir, header))) {
      this.report(
        'warning',
        DiagnosticCode.PathNotFound,
        `header ${header} of library class ${name} not found`,
      );
    }
    for (const s of scopes) {
      const earlier = this.libraryClasses.find(
        (c) => c.name === name && c.arch === s.arch && c.header !== header,
      );
      if (earlier) {
        this.report(
          'info',
          DiagnosticCode.DuplicateDefinition,
          `library class ${name} is declared again with header ${header} (first ${earlier.header} at line ${earlier.origin.line}); BaseTools uses the last`,
        );
      }
      this.libraryClasses.push({
        name,
        header,
        arch: s.arch,
        isPrivate: s.moduleType === 'PRIVATE',
        origin: this.origin,
      });
    }
  }

  private readGuid(code: string, scopes: readonly SectionScope[], kind: GuidKind): void {
    const { name, value: written } = splitAssignment(code);
    if (name === '' || written === undefined || written === '') {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `GUID must be written <CName> = <GuidValueInCFormat>: ${code}`,
      );
      return;
    }
    let value = normalizeGuid(written);
    if (value === undefined || !written.startsWith('{')) {
      this.report('error', DiagnosticCode.MalformedLine, `invalid GUID value format for ${name}: ${written}`);
      value ??= written;
    }
    const isPrivate = scopes[0]!.moduleType === 'PRIVATE';
    const declaredPrivate = this.guidPrivacy[kind].get(name);
    if (declaredPrivate === undefined) this.guidPrivacy[kind].set(name, isPrivate);
    else if (declaredPrivate !== isPrivate) {
      this.report('error', DiagnosticCode.DuplicateDefinition, `${name} is declared both private and public`);
    }
    for (const s of scopes)
      this.guidLikes[kind].push({ name, value, arch: s.arch, isPrivate, origin: this.origin });
  }

  // ── PCDs ───────────────────────────────────────────────────────────────

  private readPcdLine(code: string, scopes: readonly SectionScope[]): void {
    if (this.structuredPcd !== '' && this.readStructuredPcdLine(code)) return;
    const bar = code.indexOf('|');
    const fullName = (bar < 0 ? code : code.slice(0, bar)).trim();
    const nameParts = fullName.split('.').map((p) => p.trim());
    // Indexing, not destructuring: this runs for thousands of PCDs while the code is still cold.
    const tokenSpace = nameParts[0] ?? '';
    const name = nameParts[1] ?? '';
    if (tokenSpace === '' || name === '' || nameParts.length !== 2) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `PCD must be written <TokenSpaceGuidCName>.<PcdCName>|…: ${code}`,
      );
      return;
    }
    if (!C_NAME_START.test(tokenSpace) || !C_NAME_START.test(name)) {
      this.report('error', DiagnosticCode.MalformedLine, `invalid token space or PCD C name: ${fullName}`);
      return;
    }
    const datum = bar < 0 ? '' : code.slice(bar + 1).trim();
    if (datum === '') {
      this.report('error', DiagnosticCode.MalformedLine, `no datum information for ${fullName}`);
      return;
    }
    const fields = splitTopLevel(datum);
    if (fields.length !== 3) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `PCD ${fullName} must have <DefaultValue>|<DatumType>|<Token>, found ${fields.length} field(s)`,
      );
      return;
    }
    const defaultValue = fields[0]!;
    const datumType = fields[1]!;
    const rawToken = fields[2]!;
    const missing =
      defaultValue === '' ? 'DefaultValue' : datumType === '' ? 'DatumType' : rawToken === '' ? 'Token' : '';
    if (missing !== '') {
      this.report('error', DiagnosticCode.MalformedLine, `missing ${missing} for PCD ${fullName}`);
      return;
    }
    let token = rawToken;
    if (!BASE_DATUM_TYPES.has(datumType)) {
      this.structuredPcd = fullName;
      if (token.endsWith('{')) token = token.slice(0, -1).trim();
    }
    const first = scopes[0]!;
    const dupKey = `${first.arch}\0${first.moduleType}\0${first.section}\0${fullName}`;
    const dupLine = this.pcdDeclared.get(dupKey);
    if (dupLine !== undefined) {
      this.report(
        'error',
        DiagnosticCode.DuplicateDefinition,
        `${fullName} is already declared in this section kind at line ${dupLine}`,
      );
      return;
    }
    this.pcdDeclared.set(dupKey, this.lineNo);
    for (const s of scopes) this.addPcd(tokenSpace, name, defaultValue, datumType, token, s);
  }

  /**
   * Lines after a structured PCD: its `{ <Packages> … <HeaderFiles> … }` block and
   * `TokenSpace.Name.Field|value` / `TokenSpace.Name[0]|value` defaults. False when the line is
   * an ordinary PCD declaration, which ends the structured PCD.
   */
  private readStructuredPcdLine(code: string): boolean {
    if (!code.includes('|')) return true;
    const names = code.slice(0, code.indexOf('|')).trim().split('.');
    if (names.length === 2) {
      if (
        names[1]!.trim().endsWith(']') &&
        `${names[0]}.${names[1]!.slice(0, names[1]!.indexOf('['))}` === this.structuredPcd
      ) {
        return true;
      }
      this.structuredPcd = '';
      return false;
    }
    const base = `${names[0]}.${names[1]?.replace(/\[.*$/, '')}`;
    if (base !== this.structuredPcd) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `PCD field ${names.join('.')} does not belong to structured PCD ${this.structuredPcd}`,
      );
    }
    return true;
  }

  private addPcd(
    tokenSpace: string,
    name: string,
    defaultValue: string,
    datumType: string,
    token: string,
    scope: SectionScope,
  ): void {
    const kind = PCD_KIND[scope.section as DecSection]!;
    const key = `${tokenSpace}.${name}\0${scope.arch}`;
    const at = this.pcdIndex.get(key);
    if (at !== undefined) {
      const existing = this.pcds[at]!;
      if (!existing.kinds.includes(kind)) this.pcds[at] = { ...existing, kinds: [...existing.kinds, kind] };
      return;
    }
    this.pcdIndex.set(key, this.pcds.length);
    this.pcds.push({
      tokenSpace,
      name,
      defaultValue,
      datumType,
      token,
      kinds: [kind],
      arch: scope.arch,
      origin: this.origin,
    });
  }

  private finish(): DecPackage {
    if (this.definesSections === 0) {
      this.report('error', DiagnosticCode.MissingDefine, 'no [Defines] section', 1);
    } else {
      for (const key of ['PACKAGE_NAME', 'PACKAGE_GUID']) {
        if (!this.defines.has(key)) {
          this.report('error', DiagnosticCode.MissingDefine, `[Defines] has no ${key}`, 1);
        }
      }
    }
    return {
      path: this.path,
      dir: this.dir,
      name: this.defines.get('PACKAGE_NAME')?.value ?? '',
      guid: this.defines.get('PACKAGE_GUID')?.value ?? '',
      defines: this.defines,
      includes: this.includes,
      libraryClasses: this.libraryClasses,
      guids: this.guidLikes.guid,
      protocols: this.guidLikes.protocol,
      ppis: this.guidLikes.ppi,
      pcds: this.pcds,
    };
  }
}

/**
 * BaseTools' ProcessMultipleLineCODEValue: a `{CODE(` value spread over several lines becomes
 * one line at its first line number, the following lines empty, so that line numbers hold.
 */
function joinCodeValues(lines: readonly string[]): readonly string[] {
  if (!lines.some((l) => l.includes('{CODE('))) return lines;
  const out: string[] = [];
  let pending: string | undefined;
  let joined = 0;
  for (const line of lines) {
    if (pending !== undefined) {
      pending += line;
      joined++;
      if (line.includes(')}')) {
        out.push(pending);
        for (let i = 0; i < joined; i++) out.push('');
        pending = undefined;
        joined = 0;
      }
    } else if (line.includes('{CODE(') && !/\{CODE\([a-fA-F0-9Xx{},\s]*\)\}/.test(line)) {
      pending = line;
    } else {
      out.push(line);
    }
  }
  if (pending !== undefined) out.push(pending, ...Array<string>(joined).fill(''));
  return out;
}

// ── workspace-wide index ──────────────────────────────────────────────────

export interface LibraryClassDeclaration {
  readonly package: DecPackage;
  readonly declaration: DecLibraryClass;
  /** Workspace-relative path of the class header. */
  readonly header: string;
}

export interface PcdDeclaration {
  readonly package: DecPackage;
  readonly pcd: DecPcd;
}

export interface GuidDeclaration {
  readonly package: DecPackage;
  readonly kind: GuidKind;
  readonly declaration: DecGuidLike;
}

export type { GuidKind };

/**
 * Where to look, as BaseTools looks for a module: `packages` are the module's `[Packages]` in
 * their order (default: every package, sorted by path); `arch` prefers arch-specific
 * declarations over `common` ones; `from` (the module's path) hides private declarations of
 * packages it does not belong to.
 */
export interface LookupScope {
  readonly arch?: Arch;
  readonly packages?: readonly string[];
  readonly from?: string;
  /** GUID lookups only: restrict to GUIDs, protocols or PPIs. */
  readonly kind?: GuidKind;
}

interface Entry<T> {
  readonly package: DecPackage;
  readonly item: T;
}

export class PackageIndex {
  /** Every package, sorted by path. */
  readonly packages: readonly DecPackage[];
  private readonly byPath = new Map<string, DecPackage>();
  private readonly classes = new Map<string, Entry<DecLibraryClass>[]>();
  private readonly pcdsByName = new Map<string, Entry<DecPcd>[]>();
  private readonly guidsByName = new Map<string, Entry<{ kind: GuidKind; decl: DecGuidLike }>[]>();
  private readonly guidsByValue = new Map<string, Entry<{ kind: GuidKind; decl: DecGuidLike }>[]>();

  constructor(packages: readonly DecPackage[]) {
    this.packages = [...packages].sort((a, b) => cmp(a.path, b.path));
    for (const p of this.packages) {
      this.byPath.set(p.path, p);
      for (const c of p.libraryClasses) push(this.classes, c.name, { package: p, item: c });
      for (const pcd of p.pcds) push(this.pcdsByName, pcd.name, { package: p, item: pcd });
      const kinds: [GuidKind, readonly DecGuidLike[]][] = [
        ['guid', p.guids],
        ['protocol', p.protocols],
        ['ppi', p.ppis],
      ];
      for (const [kind, list] of kinds) {
        for (const decl of list) {
          const entry = { package: p, item: { kind, decl } };
          push(this.guidsByName, decl.name, entry);
          push(this.guidsByValue, decl.value, entry);
        }
      }
    }
  }

  /** Parse every `.dec` of the workspace and index them. */
  static fromWorkspace(ws: Workspace): PackageIndex {
    const packages: DecPackage[] = [];
    for (const f of ws.packageFiles()) {
      const p = parseDec(ws, f);
      if (p) packages.push(p);
    }
    return new PackageIndex(packages);
  }

  package(decPath: string): DecPackage | undefined {
    return this.byPath.get(decPath);
  }

  /** Every declaration of a library class visible in the scope, in package order. */
  libraryClass(name: string, scope: LookupScope = {}): LibraryClassDeclaration[] {
    return this.visible(this.classes.get(name), scope, (c) => c).map((e) => ({
      package: e.package,
      declaration: e.item,
      header: relJoin(e.package.dir, e.item.header),
    }));
  }

  /** The declaration BaseTools would use: first package in scope order, arch-specific first. */
  pcd(tokenSpace: string | undefined, name: string, scope: LookupScope = {}): PcdDeclaration | undefined {
    const candidates = this.pcdsByName
      .get(name)
      ?.filter((e) => tokenSpace === undefined || e.item.tokenSpace === tokenSpace);
    const found = this.first(candidates, scope, (p) => ({ arch: p.arch ?? 'common', isPrivate: false }));
    return found && { package: found.package, pcd: found.item };
  }

  /** The DEC default of a PCD (token space optional), for expressions that read PCDs. */
  pcdDefault(tokenSpace: string | undefined, name: string, arch?: Arch): string | undefined {
    return this.pcd(tokenSpace, name, arch ? { arch } : {})?.pcd.defaultValue;
  }

  /** A GUID, protocol or PPI C name: its value and declaring package. */
  guid(cName: string, scope: LookupScope = {}): GuidDeclaration | undefined {
    const candidates = this.guidsByName.get(cName)?.filter((e) => !scope.kind || e.item.kind === scope.kind);
    const found = this.first(candidates, scope, (g) => g.decl);
    return found && { package: found.package, kind: found.item.kind, declaration: found.item.decl };
  }

  /** Every declaration with this registry-form value (lower case), in package order. */
  guidsWithValue(value: string): GuidDeclaration[] {
    return (this.guidsByValue.get(value.toLowerCase()) ?? []).map((e) => ({
      package: e.package,
      kind: e.item.kind,
      declaration: e.item.decl,
    }));
  }

  private visible<T>(
    entries: readonly Entry<T>[] | undefined,
    scope: LookupScope,
    facts: (item: T) => { readonly arch: Arch; readonly isPrivate: boolean },
  ): Entry<T>[] {
    if (!entries) return [];
    const order = scope.packages;
    const rank = order ? new Map(order.map((p, i) => [p, i])) : undefined;
    const out = entries.filter((e) => {
      const f = facts(e.item);
      if (rank && !rank.has(e.package.path)) return false;
      if (scope.arch && f.arch !== 'common' && f.arch !== scope.arch.toUpperCase()) return false;
      if (scope.from !== undefined && f.isPrivate && !isUnder(scope.from, e.package.dir)) return false;
      return true;
    });
    if (rank) out.sort((a, b) => rank.get(a.package.path)! - rank.get(b.package.path)!);
    return out;
  }

  private first<T>(
    entries: readonly Entry<T>[] | undefined,
    scope: LookupScope,
    facts: (item: T) => { readonly arch: Arch; readonly isPrivate: boolean },
  ): Entry<T> | undefined {
    const visible = this.visible(entries, scope, facts);
    const head = visible[0];
    if (!head) return undefined;
    const samePackage = visible.filter((e) => e.package === head.package);
    const wanted = scope.arch?.toUpperCase();
    return (
      samePackage.find((e) => facts(e.item).arch === wanted) ??
      samePackage.find((e) => facts(e.item).arch === 'common') ??
      head
    );
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

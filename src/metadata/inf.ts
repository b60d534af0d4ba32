/**
 * INF (module description) parser after BaseTools' InfParser (Workspace/MetaFileParser.py) and
 * the views InfBuildData builds on it:
 * - `#` comments, `//` read as `#`, and `/*`…`*\/` blocks that skip whole lines (a line that
 *   opens one is dropped even if it also closes it, as BaseTools does); no `\` continuation
 *   outside the EDK-only `[Nmake]` section, which an EDK II INF may not have;
 * - `DEFINE` macros: file-local in `[Defines]`, section-scoped elsewhere;
 * - sections `[Name.arch.moduletype]`, several per header, one kind per header; a fourth part
 *   only on `[LibraryClasses]`, `[Depex]` and `[UserExtensions]`;
 * - every entry is recorded once per scope of its header, in file order;
 * - usage comments (`## CONSUMES`) are the comment lines directly above an entry plus its
 *   trailing comment.
 */
import { DiagnosticCode, type DiagnosticSeverity } from '../diagnostics.js';
import { normalizeRelPath, relDirname, relJoin } from '../workspace/paths.js';
import type { Workspace } from '../workspace/workspace.js';
import { FileMacros, parseMacroStatement, splitAssignment } from './file-macros.js';
import {
  cleanLine,
  expandMacros,
  isSectionHeader,
  parseSectionHeader,
  type SectionHeaderResult,
  splitTopLevel,
} from './lines.js';
import type {
  Arch,
  BuildOption,
  InfLibraryClassDecl,
  InfModule,
  InfPcd,
  InfSource,
  InfUsage,
  MacroDefinition,
  ModuleType,
  Origin,
  PcdKind,
  SectionScope,
} from './model.js';
import { outermostEmptyFolder } from './workspace-dirs.js';

/** BaseTools' SUP_MODULE_LIST: every EDK II module type. */
export const MODULE_TYPES: readonly ModuleType[] = [
  'BASE',
  'SEC',
  'PEI_CORE',
  'PEIM',
  'DXE_CORE',
  'DXE_DRIVER',
  'DXE_RUNTIME_DRIVER',
  'DXE_SMM_DRIVER',
  'UEFI_DRIVER',
  'UEFI_APPLICATION',
  'USER_DEFINED',
  'HOST_APPLICATION',
  'SMM_CORE',
  'MM_STANDALONE',
  'MM_CORE_STANDALONE',
];
const MODULE_TYPE_SET = new Set(MODULE_TYPES);
/** Gone from BaseTools since, but valid in the trees of its time (edk2 2021). */
const LEGACY_MODULE_TYPES = new Set(['DXE_SAL_DRIVER']);

/** Module types that BaseTools lets link any library instance, whatever its supported types. */
const LINKS_ANY_LIBRARY = new Set(['USER_DEFINED', 'HOST_APPLICATION']);

type InfSection =
  | 'Defines'
  | 'BuildOptions'
  | 'Includes'
  | 'Libraries'
  | 'LibraryClasses'
  | 'Packages'
  | 'Nmake'
  | 'FixedPcd'
  | 'PatchPcd'
  | 'FeaturePcd'
  | 'PcdEx'
  | 'Pcd'
  | 'Sources'
  | 'Guids'
  | 'Protocols'
  | 'Ppis'
  | 'Depex'
  | 'Binaries'
  | 'UserExtensions';

const INF_SECTIONS: ReadonlyMap<string, InfSection> = new Map(
  (
    [
      'Defines',
      'BuildOptions',
      'Includes',
      'Libraries',
      'LibraryClasses',
      'Packages',
      'Nmake',
      'FixedPcd',
      'PatchPcd',
      'FeaturePcd',
      'PcdEx',
      'Pcd',
      'Sources',
      'Guids',
      'Protocols',
      'Ppis',
      'Depex',
      'Binaries',
      'UserExtensions',
    ] as const
  ).map((s) => [s.toUpperCase(), s]),
);

/** Sections whose header may carry a fourth part (SECTIONS_HAVE_ITEM_AFTER_ARCH_SET). */
const FOUR_PART_SECTIONS = new Set<InfSection>(['LibraryClasses', 'Depex', 'UserExtensions']);
/** EDK (pre-INF_VERSION 1.5) sections that an EDK II INF may not have. */
const EDK_ONLY_SECTIONS = new Set<InfSection>(['Includes', 'Libraries', 'Nmake']);

const PCD_SECTION_KIND: Readonly<Partial<Record<InfSection, PcdKind | 'Pcd'>>> = {
  FixedPcd: 'FixedAtBuild',
  PatchPcd: 'PatchableInModule',
  FeaturePcd: 'FeatureFlag',
  PcdEx: 'DynamicEx',
  Pcd: 'Pcd',
};

/** `[Defines]` keys that may be given several times (InfBuildData collects them into lists). */
const MULTI_VALUED_DEFINES = new Set([
  'LIBRARY_CLASS',
  'ENTRY_POINT',
  'UNLOAD_IMAGE',
  'CONSTRUCTOR',
  'DESTRUCTOR',
  'CUSTOM_MAKEFILE',
  'SPEC',
]);

/** Words BaseTools' CheckInfComment accepts as usage, plus the protocol/PPI-only ones. */
const USAGE_WORDS = new Set([
  'PRODUCES',
  'PRODUCED',
  'ALWAYS_PRODUCES',
  'ALWAYS_PRODUCED',
  'SOMETIMES_PRODUCES',
  'SOMETIMES_PRODUCED',
  'CONSUMES',
  'CONSUMED',
  'ALWAYS_CONSUMES',
  'ALWAYS_CONSUMED',
  'SOMETIMES_CONSUMES',
  'SOMETIMES_CONSUMED',
  'SOMETIME_CONSUMES',
  'TO_START',
  'BY_START',
  'NOTIFY',
  'SOMETIMES_NOTIFY',
  'UNDEFINED',
]);

/** Candidate usage words: maximal runs of non-blank, non-`#` characters that are all upper case. */
const UPPER_WORDS = /(?<![^\s#])[A-Z_]+(?![^\s#])/g;
/** The names `expandMacros` substitutes. */
const MACRO_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const HEX_VERSION = /^0[xX][\da-fA-F]{5,8}/;
const DEC_VERSION = /^(\d+)\.(\d+)/;
const EDK2_INF_VERSION = 0x00010005;

interface ActiveSection {
  readonly name: InfSection;
  readonly scopes: readonly SectionScope[];
}

interface DepexAccumulator {
  readonly arch: Arch;
  readonly moduleType: ModuleType;
  readonly tokens: string[];
  readonly origin: Origin;
}

/**
 * Parse one INF. `macros` are looked up after the file's own DEFINEs (BaseTools gives an INF
 * none, so they are only a fallback). Undefined only if the file cannot be read; every problem
 * in the file is a diagnostic in `ws.diagnostics`.
 */
export function parseInf(
  ws: Workspace,
  infPath: string,
  macros?: ReadonlyMap<string, string>,
): InfModule | undefined {
  const file = ws.read(infPath);
  if (!file) return undefined;
  return new InfReader(ws, file.path, macros).read(file.lines);
}

class InfReader {
  private readonly dir: string;
  private readonly macros: FileMacros;
  private section: ActiveSection | undefined;
  private seenSection = false;
  private version = 0;
  /** Comment-only lines since the last entry, blank line or header: the next entry's usage comments. */
  private readonly pendingComments: string[] = [];
  private lineNo = 0;

  private readonly defines = new Map<string, MacroDefinition>();
  private readonly archDefines = new Map<Arch, Map<string, MacroDefinition>>();
  private readonly entryPoints: string[] = [];
  private readonly constructors: string[] = [];
  private readonly destructors: string[] = [];
  private readonly libraryClassDecls: InfLibraryClassDecl[] = [];
  private readonly sources: InfSource[] = [];
  private readonly packages: { path: string; arch: Arch; origin: Origin }[] = [];
  private readonly libraryClasses: InfUsage[] = [];
  private readonly pcds: InfPcd[] = [];
  private readonly pcdKinds = new Map<string, { kind: PcdKind | 'Pcd'; line: number }>();
  private readonly guids: InfUsage[] = [];
  private readonly protocols: InfUsage[] = [];
  private readonly ppis: InfUsage[] = [];
  private readonly depex = new Map<string, DepexAccumulator>();
  private readonly buildOptions: BuildOption[] = [];
  private readonly missingSources: { written: string; path: string; line: number }[] = [];

  constructor(
    private readonly ws: Workspace,
    private readonly path: string,
    external: ReadonlyMap<string, string> | undefined,
  ) {
    this.dir = relDirname(path);
    this.macros = new FileMacros(external);
  }

  read(lines: readonly string[]): InfModule {
    let blockCommentLine = 0;
    for (let i = 0; i < lines.length; i++) {
      this.lineNo = i + 1;
      const raw = lines[i]!.trim();
      if (raw === '') {
        // A blank line ends a comment block. Testing it first also keeps charCodeAt(0) in
        // bounds below, which optimised code would otherwise deoptimise on.
        this.clearComments();
        continue;
      }
      let code = raw;
      let comment = '';
      // Most lines are plain statements or whole-line comments; only the rest need the full scan.
      if (raw.charCodeAt(0) === 0x23 /* # */) {
        code = '';
        comment = raw;
      } else if (raw.indexOf('#') >= 0 || raw.indexOf('//') >= 0) {
        ({ code, comment } = cleanLine(raw, true));
      }
      if (code === '') {
        if (comment) this.pendingComments.push(comment);
        else this.clearComments();
        continue;
      }
      if (code.indexOf('*') >= 0) {
        if (code.includes('/*')) {
          blockCommentLine = this.lineNo;
          continue;
        }
        if (code.includes('*/')) {
          blockCommentLine = 0;
          continue;
        }
      }
      if (blockCommentLine > 0) continue;
      if (isSectionHeader(code)) {
        this.clearComments();
        this.enterSection(code);
        continue;
      }
      this.readEntry(code, comment);
      this.clearComments();
    }
    if (blockCommentLine > 0) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        'block comment /* is not closed by */',
        blockCommentLine,
      );
    }
    return this.finish();
  }

  private get origin(): Origin {
    return { file: this.path, line: this.lineNo };
  }

  /** Forget the comment lines above; usually there are none, and setting `length` is a runtime call. */
  private clearComments(): void {
    if (this.pendingComments.length !== 0) this.pendingComments.length = 0;
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
    const header = infSectionHeader(code);
    if (!header.ok) {
      const unknown = header.error.startsWith('unknown section');
      this.report(
        'error',
        unknown ? DiagnosticCode.UnknownSection : DiagnosticCode.MalformedLine,
        `${header.error}; its content is ignored`,
      );
      return;
    }
    const name = header.name as InfSection;
    if (header.scopes.some((s) => s.section !== name)) {
      this.report('error', DiagnosticCode.MalformedLine, `different section names in one header ${code}`);
      return;
    }
    if (!FOUR_PART_SECTIONS.has(name) && header.scopes.some((s) => s.extra !== '')) {
      this.report(
        'error',
        DiagnosticCode.UnknownSection,
        `${code} is not a valid section name; its content is ignored`,
      );
      return;
    }
    if (EDK_ONLY_SECTIONS.has(name) && this.version >= EDK2_INF_VERSION) {
      this.report(
        'error',
        DiagnosticCode.UnknownSection,
        `section [${name}] is not allowed in an INF with INF_VERSION 0x${hex8(this.version)}; its content is ignored`,
      );
      return;
    }
    this.section = { name, scopes: header.scopes };
    this.macros.enterSection(name, header.scopes);
  }

  private readEntry(code: string, trailingComment: string): void {
    const section = this.section;
    if (!section) {
      // Content of a refused section was reported with its header; content before any header is not.
      if (!this.seenSection) {
        this.report('warning', DiagnosticCode.MalformedLine, `content outside any section: ${code}`);
      }
      return;
    }
    if (section.name === 'UserExtensions' || EDK_ONLY_SECTIONS.has(section.name)) return;
    const statement = parseMacroStatement(code);
    if (statement) {
      if (statement.kind === 'invalid') {
        this.report('error', DiagnosticCode.MalformedLine, statement.message);
        return;
      }
      const value = this.expand(statement.value);
      if (section.name === 'Defines') this.macros.defineFileLocal(statement.name, value);
      else this.macros.defineInSection(statement.name, value);
      return;
    }
    switch (section.name) {
      case 'Defines':
        this.readDefine(code, section.scopes);
        break;
      case 'Sources':
        this.readSource(code, section.scopes);
        break;
      case 'Packages':
        this.readPackage(code, section.scopes);
        break;
      case 'LibraryClasses':
        this.readUsage(code, trailingComment, section.scopes, this.libraryClasses);
        break;
      case 'Guids':
        this.readUsage(code, trailingComment, section.scopes, this.guids);
        break;
      case 'Protocols':
        this.readUsage(code, trailingComment, section.scopes, this.protocols);
        break;
      case 'Ppis':
        this.readUsage(code, trailingComment, section.scopes, this.ppis);
        break;
      case 'FixedPcd':
      case 'PatchPcd':
      case 'FeaturePcd':
      case 'PcdEx':
      case 'Pcd':
        this.readPcd(code, trailingComment, section.scopes, PCD_SECTION_KIND[section.name]!);
        break;
      case 'Depex':
        this.readDepex(code, section.scopes);
        break;
      case 'BuildOptions':
        this.readBuildOption(code, section.scopes);
        break;
      case 'Binaries':
        this.readBinary(code);
        break;
    }
  }

  private expand(text: string, onUnknown?: (name: string) => void): string {
    const start = text.indexOf('$(');
    if (start < 0) return text;
    // Thousands of source lines start with one `$(PATH_MACRO)`; substitute that directly.
    const end = text.indexOf(')', start);
    if (end > 0 && text.indexOf('$(', end) < 0) {
      const name = text.slice(start + 2, end);
      const value = MACRO_NAME.test(name) ? this.macros.lookup(name) : undefined;
      if (value !== undefined && value.indexOf('$(') < 0) {
        return text.slice(0, start) + value + text.slice(end + 1);
      }
    }
    return expandMacros(text, this.macros.lookup, onUnknown);
  }

  private reportUnknownMacro = (name: string): void => {
    this.report('warning', DiagnosticCode.UnknownMacro, `macro $(${name}) is not defined`);
  };

  // ── [Defines] ──────────────────────────────────────────────────────────

  private readDefine(code: string, scopes: readonly SectionScope[]): void {
    const { name: rawName, value: rawValue } = splitAssignment(code);
    if (rawName === '') {
      this.report('error', DiagnosticCode.MalformedLine, `no name in [Defines] statement: ${code}`);
      return;
    }
    if (rawValue === undefined || rawValue === '') {
      this.report('error', DiagnosticCode.MalformedLine, `no value for ${rawName} in [Defines]`);
      return;
    }
    // Test before expanding: the reporting closure is not worth building for the usual plain value.
    const value =
      rawValue.indexOf('$(') < 0
        ? rawValue
        : this.expand(rawValue, (m) =>
            this.report(
              'error',
              DiagnosticCode.UnknownMacro,
              `macro $(${m}) used in ${rawName} is not defined`,
            ),
          );
    const key = rawName.toUpperCase();
    if (key === 'INF_VERSION') this.readVersion(value);
    const definition: MacroDefinition = { name: rawName, value, origin: this.origin };
    for (const scope of scopes) {
      const target = scope.arch === 'common' ? this.defines : this.archDefinesFor(scope.arch);
      const previous = target.get(key);
      if (previous && !MULTI_VALUED_DEFINES.has(key)) {
        this.report(
          'warning',
          DiagnosticCode.DuplicateDefinition,
          `${key} is defined again (first at line ${previous.origin.line}); the last value is used`,
        );
      }
      target.set(key, definition);
      this.collectDefine(key, value, scope.arch);
    }
  }

  private archDefinesFor(arch: Arch): Map<string, MacroDefinition> {
    let m = this.archDefines.get(arch);
    if (!m) {
      m = new Map();
      this.archDefines.set(arch, m);
    }
    return m;
  }

  private readVersion(value: string): void {
    if (HEX_VERSION.test(value)) {
      this.version = Number.parseInt(value, 16);
      return;
    }
    const dec = DEC_VERSION.exec(value);
    if (dec && Number(dec[1]) <= 0xffff && Number(dec[2]) <= 0xffff) {
      this.version = Number(dec[1]) * 0x10000 + Number(dec[2]);
      return;
    }
    this.report('error', DiagnosticCode.MalformedLine, `invalid INF_VERSION ${value}`);
  }

  /** The list-valued keys InfBuildData gathers (common scope only: the model has one list each). */
  private collectDefine(key: string, value: string, arch: Arch): void {
    if (key === 'LIBRARY_CLASS') {
      this.readLibraryClassDecl(value, arch);
      return;
    }
    if (arch !== 'common') return;
    if (key === 'ENTRY_POINT') this.entryPoints.push(value);
    else if (key === 'CONSTRUCTOR') this.constructors.push(value);
    else if (key === 'DESTRUCTOR') this.destructors.push(value);
    else if (key === 'MODULE_TYPE' && !MODULE_TYPE_SET.has(value.toUpperCase())) {
      this.report('error', DiagnosticCode.MalformedLine, `MODULE_TYPE ${value} is not an EDK II module type`);
    }
  }

  private readLibraryClassDecl(value: string, arch: Arch): void {
    const fields = splitFields(value);
    const name = fields[0] ?? '';
    if (name === '') {
      this.report('error', DiagnosticCode.MalformedLine, `LIBRARY_CLASS without a class name: ${value}`);
      return;
    }
    const moduleTypes = fields.length > 1 ? fields[1]!.split(/\s+/).filter((t) => t !== '') : [];
    if (fields.length > 1 && moduleTypes.length === 0) {
      this.report(
        'warning',
        DiagnosticCode.MalformedLine,
        `LIBRARY_CLASS ${name} has an empty module type list`,
      );
    }
    for (const t of moduleTypes) {
      if (!MODULE_TYPE_SET.has(t) && !LEGACY_MODULE_TYPES.has(t)) {
        this.report(
          'warning',
          DiagnosticCode.MalformedLine,
          `LIBRARY_CLASS ${name} lists unknown module type ${t}`,
        );
      }
    }
    this.libraryClassDecls.push({ name, moduleTypes, arch, origin: this.origin });
  }

  // ── [Sources], [Packages], [Binaries] ─────────────────────────────────

  private readSource(code: string, scopes: readonly SectionScope[]): void {
    const fields = code.indexOf('|') < 0 ? [code] : splitTopLevel(code);
    if (code.indexOf('$(') >= 0) {
      for (let i = 0; i < fields.length; i++) fields[i] = this.expand(fields[i]!, this.reportUnknownMacro);
    }
    const written = fields[0]!;
    if (written === '') {
      this.report('error', DiagnosticCode.MalformedLine, `no file name in [Sources] entry: ${code}`);
      return;
    }
    const path = joinModulePath(this.dir, written);
    if (path.startsWith('..') || !this.ws.isFile(path)) {
      this.missingSources.push({ written, path, line: this.lineNo });
    }
    const origin = this.origin;
    const family = fields[1] ?? '';
    if (fields.length <= 2) {
      for (let i = 0; i < scopes.length; i++)
        this.sources.push({ path, arch: scopes[i]!.arch, family, origin });
      return;
    }
    const featureFlag = fields.slice(4).join('|');
    const optional = {
      ...(fields[2] ? { tagName: fields[2] } : {}),
      ...(fields[3] ? { toolCode: fields[3] } : {}),
      ...(featureFlag ? { featureFlag } : {}),
    };
    for (const scope of scopes) this.sources.push({ path, arch: scope.arch, family, ...optional, origin });
  }

  private readPackage(code: string, scopes: readonly SectionScope[]): void {
    const written = this.expand(splitFields(code)[0]!, this.reportUnknownMacro);
    if (!written.toLowerCase().endsWith('.dec')) {
      this.report('error', DiagnosticCode.MalformedLine, `[Packages] entry ${written} is not a .dec file`);
    }
    const plain = !NEEDS_NORMALIZING.test(written);
    const found = plain ? (this.ws.isFile(written) ? written : undefined) : this.ws.resolve(written);
    if (!found) this.report('warning', DiagnosticCode.PathNotFound, `package ${written} not found`);
    const path = found ?? normalizeRelPath(written);
    const origin = this.origin;
    for (const scope of scopes) this.packages.push({ path, arch: scope.arch, origin });
  }

  private readBinary(code: string): void {
    const fields = splitFields(code);
    if (fields.length < 2 || fields[0] === '' || fields[1] === '') {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `[Binaries] entry must be <FileType>|<FilePath>: ${code}`,
      );
    }
  }

  // ── [LibraryClasses], [Guids], [Protocols], [Ppis], [Pcd*] ────────────

  private readUsage(code: string, trailing: string, scopes: readonly SectionScope[], into: InfUsage[]): void {
    const bar = code.indexOf('|');
    const name = bar < 0 ? code : code.slice(0, bar).trim();
    if (name === '') {
      this.report('error', DiagnosticCode.MalformedLine, `no name in entry: ${code}`);
      return;
    }
    const featureFlag = bar < 0 ? '' : splitFields(code.slice(bar + 1)).join('|');
    const usage = this.usage(trailing);
    const origin = this.origin;
    for (const scope of scopes) {
      into.push(
        featureFlag
          ? { name, arch: scope.arch, usage, featureFlag, origin }
          : { name, arch: scope.arch, usage, origin },
      );
    }
  }

  private readPcd(
    code: string,
    trailing: string,
    scopes: readonly SectionScope[],
    kind: PcdKind | 'Pcd',
  ): void {
    const bar = code.indexOf('|');
    const fullName = bar < 0 ? code : code.slice(0, bar).trim();
    const parts = fullName.split('.');
    if (parts.length === 2) for (let i = 0; i < 2; i++) parts[i] = parts[i]!.trim();
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `PCD must be written <TokenSpaceGuidCName>.<PcdCName>: ${code}`,
      );
      return;
    }
    const tokenSpace = parts[0]!;
    const name = parts[1]!;
    const key = `${tokenSpace}.${name}`;
    const seen = this.pcdKinds.get(key);
    if (!seen) this.pcdKinds.set(key, { kind, line: this.lineNo });
    else if (seen.kind !== kind) {
      this.report(
        'error',
        DiagnosticCode.DuplicateDefinition,
        `${key} is listed as ${kind} here and as ${seen.kind} at line ${seen.line}; a PCD may be listed under one PCD section type only`,
      );
    }
    const rest = bar < 0 ? [] : splitFields(code.slice(bar + 1));
    const value = rest[0] ? this.expand(rest[0]) : '';
    const featureFlag = rest.slice(1).join('|');
    const usage = this.usage(trailing);
    const origin = this.origin;
    for (const scope of scopes) {
      const pcd: Mutable<InfPcd> = { tokenSpace, name, kind, arch: scope.arch, usage, origin };
      if (value) pcd.value = value;
      if (featureFlag) pcd.featureFlag = featureFlag;
      this.pcds.push(pcd);
    }
  }

  /** Usage keywords of the comment lines right above the entry and of its trailing comment. */
  private usage(trailing: string): string {
    if (!trailing && this.pendingComments.length === 0) return '';
    const found: string[] = [];
    const comments = trailing ? [...this.pendingComments, trailing] : this.pendingComments;
    for (const c of comments) {
      // Usage words are whole upper-case words; prose around them is skipped cheaply.
      for (const word of c.match(UPPER_WORDS) ?? []) {
        if (USAGE_WORDS.has(word) && !found.includes(word)) found.push(word);
      }
    }
    return found.join(' ');
  }

  // ── [Depex], [BuildOptions] ──────────────────────────────────────────

  private readDepex(code: string, scopes: readonly SectionScope[]): void {
    const tokens = this.expand(code)
      .split(/\s+/)
      .filter((t) => t !== '');
    for (const scope of scopes) {
      const key = `${scope.arch}\0${scope.moduleType}`;
      let acc = this.depex.get(key);
      if (!acc) {
        acc = { arch: scope.arch, moduleType: scope.moduleType, tokens: [], origin: this.origin };
        this.depex.set(key, acc);
      }
      acc.tokens.push(...tokens);
    }
  }

  private readBuildOption(code: string, scopes: readonly SectionScope[]): void {
    const eq = code.indexOf('=');
    const lhs = (eq < 0 ? code : code.slice(0, eq)).trim();
    const rhs = eq < 0 ? '' : code.slice(eq + 1).trim();
    const colon = lhs.indexOf(':');
    const family = colon < 0 ? '' : lhs.slice(0, colon).trim();
    const key = (colon < 0 ? lhs : lhs.slice(colon + 1)).trim();
    if (key.split('_').length !== 5) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `'${key}' must be in format of <TARGET>_<TOOLCHAIN>_<ARCH>_<TOOL>_FLAGS`,
      );
      return;
    }
    const replace = rhs.startsWith('=');
    // `$(WORKSPACE)`, `$(MODULE_DIR)` … are make variables, expanded by the build, not here.
    const value = this.expand(replace ? rhs.slice(1).trim() : rhs);
    for (const scope of scopes) {
      this.buildOptions.push({
        family,
        key,
        operator: replace ? '==' : '=',
        value,
        arch: scope.arch,
        origin: this.origin,
      });
    }
  }

  // ── result ───────────────────────────────────────────────────────────

  /** One diagnostic per missing file, or one per folder that holds no files at all. */
  private reportMissingSources(): void {
    const byFolder = new Map<string, { count: number; line: number }>();
    for (const m of this.missingSources) {
      const folder = m.path.startsWith('..') ? undefined : outermostEmptyFolder(this.ws, m.path);
      if (folder === undefined) {
        this.report(
          'warning',
          DiagnosticCode.PathNotFound,
          `source file ${m.written} not found (${m.path})`,
          m.line,
        );
        continue;
      }
      const group = byFolder.get(folder);
      if (group) group.count++;
      else byFolder.set(folder, { count: 1, line: m.line });
    }
    for (const [folder, { count, line }] of byFolder) {
      this.report(
        'warning',
        DiagnosticCode.PathNotFound,
        `${count} source file(s) under ${folder}/ not found: the folder holds no files (a git submodule not checked out?)`,
        line,
      );
    }
  }

  private finish(): InfModule {
    this.reportMissingSources();
    const required = ['INF_VERSION', 'BASE_NAME', 'FILE_GUID', 'MODULE_TYPE'];
    for (const key of required) {
      if (!this.defines.has(key)) {
        this.ws.diagnostics.report({
          severity: key === 'INF_VERSION' || key === 'FILE_GUID' ? 'warning' : 'error',
          code: DiagnosticCode.MissingDefine,
          file: this.path,
          line: 1,
          message: `[Defines] has no ${key}`,
        });
      }
    }
    if (this.defines.has('INF_VERSION') && this.version > 0 && this.version < EDK2_INF_VERSION) {
      this.report(
        'warning',
        DiagnosticCode.MalformedLine,
        `INF_VERSION 0x${hex8(this.version)} is an EDK (not EDK II) module; it is read as EDK II`,
        this.defines.get('INF_VERSION')!.origin.line,
      );
    }
    const text = (key: string): string => this.defines.get(key)?.value ?? '';
    return {
      path: this.path,
      dir: this.dir,
      baseName: text('BASE_NAME'),
      fileGuid: text('FILE_GUID'),
      moduleType: text('MODULE_TYPE').toUpperCase(),
      infVersion: text('INF_VERSION'),
      defines: this.defines,
      archDefines: this.archDefines,
      entryPoints: this.entryPoints,
      constructors: this.constructors,
      destructors: this.destructors,
      libraryClassDecls: this.libraryClassDecls,
      sources: this.sources,
      packages: this.packages,
      libraryClasses: this.libraryClasses,
      pcds: this.pcds,
      guids: this.guids,
      protocols: this.protocols,
      ppis: this.ppis,
      depex: [...this.depex.values()].map((d) => ({
        arch: d.arch,
        moduleType: d.moduleType,
        expression: d.tokens.join(' '),
        origin: d.origin,
      })),
      buildOptions: this.buildOptions,
    };
  }
}

const headerCache = new Map<string, SectionHeaderResult>();

/** Headers repeat across files (`[Sources]`, `[Packages]`…); their parsed scopes are immutable, so share them. */
function infSectionHeader(code: string): SectionHeaderResult {
  let header = headerCache.get(code);
  if (!header) {
    header = parseSectionHeader(code, (upper) => INF_SECTIONS.get(upper));
    headerCache.set(code, header);
  }
  return header;
}

const NEEDS_NORMALIZING = /\\|\$\(|(?:^|\/)\.{1,2}(?:\/|$)|^\/|\/\/|\/$/;

/** `dir/written` as a workspace path; plain relative paths (nearly all) skip normalisation. */
function joinModulePath(dir: string, written: string): string {
  if (dir === '' || NEEDS_NORMALIZING.test(written)) return relJoin(dir, written);
  return `${dir}/${written}`;
}

/** `|`-separated fields, trimmed; `|` inside parentheses or quotes does not split. */
function splitFields(text: string): string[] {
  return text.indexOf('|') < 0 ? [text.trim()] : splitTopLevel(text);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

// ── library-class semantics ───────────────────────────────────────────

/**
 * The LIBRARY_CLASS declarations in force for one arch, as InfBuildData.LibraryClass builds
 * them: every `[Defines]` line and every `[Defines.<arch>]` line, in file order. An arch section
 * adds to, it does not replace, the common lines; BaseTools' module-type check then reads only
 * the first of them (see `libraryInstanceSupports`). So BaseMemoryLibOptDxe's
 * `[Defines.AARCH64] LIBRARY_CLASS = BaseMemoryLib|DXE_CORE …` restricts nothing in practice:
 * the common `LIBRARY_CLASS = BaseMemoryLib` (all types) comes first.
 */
export function libraryClassesProduced(inf: InfModule, arch: Arch): InfLibraryClassDecl[] {
  const upper = arch.toUpperCase();
  return inf.libraryClassDecls.filter((d) => d.arch === 'common' || d.arch === upper);
}

/** Whether one LIBRARY_CLASS declaration lists a module type (an empty list means every type). */
export function moduleSupports(decl: InfLibraryClassDecl, moduleType: ModuleType): boolean {
  return decl.moduleTypes.length === 0 || decl.moduleTypes.includes(moduleType);
}

/**
 * BaseTools' check of a library instance against the module that links it
 * (WorkspaceCommon.GetModuleLibInstances): the instance must be a library for the arch, and
 * unless the module is USER_DEFINED or HOST_APPLICATION its first LIBRARY_CLASS declaration
 * must list the module's type.
 */
export function libraryInstanceSupports(inf: InfModule, arch: Arch, moduleType: ModuleType): boolean {
  const decls = libraryClassesProduced(inf, arch);
  if (decls.length === 0) return false;
  return LINKS_ANY_LIBRARY.has(moduleType) || moduleSupports(decls[0]!, moduleType);
}

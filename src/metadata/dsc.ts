/**
 * DSC parser after BaseTools' MetaFileParser.DscParser, on the shared preprocessor.
 *
 * Sections are kept per scope and not filtered by arch here (the platform resolver does that),
 * but directives are evaluated for the caller's arch (`$(ARCH)`), as a build for that arch does.
 * A PCD set in `[Pcds*]` at platform level is visible to every later `!if` (BaseTools'
 * `_Symbols`, which also ignores the section's arch); component-scoped PCDs are not.
 *
 * Two places keep what the author meant where BaseTools stops: `SET` (refused in a DSC) is
 * reported and still recorded, and `[PcdsDynamic]`/`[PcdsDynamicEx]` (BaseTools knows only the
 * `…Default`/`…Hii`/`…Vpd` spellings in a DSC) are accepted as written.
 */
import { type Diagnostic, DiagnosticCode, type DiagnosticSeverity } from '../diagnostics.js';
import { normalizeRelPath, relDirname } from '../workspace/paths.js';
import type { Workspace } from '../workspace/workspace.js';
import { splitTopLevel } from './lines.js';
import type {
  BuildOption,
  DscComponent,
  DscLibraryMapping,
  DscPcdSection,
  DscPcdSetting,
  DscPlatform,
  MacroDefinition,
  Origin,
  SectionScope,
} from './model.js';
import {
  type PcdLookup,
  Preprocessor,
  type PreprocessorDialect,
  resolveWorkspacePath,
  type SectionContext,
  type StatementLine,
} from './preprocessor.js';

export interface DscParseOptions {
  /** The arch being built: the value of `$(ARCH)`. */
  readonly arch?: string;
  /** Command-line `-D NAME=VALUE`; they override the DSC's DEFINEs. */
  readonly defines?: Readonly<Record<string, string>>;
  /** BaseTools' global macros (WORKSPACE, TARGET, TOOL_CHAIN_TAG, FAMILY, …). */
  readonly builtins?: Readonly<Record<string, string>>;
  /** DEC default of a PCD the DSC does not set, for `!if` expressions. */
  readonly decPcdDefault?: PcdLookup;
}

const PCD_SECTIONS: readonly DscPcdSection[] = [
  'PcdsFixedAtBuild',
  'PcdsPatchableInModule',
  'PcdsFeatureFlag',
  'PcdsDynamic',
  'PcdsDynamicDefault',
  'PcdsDynamicHii',
  'PcdsDynamicVpd',
  'PcdsDynamicEx',
  'PcdsDynamicExDefault',
  'PcdsDynamicExHii',
  'PcdsDynamicExVpd',
];

const SECTION_NAMES = new Map<string, string>(
  [
    'Defines',
    'SkuIds',
    'DefaultStores',
    'LibraryClasses',
    'Libraries',
    'Components',
    'BuildOptions',
    'Packages',
    'UserExtensions',
    ...PCD_SECTIONS,
  ].map((n) => [n.toUpperCase(), n]),
);

/** `<Defines>`, `<LibraryClasses>`, `<Pcds*>`, `<BuildOptions>` of a component block. */
const SUBSECTION_NAMES = new Map<string, string>(
  ['Defines', 'LibraryClasses', 'BuildOptions', ...PCD_SECTIONS].map((n) => [n.toUpperCase(), n]),
);

/** PCD kinds whose value may be omitted (BaseTools' _PcdParser). */
const PCD_VALUE_OPTIONAL = new Set<string>([
  'PcdsFixedAtBuild',
  'PcdsPatchableInModule',
  'PcdsDynamic',
  'PcdsDynamicDefault',
  'PcdsDynamicEx',
  'PcdsDynamicExDefault',
]);

/** HII and VPD entries hold a variable name or an offset first, not a value usable in `!if`. */
function isPlainValueKind(section: DscPcdSection): boolean {
  return !section.endsWith('Hii') && !section.endsWith('Vpd');
}

export const DSC_DIALECT: PreprocessorDialect = {
  label: 'DSC',
  canonicalSection: (upper) => SECTION_NAMES.get(upper),
  definesSection: 'Defines',
  comments: 'hash',
  joinCodeValues: true,
  macrosInHeaders: true,
  sectionMacros: 'dsc',
  edkGlobal: true,
  setSupported: false,
  definesKeywordsAreMacros: true,
  builtinsWinInConditions: true,
  macroFreeSections: new Set(),
};

/** Sections whose lines are skipped on purpose (legacy or free-form). */
const IGNORED_SECTIONS = new Set(['UserExtensions', 'Libraries', 'Packages']);

const PCD_NAME = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)((?:\[[^\]]*\])*(?:\.[\w[\]]+)*)$/;

/** `[Defines]` entries without which BaseTools' DscBuildData stops ("No PLATFORM_NAME", …). */
const REQUIRED_DEFINES = [
  'PLATFORM_NAME',
  'PLATFORM_GUID',
  'PLATFORM_VERSION',
  'SUPPORTED_ARCHITECTURES',
  'BUILD_TARGETS',
];

interface ComponentBuilder {
  readonly inf: string;
  readonly scopes: readonly SectionScope[];
  readonly origin: Origin;
  readonly defines: Map<string, MacroDefinition>;
  readonly libraryClasses: DscLibraryMapping[];
  readonly pcds: DscPcdSetting[];
  readonly buildOptions: BuildOption[];
  /** Inside `{ … }`. */
  open: boolean;
  /** Current `<Subsection>`, '' before the first. */
  subsection: string;
  /** The component's scopes under the current subsection's name, shared by its lines. */
  subsectionScopes: readonly SectionScope[];
}

const scopesByKindCache = new WeakMap<readonly SectionScope[], ReadonlyMap<DscPcdSection, SectionScope[]>>();

/**
 * A header's scopes grouped by PCD section kind, in first-seen order. Every line of a section
 * shares its header's scopes array, so the grouping is kept per array.
 */
function scopesByKind(scopes: readonly SectionScope[]): ReadonlyMap<DscPcdSection, SectionScope[]> {
  let byKind = scopesByKindCache.get(scopes);
  if (!byKind) {
    const grouped = new Map<DscPcdSection, SectionScope[]>();
    for (const s of scopes) {
      const kind = s.section as DscPcdSection;
      const list = grouped.get(kind);
      if (list) list.push(s);
      else grouped.set(kind, [s]);
    }
    byKind = grouped;
    scopesByKindCache.set(scopes, byKind);
  }
  return byKind;
}

/** Parse a DSC for one arch; never throws, problems become diagnostics in `ws.diagnostics`. */
export function parseDsc(ws: Workspace, dscPath: string, options: DscParseOptions = {}): DscPlatform {
  return new DscParser(ws, dscPath, options).parse();
}

/**
 * A PCD lookup over a parsed platform's `[Pcds*]` values, last setting winning, as BaseTools'
 * gPlatformPcds hands them to the FDF parser (component-scoped settings excluded).
 */
export function dscPcdLookup(platform: DscPlatform): PcdLookup {
  const byFullName = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const p of platform.pcds) {
    if (!isPlainValueKind(p.section) || p.name.includes('.') || p.name.includes('[')) continue;
    byFullName.set(`${p.tokenSpace}.${p.name}`, p.value);
    byName.set(p.name, p.value);
  }
  return (ts, name) => (ts === undefined ? byName.get(name) : byFullName.get(`${ts}.${name}`));
}

class DscParser {
  private readonly pp: Preprocessor;
  private readonly defines = new Map<string, MacroDefinition>();
  private readonly skuIds: { id: string; name: string; origin: Origin }[] = [];
  private readonly libraryClasses: DscLibraryMapping[] = [];
  private readonly components: ComponentBuilder[] = [];
  private readonly pcds: DscPcdSetting[] = [];
  private readonly buildOptions: BuildOption[] = [];
  private component: ComponentBuilder | undefined;

  constructor(
    private readonly ws: Workspace,
    private readonly path: string,
    options: DscParseOptions,
  ) {
    const builtins: Record<string, string> = { ...(options.builtins ?? {}) };
    if (options.arch !== undefined) builtins.ARCH = options.arch;
    this.pp = new Preprocessor(ws, path, DSC_DIALECT, {
      builtins,
      commandLine: options.defines ?? {},
      ...(options.decPcdDefault ? { pcdFallback: options.decPcdDefault } : {}),
    });
  }

  parse(): DscPlatform {
    // The pull API directly: no iterator result object per line.
    for (let line = this.pp.next(); line !== undefined; line = this.pp.next()) {
      if (line.kind === 'section') this.enterSection(line.section, line.origin);
      else if (line.kind === 'statement') this.statement(line);
    }
    this.closeComponent();
    return this.result();
  }

  private result(): DscPlatform {
    const read = this.pp.files.length > 0;
    for (const key of REQUIRED_DEFINES) {
      if (read && !this.defines.has(key)) {
        this.report('warning', DiagnosticCode.MissingDefine, `[Defines] has no ${key}`, {
          file: this.path,
          line: 0,
        });
      }
    }
    const archs = this.defines.get('SUPPORTED_ARCHITECTURES');
    const flash = this.defines.get('FLASH_DEFINITION');
    const flashDefinition = flash ? this.resolveFlashDefinition(flash) : undefined;
    return {
      path: this.path,
      defines: this.defines,
      macros: this.pp.finalMacros(),
      supportedArchs: archs
        ? archs.value
            .split('|')
            .map((a) => a.trim().toUpperCase())
            .filter((a) => a !== '')
        : [],
      skuIds: this.skuIds,
      libraryClasses: this.libraryClasses,
      components: this.components.map(
        (c): DscComponent => ({
          inf: c.inf,
          scopes: c.scopes,
          defines: c.defines,
          libraryClasses: c.libraryClasses,
          pcds: c.pcds,
          buildOptions: c.buildOptions,
          origin: c.origin,
        }),
      ),
      pcds: this.pcds,
      buildOptions: this.buildOptions,
      ...(flashDefinition !== undefined ? { flashDefinition } : {}),
      files: [...this.pp.files],
    };
  }

  /** FLASH_DEFINITION is workspace-relative in BaseTools; the DSC's folder is tried as well. */
  private resolveFlashDefinition(def: MacroDefinition): string {
    const written = normalizeRelPath(def.value);
    const found = this.ws.resolve(written) ?? this.ws.resolve(written, relDirname(this.path));
    if (found === undefined) {
      this.report(
        'warning',
        DiagnosticCode.PathNotFound,
        `FLASH_DEFINITION ${written} not found`,
        def.origin,
      );
    }
    return found ?? written;
  }

  // ───────────── sections ─────────────

  private enterSection(section: SectionContext, origin: Origin): void {
    this.closeComponent();
    const kinds = new Set(section.scopes.map((s) => s.section));
    const allPcd = [...kinds].every((k) => (PCD_SECTIONS as readonly string[]).includes(k));
    if (kinds.size > 1 && !allPcd) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `different section names in one header ${section.header}`,
        origin,
      );
    }
  }

  private statement(line: StatementLine): void {
    if (this.component?.open) {
      this.componentBlockLine(this.component, line);
      return;
    }
    const section = line.section;
    if (section.name === '') {
      // Either before any header (reported here) or under a refused header (reported there).
      if (section.origin === undefined) {
        this.report('error', DiagnosticCode.MalformedLine, 'statement outside any section', line.origin);
      }
      return;
    }
    if (section.name === 'Components') {
      this.componentLine(line);
      return;
    }
    this.closeComponent();
    switch (section.name) {
      case 'Defines':
        this.defineLine(line);
        return;
      case 'SkuIds':
        this.skuIdLine(line);
        return;
      case 'DefaultStores':
        this.defaultStoreLine(line);
        return;
      case 'LibraryClasses': {
        const m = this.libraryMapping(line, section.scopes);
        if (m) this.libraryClasses.push(m);
        return;
      }
      case 'BuildOptions':
        this.buildOptions.push(...this.buildOptionLine(line, section.scopes));
        return;
      default:
        if (IGNORED_SECTIONS.has(section.name)) return;
        this.pcds.push(...this.pcdLine(line, section.scopes, true));
    }
  }

  private defineLine(line: StatementLine): void {
    this.reportUnknownMacros(line);
    const eq = line.text.indexOf('=');
    const name = eq < 0 ? '' : line.text.slice(0, eq).trim();
    const value = eq < 0 ? '' : line.text.slice(eq + 1).trim();
    if (name === '') {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `expected NAME = value in [Defines]: ${line.text}`,
        line.origin,
      );
      return;
    }
    if (value === '') {
      this.report('error', DiagnosticCode.MalformedLine, `no value given for ${name}`, line.origin);
      return;
    }
    const key = name.toUpperCase();
    const previous = this.defines.get(key);
    if (previous && previous.value !== value) {
      this.report(
        'warning',
        DiagnosticCode.DuplicateDefinition,
        `${name} redefined (was '${previous.value}' at ${previous.origin.file}:${previous.origin.line})`,
        line.origin,
      );
    }
    this.defines.set(key, { name, value, origin: line.origin });
  }

  private skuIdLine(line: StatementLine): void {
    this.reportUnknownMacros(line);
    const parts = splitTopLevel(line.text);
    if ((parts.length !== 2 && parts.length !== 3) || parts[0] === '' || parts[1] === '') {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `expected <Number>|<UiName>[|<Parent>]: ${line.text}`,
        line.origin,
      );
      return;
    }
    const id = parts[0]!;
    const name = parts[1]!;
    const dup = this.skuIds.find((s) => s.id === id && s.name !== name);
    if (dup) {
      this.report(
        'warning',
        DiagnosticCode.DuplicateDefinition,
        `SKU id ${id} already names ${dup.name}`,
        line.origin,
      );
    }
    this.skuIds.push({ id, name, origin: line.origin });
  }

  private defaultStoreLine(line: StatementLine): void {
    const parts = splitTopLevel(line.text);
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `expected <Number>|<UiName>: ${line.text}`,
        line.origin,
      );
    }
  }

  // ───────────── library classes ─────────────

  private libraryMapping(
    line: StatementLine,
    scopes: readonly SectionScope[],
  ): DscLibraryMapping | undefined {
    const parts = splitTopLevel(line.text);
    if (parts.length < 2 || parts[0] === '' || parts[1] === '') {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `expected <LibraryClass>|<InfPath>: ${line.text}`,
        line.origin,
      );
      return undefined;
    }
    const instance = this.infPath(line, parts[1]!, DiagnosticCode.PathNotFound, 'library instance');
    return { className: parts[0]!, instance, scopes, origin: line.origin };
  }

  /** Normalise an INF path; report it if it cannot be found, but keep it in the model. */
  private infPath(line: StatementLine, written: string, missing: Diagnostic['code'], what: string): string {
    if (line.unknownMacros.length > 0) {
      this.reportUnknownMacros(line);
      return normalizeRelPath(written);
    }
    const { path, found } = resolveWorkspacePath(this.ws, written);
    if (!found) this.report('warning', missing, `${what} ${path} not found`, line.origin);
    return path;
  }

  // ───────────── components ─────────────

  private componentLine(line: StatementLine): void {
    const text = line.text;
    if (text === '{') {
      // A brace on its own line opens the block of the component listed just before.
      const last = this.components[this.components.length - 1];
      if (last && !last.open && last === this.component) {
        last.open = true;
        this.pp.inSubsection = true;
      } else {
        this.report('error', DiagnosticCode.MalformedLine, "'{' without a component", line.origin);
      }
      return;
    }
    this.closeComponent();
    const opens = text.endsWith('{');
    const written = (opens ? text.slice(0, -1) : text).trim();
    if (written === '' || /[{}<>|]/.test(written)) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `expected a component INF path: ${text}`,
        line.origin,
      );
      return;
    }
    const inf = this.infPath(line, written, DiagnosticCode.ComponentNotFound, 'component');
    const component: ComponentBuilder = {
      inf,
      scopes: line.section.scopes,
      origin: line.origin,
      defines: new Map(),
      libraryClasses: [],
      pcds: [],
      buildOptions: [],
      open: opens,
      subsection: '',
      subsectionScopes: [],
    };
    this.components.push(component);
    this.component = component;
    this.pp.inSubsection = opens;
  }

  private componentBlockLine(c: ComponentBuilder, line: StatementLine): void {
    const text = line.text;
    if (text.startsWith('}')) {
      if (text !== '}')
        this.report('error', DiagnosticCode.MalformedLine, `unexpected text after '}': ${text}`, line.origin);
      c.open = false;
      this.pp.inSubsection = false;
      this.component = undefined;
      return;
    }
    if (text.startsWith('<') && text.endsWith('>')) {
      const name = SUBSECTION_NAMES.get(text.slice(1, -1).trim().toUpperCase());
      if (name === undefined) {
        this.report(
          'warning',
          DiagnosticCode.UnknownSection,
          `unrecognized sub-section ${text}`,
          line.origin,
        );
      }
      c.subsection = name ?? '?';
      c.subsectionScopes = c.scopes.map((s) => ({ ...s, section: c.subsection }));
      return;
    }
    const scopes = c.subsectionScopes;
    switch (c.subsection) {
      case 'Defines':
        this.componentDefine(c, line);
        return;
      case 'LibraryClasses': {
        const m = this.libraryMapping(line, scopes);
        if (m) c.libraryClasses.push(m);
        return;
      }
      case 'BuildOptions':
        c.buildOptions.push(...this.buildOptionLine(line, scopes));
        return;
      case '?':
        return;
      case '':
        this.report(
          'warning',
          DiagnosticCode.MalformedLine,
          `statement before any <Subsection> in a component block`,
          line.origin,
        );
        return;
      default:
        c.pcds.push(...this.pcdLine(line, scopes, false));
    }
  }

  private componentDefine(c: ComponentBuilder, line: StatementLine): void {
    this.reportUnknownMacros(line);
    const eq = line.text.indexOf('=');
    const name = eq < 0 ? '' : line.text.slice(0, eq).trim();
    const value = eq < 0 ? '' : line.text.slice(eq + 1).trim();
    if (name === '' || value === '') {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `expected NAME = value in <Defines>: ${line.text}`,
        line.origin,
      );
      return;
    }
    if (name.toUpperCase() !== 'FILE_GUID') {
      this.report(
        'warning',
        DiagnosticCode.MalformedLine,
        `unknown keyword ${name} in a component's <Defines>`,
        line.origin,
      );
    }
    c.defines.set(name.toUpperCase(), { name, value, origin: line.origin });
  }

  /** A component without a block, or whose block is still open at a new section or the end. */
  private closeComponent(): void {
    const c = this.component;
    if (!c) return;
    if (c.open)
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `component block of ${c.inf} has no closing '}'`,
        c.origin,
      );
    c.open = false;
    this.pp.inSubsection = false;
    this.component = undefined;
  }

  // ───────────── PCDs ─────────────

  /** One setting per PCD section kind of the header (`[PcdsDynamic, PcdsDynamicEx]` gives two). */
  private pcdLine(
    line: StatementLine,
    scopes: readonly SectionScope[],
    platformLevel: boolean,
  ): DscPcdSetting[] {
    this.reportUnknownMacros(line);
    const parts = splitTopLevel(line.text);
    const m = PCD_NAME.exec(parts[0]!);
    if (!m) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `expected <TokenSpaceGuid>.<PcdName>|<Value>: ${line.text}`,
        line.origin,
      );
      return [];
    }
    const fields = parts.slice(1);
    const tokenSpace = m[1]!;
    const name = m[2]! + m[3]!;
    const value = fields[0] ?? '';
    const out: DscPcdSetting[] = [];
    for (const [section, kindScopes] of scopesByKind(scopes)) {
      if (value === '' && !PCD_VALUE_OPTIONAL.has(section)) {
        this.report(
          'error',
          DiagnosticCode.MalformedLine,
          `no PCD value given in [${section}]: ${line.text}`,
          line.origin,
        );
        continue;
      }
      out.push({ tokenSpace, name, value, fields, section, scopes: kindScopes, origin: line.origin });
      if (platformLevel && value !== '' && m[3] === '' && isPlainValueKind(section)) {
        this.pp.setPcd(tokenSpace, name, value);
      }
    }
    return out;
  }

  // ───────────── build options ─────────────

  private buildOptionLine(line: StatementLine, scopes: readonly SectionScope[]): BuildOption[] {
    const text = line.text;
    const eq = text.indexOf('=');
    if (eq < 0) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `expected [FAMILY:]KEY = value: ${text}`,
        line.origin,
      );
      return [];
    }
    const lhs = text.slice(0, eq).trim();
    let rhs = text.slice(eq + 1);
    const replace = rhs.startsWith('=');
    if (replace) rhs = rhs.slice(1);
    const colon = lhs.indexOf(':');
    const family = colon < 0 ? '' : lhs.slice(0, colon).trim();
    const key = (colon < 0 ? lhs : lhs.slice(colon + 1)).trim();
    if (key.split('_').length !== 5) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `'${key}' must be in format of <TARGET>_<TOOLCHAIN>_<ARCH>_<TOOL>_FLAGS`,
        line.origin,
      );
      return [];
    }
    return scopes.map(
      (scope): BuildOption => ({
        family,
        key,
        operator: replace ? '==' : '=',
        value: rhs.trim(),
        arch: scope.arch,
        scope,
        origin: line.origin,
      }),
    );
  }

  // ───────────── diagnostics ─────────────

  private reportUnknownMacros(line: StatementLine): void {
    for (const name of line.unknownMacros) {
      this.report('warning', DiagnosticCode.UnknownMacro, `macro $(${name}) is not defined`, line.origin);
    }
  }

  private report(
    severity: DiagnosticSeverity,
    code: Diagnostic['code'],
    message: string,
    origin: Origin,
  ): void {
    this.ws.diagnostics.report({
      severity,
      code,
      message,
      file: origin.file,
      ...(origin.line > 0 ? { line: origin.line } : {}),
    });
  }
}

/**
 * The parsed shape of EDK II metadata files. Every element keeps its origin (file and line),
 * also when it came through `!include`. Paths inside the model are workspace-relative with `/`
 * (see workspace/paths.ts), already macro-expanded; names keep the case the file gave them.
 */

/** Where an element was written: workspace-relative file with `/`, 1-based line. */
export interface Origin {
  readonly file: string;
  readonly line: number;
}

/** `common` or an arch name in upper case (IA32, X64, AARCH64, RISCV64, LOONGARCH64, EBC, ARM). */
export type Arch = string;

/** EDK II module types, plus the `common`/`BASE` wildcards where a section scope allows them. */
export type ModuleType = string;

/** One scope of a section header: `[LibraryClasses.X64.PEIM]` → { arch: 'X64', moduleType: 'PEIM' }. */
export interface SectionScope {
  /** The section name as written, canonical case (`LibraryClasses`, `PcdsFixedAtBuild`, …). */
  readonly section: string;
  /** Upper-cased arch, or `common`. */
  readonly arch: Arch;
  /** Upper-cased module type, or `common` when the header gives none. */
  readonly moduleType: ModuleType;
  /** The third part (e.g. `Private` in `[Guids.common.Private]`), or '' */
  readonly extra: string;
}

export interface MacroDefinition {
  readonly name: string;
  readonly value: string;
  readonly origin: Origin;
}

/** A PCD reference `TokenSpaceGuid.PcdName` (possibly with a field: `.Field`). */
export interface PcdName {
  readonly tokenSpace: string;
  readonly name: string;
}

// ───────────────────────────── DEC ─────────────────────────────

export interface DecLibraryClass {
  readonly name: string;
  /** Package-relative header path as written. */
  readonly header: string;
  readonly arch: Arch;
  readonly isPrivate: boolean;
  readonly origin: Origin;
}

export interface DecGuidLike {
  readonly name: string;
  /** The GUID value as written, normalised to lower-case registry format when it can be. */
  readonly value: string;
  readonly arch: Arch;
  readonly isPrivate: boolean;
  readonly origin: Origin;
}

/** PCD access kinds of DEC and INF sections. */
export type PcdKind = 'FixedAtBuild' | 'PatchableInModule' | 'FeatureFlag' | 'Dynamic' | 'DynamicEx';

export interface DecPcd extends PcdName {
  readonly defaultValue: string;
  readonly datumType: string;
  readonly token: string;
  /** The sections that declare it (a PCD may be declared for several access kinds). */
  readonly kinds: readonly PcdKind[];
  /**
   * The arch of the declaring sections (`common` or upper case): a DEC may give a PCD an
   * arch-specific default in `[PcdsFixedAtBuild.AARCH64]` next to the common one, and each is
   * its own declaration (BaseTools picks the arch-specific one first).
   */
  readonly arch?: Arch;
  readonly origin: Origin;
}

export interface DecPackage {
  /** Workspace-relative path of the .dec file. */
  readonly path: string;
  /** Workspace-relative directory of the package. */
  readonly dir: string;
  readonly name: string;
  readonly guid: string;
  readonly defines: ReadonlyMap<string, MacroDefinition>;
  /** Include directories, workspace-relative; `isPrivate` for `[Includes.common.Private]`. */
  readonly includes: readonly {
    readonly path: string;
    readonly arch: Arch;
    readonly isPrivate?: boolean;
    readonly origin: Origin;
  }[];
  readonly libraryClasses: readonly DecLibraryClass[];
  readonly guids: readonly DecGuidLike[];
  readonly protocols: readonly DecGuidLike[];
  readonly ppis: readonly DecGuidLike[];
  readonly pcds: readonly DecPcd[];
}

// ───────────────────────────── INF ─────────────────────────────

/** One `LIBRARY_CLASS = Name|SEC PEIM` line. An empty moduleTypes list means all types. */
export interface InfLibraryClassDecl {
  readonly name: string;
  readonly moduleTypes: readonly ModuleType[];
  /** The `[Defines.<arch>]` scope it came from, `common` for plain `[Defines]`. */
  readonly arch: Arch;
  readonly origin: Origin;
}

export interface InfSource {
  /** Workspace-relative path of the source file (module dir + relative path). */
  readonly path: string;
  readonly arch: Arch;
  /** Toolchain family qualifier (`| GCC`, `| MSFT`), or '' */
  readonly family: string;
  /** Third to fifth `|` fields of the INF spec (TagName, ToolCode, FeatureFlagExpression), when given. */
  readonly tagName?: string;
  readonly toolCode?: string;
  /** The file is built only when this feature-flag expression holds (`file ||||gTok.PcdX`). */
  readonly featureFlag?: string;
  readonly origin: Origin;
}

/** A name listed in `[LibraryClasses]`, `[Guids]`, `[Protocols]`, `[Ppis]` of an INF. */
export interface InfUsage {
  readonly name: string;
  readonly arch: Arch;
  /** Usage comment such as CONSUMES/PRODUCES/SOMETIMES_CONSUMES when present, else ''. */
  readonly usage: string;
  /** `Name | FeatureFlagExpression`: listed only when the expression holds. */
  readonly featureFlag?: string;
  readonly origin: Origin;
}

export interface InfPcd extends PcdName {
  readonly kind: PcdKind | 'Pcd';
  readonly arch: Arch;
  readonly usage: string;
  /** `TokenSpace.PcdName|Value`: the module's default value, when given. */
  readonly value?: string;
  /** `TokenSpace.PcdName|Value|FeatureFlagExpression`, when given. */
  readonly featureFlag?: string;
  readonly origin: Origin;
}

export interface InfModule {
  /** Workspace-relative path of the .inf file. */
  readonly path: string;
  /** Workspace-relative directory of the module. */
  readonly dir: string;
  readonly baseName: string;
  readonly fileGuid: string;
  /** Upper-cased MODULE_TYPE ('' if missing, with a diagnostic). */
  readonly moduleType: ModuleType;
  readonly infVersion: string;
  /** All `[Defines*]` key/values of the common scope, keys upper-cased. */
  readonly defines: ReadonlyMap<string, MacroDefinition>;
  /** Per-arch `[Defines.<arch>]` key/values, keys upper-cased. */
  readonly archDefines: ReadonlyMap<Arch, ReadonlyMap<string, MacroDefinition>>;
  readonly entryPoints: readonly string[];
  readonly constructors: readonly string[];
  readonly destructors: readonly string[];
  /** Empty for a driver/application; one or more for a library instance. */
  readonly libraryClassDecls: readonly InfLibraryClassDecl[];
  readonly sources: readonly InfSource[];
  /** Workspace-relative .dec paths. */
  readonly packages: readonly { readonly path: string; readonly arch: Arch; readonly origin: Origin }[];
  readonly libraryClasses: readonly InfUsage[];
  readonly pcds: readonly InfPcd[];
  readonly guids: readonly InfUsage[];
  readonly protocols: readonly InfUsage[];
  readonly ppis: readonly InfUsage[];
  /** Depex expression text per arch (`[Depex.common]`, `[Depex.X64.DXE_DRIVER]` …), joined by spaces. */
  readonly depex: readonly {
    readonly arch: Arch;
    readonly moduleType: ModuleType;
    readonly expression: string;
    readonly origin: Origin;
  }[];
  readonly buildOptions: readonly BuildOption[];
}

export interface BuildOption {
  /** Toolchain family prefix (`GCC:`, `MSFT:`) or ''. */
  readonly family: string;
  /** `TARGET_TOOLCHAIN_ARCH_COMMAND_ATTRIBUTE`, e.g. `*_*_*_CC_FLAGS`. */
  readonly key: string;
  /** `=` or `==` (replace) as written. */
  readonly operator: '=' | '==';
  readonly value: string;
  readonly arch: Arch;
  /**
   * The full header scope it came from, where the section has more than an arch: DSC
   * `[BuildOptions.common.EDKII.DXE_DRIVER]` applies to modules of that type only.
   */
  readonly scope?: SectionScope;
  readonly origin: Origin;
}

// ───────────────────────────── DSC ─────────────────────────────

/** `Class|Path.inf` in a `[LibraryClasses…]` section or a component's `<LibraryClasses>` block. */
export interface DscLibraryMapping {
  /** `NULL` for NULL-class hooks (which accumulate instead of overriding). */
  readonly className: string;
  /** Workspace-relative INF path (macro-expanded). */
  readonly instance: string;
  /** Scopes of the section header (several when the header lists several). */
  readonly scopes: readonly SectionScope[];
  readonly origin: Origin;
}

export type DscPcdSection =
  | 'PcdsFixedAtBuild'
  | 'PcdsPatchableInModule'
  | 'PcdsFeatureFlag'
  | 'PcdsDynamic'
  | 'PcdsDynamicDefault'
  | 'PcdsDynamicHii'
  | 'PcdsDynamicVpd'
  | 'PcdsDynamicEx'
  | 'PcdsDynamicExDefault'
  | 'PcdsDynamicExHii'
  | 'PcdsDynamicExVpd';

export interface DscPcdSetting extends PcdName {
  /** The value text after `|` (macro-expanded), without the optional datum type/size parts. */
  readonly value: string;
  /** Everything after the name, split on top-level `|`. */
  readonly fields: readonly string[];
  readonly section: DscPcdSection;
  readonly scopes: readonly SectionScope[];
  readonly origin: Origin;
}

export interface DscComponent {
  /** Workspace-relative INF path (macro-expanded). */
  readonly inf: string;
  /** Arch scopes of the `[Components…]` header(s) it was listed under. */
  readonly scopes: readonly SectionScope[];
  /** `<Defines>` of the component block, e.g. FILE_GUID override. */
  readonly defines: ReadonlyMap<string, MacroDefinition>;
  /** `<LibraryClasses>` overrides, in order; `NULL` entries included. */
  readonly libraryClasses: readonly DscLibraryMapping[];
  /** `<Pcds*>` settings of the block. */
  readonly pcds: readonly DscPcdSetting[];
  readonly buildOptions: readonly BuildOption[];
  readonly origin: Origin;
}

export interface DscPlatform {
  readonly path: string;
  /** `[Defines]` statements such as PLATFORM_NAME, OUTPUT_DIRECTORY (keys upper-cased). */
  readonly defines: ReadonlyMap<string, MacroDefinition>;
  /** Every macro in force at the end of parsing (DEFINEs, built-ins, command line). */
  readonly macros: ReadonlyMap<string, string>;
  readonly supportedArchs: readonly Arch[];
  readonly skuIds: readonly { readonly id: string; readonly name: string; readonly origin: Origin }[];
  readonly libraryClasses: readonly DscLibraryMapping[];
  readonly components: readonly DscComponent[];
  readonly pcds: readonly DscPcdSetting[];
  readonly buildOptions: readonly BuildOption[];
  /** Workspace-relative FDF path from FLASH_DEFINITION, if any. */
  readonly flashDefinition?: string;
  /** Every file read for this platform (the DSC and its includes), workspace-relative. */
  readonly files: readonly string[];
}

// ───────────────────────────── FDF ─────────────────────────────

export interface FdfInfStatement {
  /** Workspace-relative INF path. */
  readonly inf: string;
  /** Options before the path: `USE = X64`, `RuleOverride = RESET_VECTOR`, `FILE_GUID = …`, `VERSION`, `UI`. Keys upper-cased. */
  readonly options: ReadonlyMap<string, string>;
  /** True if listed inside an `APRIORI PEI|DXE { … }` block. */
  readonly apriori: boolean;
  readonly origin: Origin;
}

export interface FdfFileStatement {
  /** `FREEFORM`, `RAW`, `DRIVER`, `APPLICATION`, … */
  readonly type: string;
  /** The file name GUID as written (macro/PCD-expanded when possible). */
  readonly nameGuid: string;
  readonly options: ReadonlyMap<string, string>;
  /** Files referenced inside the block (`SECTION RAW = path`, bare `path`), workspace-relative where resolvable. */
  readonly contents: readonly string[];
  readonly apriori: boolean;
  readonly origin: Origin;
}

export interface FdfFv {
  /** Upper-cased FV name as in `[FV.DXEFV]`. */
  readonly name: string;
  readonly infs: readonly FdfInfStatement[];
  readonly files: readonly FdfFileStatement[];
  /** Other statements (`FvAlignment = 16`, `BlockSize`, …), keys as written. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly origin: Origin;
}

export interface FdfRegion {
  readonly offset: string;
  readonly size: string;
  /** `TokenSpace.PcdOffset|TokenSpace.PcdSize` pair under the region, if any. */
  readonly pcdOffset?: PcdName;
  readonly pcdSize?: PcdName;
  /** `FV = NAME`, `DATA = {…}`, `FILE = …`, or '' for an empty region. */
  readonly content: string;
  readonly origin: Origin;
}

export interface FdfFd {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly regions: readonly FdfRegion[];
  readonly origin: Origin;
}

export interface FdfRule {
  /** The header as written after `Rule.`, e.g. `Common.SEC.RESET_VECTOR`. */
  readonly name: string;
  readonly arch: string;
  readonly moduleType: string;
  readonly templateName: string;
  readonly body: readonly string[];
  readonly origin: Origin;
}

export interface FdfPcdSet extends PcdName {
  readonly value: string;
  readonly origin: Origin;
}

export interface FdfFlash {
  readonly path: string;
  readonly defines: ReadonlyMap<string, MacroDefinition>;
  readonly fds: readonly FdfFd[];
  readonly fvs: readonly FdfFv[];
  readonly rules: readonly FdfRule[];
  readonly capsules: readonly {
    readonly name: string;
    readonly body: readonly string[];
    readonly origin: Origin;
  }[];
  /** `SET TokenSpace.Pcd = value` statements and region PCD pairs, in order. */
  readonly pcdSets: readonly FdfPcdSet[];
  readonly files: readonly string[];
}

// ───────────────────────── Maintainers.txt ─────────────────────────

export type MaintainersTag = 'F' | 'X' | 'M' | 'R' | 'L' | 'W' | 'T' | 'S' | 'N';

export interface MaintainersEntry {
  readonly tag: MaintainersTag;
  readonly value: string;
  readonly origin: Origin;
}

export interface MaintainersSection {
  readonly title: string;
  readonly entries: readonly MaintainersEntry[];
  readonly origin: Origin;
}

export interface MaintainersFile {
  readonly path: string;
  readonly sections: readonly MaintainersSection[];
}

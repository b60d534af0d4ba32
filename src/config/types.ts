/**
 * ccguard's configuration: `ccguard.config.json` (or `.yaml`/`.yml`) at the tree root, validated
 * against schema/ccguard.config.schema.json. Every field is optional: the built-in edk2 defaults
 * (defaults.ts) make a config unnecessary for an edk2 checkout.
 */
import type { SignatureTableConfig } from '../cc/signatures.js';
import type { FindingSeverity } from '../rules/types.js';

export type RuleSetting = FindingSeverity | 'off';

export interface RuleConfig {
  readonly severity?: RuleSetting;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** A CC feature: a named set of modules with its technology, kind and maturity (spec 1.2, 2.2, 2.3). */
export interface FeatureConfig {
  readonly name: string;
  /** Technology id (`sev`, `tdx`, `cca`, `cc`, or one the config adds). */
  readonly cc: string;
  /** `basic`: the firmware cannot boot in that CC mode without it (spec 2.2); `advanced` otherwise (2.3). */
  readonly kind?: 'basic' | 'advanced';
  /** `immature` features must stay out of the common platform (spec 1.2). Default `mature`. */
  readonly maturity?: 'mature' | 'immature';
  /**
   * Workspace-relative INF paths or globs (picomatch) of the feature's modules; only `.inf` files
   * match. A platform holds the feature when it builds any of them.
   */
  readonly modules: readonly string[];
  readonly description?: string;
  /** `false` drops the built-in feature of this name; see FeatureToggle. */
  readonly enabled?: true;
}

/** `{ name, enabled: false }`: drops the built-in feature of that name. */
export interface FeatureToggle {
  readonly name: string;
  readonly enabled: false;
}

/** A feature in force: built-in or from the config, its module patterns expanded. */
export interface ResolvedFeature extends FeatureConfig {
  readonly maturity: 'mature' | 'immature';
  /** The existing INF files its `modules` name, sorted. */
  readonly infs: readonly string[];
  /** Where the entry came from: the built-in edk2 registry or the config file. */
  readonly source: 'builtin' | 'config';
}

export interface PlatformsConfig {
  /** The common platforms: one image for normal and every supported CC mode (spec 1.1, 1.2). */
  readonly common?: readonly string[];
  /** CC-specific platforms per technology (spec 1.3); default: technologies' `platforms`. */
  readonly cc?: Readonly<Record<string, readonly string[]>>;
  /** Sibling platforms compared with their reference (drift) and resolved for context. */
  readonly siblings?: readonly string[];
  /** The platform others are compared with; default: the first common platform. */
  readonly reference?: string;
  /**
   * `-D` defines applied to every platform (the command line wins over these). YAML reads `TRUE`
   * as a boolean, so booleans and numbers are accepted and become `TRUE`/`FALSE`/digits.
   */
  readonly defines?: Readonly<Record<string, string | number | boolean>>;
  /** Arch per platform DSC; default: the DSC's first x86 arch or its first SUPPORTED_ARCHITECTURES. */
  readonly arch?: Readonly<Record<string, string>>;
}

export interface SuppressionConfig {
  /** A rule id, or a glob of rule ids (`naming/*`). */
  readonly rule: string;
  /** Glob over workspace-relative paths (picomatch). */
  readonly path: string;
  /** Why the finding is accepted: mandatory, shown in reports. */
  readonly reason: string;
}

export interface CcGuardConfig {
  readonly $schema?: string;
  /** Signature table extensions: technologies, signatures, disabled ids, excludes. */
  readonly signatures?: SignatureTableConfig;
  readonly platforms?: PlatformsConfig;
  readonly features?: readonly (FeatureConfig | FeatureToggle)[];
  readonly rules?: Readonly<Record<string, RuleSetting | RuleConfig>>;
  /** Globs of files to analyse (default: everything). */
  readonly include?: readonly string[];
  /**
   * Globs of files to leave out, added to the defaults (Build/, BaseTools/, unit tests, vendored
   * submodules); `!GLOB` removes the default exclude GLOB.
   */
  readonly exclude?: readonly string[];
  readonly suppressions?: readonly SuppressionConfig[];
  /** Workspace-relative path of the baseline file (written by `check --update-baseline`). */
  readonly baseline?: string;
}

/** The config in force: file contents over built-in defaults, with where it came from. */
export interface ResolvedConfig {
  /** Workspace-relative path of the config file, or undefined when the defaults alone apply. */
  readonly file?: string;
  readonly raw: CcGuardConfig;
  readonly signatures: SignatureTableConfig;
  readonly platforms: Required<Pick<PlatformsConfig, 'common' | 'siblings' | 'arch'>> & {
    /** Technologies with at least one CC-specific platform; every DSC listed exists. */
    readonly cc: Readonly<Record<string, readonly string[]>>;
    readonly reference: string | undefined;
    readonly defines: Readonly<Record<string, string>>;
  };
  /** Built-in features whose modules exist in the tree, merged by name with the config's. */
  readonly features: readonly ResolvedFeature[];
  readonly rules: Readonly<Record<string, RuleConfig>>;
  /** Globs of paths to analyse (`**` by default). */
  readonly include: readonly string[];
  /** Globs of paths never analysed: the defaults plus the config's. */
  readonly exclude: readonly string[];
  readonly suppressions: readonly SuppressionConfig[];
  readonly baseline: string | undefined;
}

/**
 * The CC model: which code belongs to which confidential-computing technology, why, and how well
 * it is isolated on the spec's ladder (A standalone driver, B standalone library, C standalone
 * file, D standalone function) — or mixed into common code.
 */

/** Built-in ids are `sev`, `tdx`, `cca`, `cc` (vendor-neutral); configs may add more. */
export type CcId = string;

export type IsolationLevel = 'A' | 'B' | 'C' | 'D' | 'mixed';

/** Rank for comparisons: A is best. */
export const LEVEL_RANK: Readonly<Record<IsolationLevel, number>> = { A: 0, B: 1, C: 2, D: 3, mixed: 4 };

/** Why ccguard believes something belongs to a CC technology. */
export type EvidenceKind =
  | 'code' // a signature matched in the source
  | 'name' // the file, function or module name carries the technology's tag
  | 'location' // it lives in the technology's directory (OvmfPkg/AmdSev, …)
  | 'inf' // the INF consumes the technology's library classes, PCDs, GUIDs, protocols
  | 'platform' // only the technology's platforms build it
  | 'config' // the feature registry of the config says so
  | 'dsc' // a DSC/FDF statement
  | 'hook' // a common function calls it as a hook / dispatches to it
  | 'include'; // it is %include'd / #include'd by CC code

export interface Evidence {
  readonly kind: EvidenceKind;
  /** One line a reviewer can check: what was seen, e.g. `calls MemEncryptSevIsEnabled (predicate)`. */
  readonly detail: string;
  readonly path?: string;
  readonly line?: number;
  /** The signature id behind a code match. */
  readonly signature?: string;
}

/** How a CC-affine spot inside a common function is written. */
export type SpotStyle =
  | 'hook-call' // 3.2.A.1 / 3.2.B.1: an unconditional call to a CC-named function that checks the mode itself
  | 'dispatch' // 3.2.A.2 / 3.2.B.2: a predicate-guarded branch that only calls CC functions
  | 'predicate' // the mode check of a dispatch
  | 'inline'; // anything else: CC logic written into common code

export interface CcSpot {
  readonly cc: CcId;
  readonly style: SpotStyle;
  readonly line: number;
  readonly endLine: number;
  /** The touchpoints on these lines. */
  readonly evidence: readonly Evidence[];
}

/** A function (C) or routine (NASM label) with CC affinity. */
export interface CcFunction {
  readonly name: string;
  readonly path: string;
  readonly line: number;
  readonly endLine: number;
  readonly language: 'c' | 'nasm';
  /** Technologies whose code it holds. */
  readonly ccs: readonly CcId[];
  /**
   * `cc-function`: exists for one technology (named for it, or its whole body is guarded by the
   * technology's mode check); `common`: a common function that holds CC spots.
   */
  readonly role: 'cc-function' | 'common';
  /** Whether the name carries the technology tag (the spec's naming convention). */
  readonly namedForCc: boolean;
  readonly spots: readonly CcSpot[];
  /** Lines of inline CC logic (spots of style `inline`, counted once). */
  readonly mixedLines: number;
  readonly touchpoints: number;
  readonly evidence: readonly Evidence[];
}

export interface CcFile {
  readonly path: string;
  readonly language: 'c' | 'nasm';
  /** Technologies whose code the file holds, with touchpoint counts. */
  readonly touchpoints: ReadonlyMap<CcId, number>;
  /** Technologies the file name is tagged with (`AmdSev.c` → sev). */
  readonly nameTags: readonly CcId[];
  /** The technology the file exists for, if its name or its content says so. */
  readonly dedicatedTo?: CcId;
  readonly functions: readonly CcFunction[];
  /** Code lines of the inline spots (see mixed-lines.ts), in all and per technology. */
  readonly mixedLines: number;
  readonly mixedLinesByCc: ReadonlyMap<CcId, number>;
}

export interface CcModuleTech {
  readonly cc: CcId;
  readonly level: IsolationLevel;
  /** Basic (the common platform builds it) or advanced (only CC platforms do). */
  readonly basic: boolean;
  /** CC-affine files of the module for this technology. */
  readonly files: readonly {
    readonly path: string;
    readonly touchpoints: number;
    readonly mixedLines: number;
  }[];
  readonly touchpoints: number;
  readonly mixedLines: number;
  readonly evidence: readonly Evidence[];
}

export interface CcModule {
  readonly inf: string;
  readonly baseName: string;
  readonly moduleType: string;
  readonly isLibrary: boolean;
  /** Library classes the module produces (library instances only). */
  readonly libraryClasses: readonly string[];
  /** Whether it is a Null instance of a CC library class. */
  readonly isNullInstance: boolean;
  /** Technologies the module exists for (name, location, content), if any. */
  readonly dedicatedTo: readonly CcId[];
  /** Platforms (DSC paths) that build it, sorted. */
  readonly platforms: readonly string[];
  readonly techs: readonly CcModuleTech[];
}

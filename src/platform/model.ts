/**
 * What a platform builds, resolved as BaseTools' `build` would: the component modules for one
 * arch, the library instance linked for each library class (transitively), the forced NULL
 * instances, and the firmware volumes that hold each module.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { DscComponent, DscPlatform, FdfFlash, InfModule, Origin } from '../metadata/model.js';

/** How a library class got its instance: which DSC scope won. */
export type LibraryBindingSource = 'component' | 'arch.moduletype' | 'arch' | 'common.moduletype' | 'common';

export interface LibraryBinding {
  readonly className: string;
  /** Workspace-relative INF of the instance. */
  readonly instance: string;
  readonly source: LibraryBindingSource;
  /** The DSC line (through includes) that mapped it. */
  readonly origin: Origin;
  /** The module or library INF that first asked for the class (for "consumed by" chains). */
  readonly consumedBy: string;
}

export interface ResolvedModule {
  readonly inf: string;
  readonly arch: string;
  readonly moduleType: string;
  readonly baseName: string;
  /** FILE_GUID in force: the component's `<Defines>` override, else the INF's. */
  readonly fileGuid: string;
  /** True if the component block overrides FILE_GUID (a second build of the same INF). */
  readonly fileGuidOverridden: boolean;
  /** Whether the component INF is itself a library instance (listed for a library-only build). */
  readonly isLibrary: boolean;
  /** Firmware volumes (upper-case FDF names) that hold this module, sorted. */
  readonly fv: readonly string[];
  /** Library class → binding, for every class in the module's closure (NULL hooks excluded). */
  readonly libraries: ReadonlyMap<string, LibraryBinding>;
  /** Forced NULL-class instances: global `[LibraryClasses]` NULL entries and component ones. */
  readonly nullLibraries: readonly LibraryBinding[];
  /** The DSC component statement. */
  readonly component: DscComponent;
  readonly module: InfModule;
}

export interface PlatformResolution {
  /** Workspace-relative DSC path. */
  readonly platform: string;
  readonly arch: string;
  readonly dsc: DscPlatform;
  readonly fdf?: FdfFlash;
  /** Macros in force after parsing (DSC DEFINEs, command line, built-ins). */
  readonly defines: ReadonlyMap<string, string>;
  /** Sorted by INF path, then FILE_GUID. */
  readonly modules: readonly ResolvedModule[];
  /** Effective PCD values for this arch: DSC settings over DEC defaults, FDF SETs last. */
  readonly pcdValue: (tokenSpace: string | undefined, name: string) => string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

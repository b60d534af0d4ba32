/**
 * Everything a rule may look at, computed once per run: the workspace and its parsed metadata,
 * the resolved platforms, the signature table, the scanned sources and the CC model.
 */
import type { CcFile, CcId, CcModule } from '../cc/model.js';
import type { SignatureTable } from '../cc/signatures.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Diagnostic } from '../diagnostics.js';
import type { MaintainersFile } from '../metadata/model.js';
import type { MetadataStore } from '../metadata/store.js';
import type { PlatformResolution } from '../platform/model.js';
import type { ScannedSource } from '../source/scan.js';
import type { Workspace } from '../workspace/workspace.js';

export type PlatformRole = 'common' | 'cc' | 'sibling';

export interface AnalysedPlatform {
  readonly dsc: string;
  readonly role: PlatformRole;
  /** For `cc` platforms: the technology it exists for. */
  readonly cc?: CcId;
  /** One resolution per resolved arch (usually one). */
  readonly resolutions: readonly PlatformResolution[];
}

export interface CcModel {
  /** CC-affine files by path. */
  readonly files: ReadonlyMap<string, CcFile>;
  /** Every module with CC affinity, sorted by INF path. */
  readonly modules: readonly CcModule[];
  readonly moduleByInf: ReadonlyMap<string, CcModule>;
  /** INF paths of the modules each file belongs to (every module that lists or includes it). */
  readonly modulesOfFile: ReadonlyMap<string, readonly string[]>;
}

export interface AnalysisModel {
  readonly ws: Workspace;
  readonly store: MetadataStore;
  readonly config: ResolvedConfig;
  /** The command line's `-D` defines (platforms were resolved with the config's defines plus these). */
  readonly cliDefines: Readonly<Record<string, string>>;
  readonly table: SignatureTable;
  /** The common and CC platforms (resolved eagerly: the CC model needs them). */
  readonly corePlatforms: readonly AnalysedPlatform[];
  /** Every configured platform: common, CC and siblings (siblings are resolved on first access). */
  readonly platforms: readonly AnalysedPlatform[];
  /** Scanned C/NASM sources by path (every code file of the tree). */
  readonly sources: ReadonlyMap<string, ScannedSource>;
  readonly cc: CcModel;
  readonly maintainers?: MaintainersFile;
  readonly diagnostics: readonly Diagnostic[];
}

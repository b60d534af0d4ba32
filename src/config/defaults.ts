/**
 * The built-in edk2 defaults that make a config file optional: which platforms play which role,
 * the CC feature registry, the arch per platform and the paths never analysed. Every path here was
 * checked against edk2 master (2026) and the tree of July 2021, when the CC design was written;
 * entries that a given tree lacks are dropped for that tree, so that one table serves both eras
 * (VmgExitLib became CcExitLib; PlatformBootManagerLibGrub went away; TDX came later).
 */
import picomatch from 'picomatch';
import type { TechnologyConfig } from '../cc/signatures.js';
import { BUILTIN_TECHNOLOGIES } from '../cc/technologies.js';
import { cmp } from '../diagnostics.js';
import { relDirname } from '../workspace/paths.js';
import type { Workspace } from '../workspace/workspace.js';
import type { FeatureConfig, ResolvedFeature } from './types.js';

/** The common platform of edk2: one OVMF image for normal, SEV and TDX guests (spec 1.1). */
export const DEFAULT_COMMON_PLATFORMS: readonly string[] = ['OvmfPkg/OvmfPkgX64.dsc'];

/**
 * Other builds of the same firmware. The x86 ones share OVMF's CC libraries (and so its CC bugs:
 * several once mapped CcProbeLib to its Null instance); the ArmVirt ones are where Arm CCA lands.
 */
export const DEFAULT_SIBLING_PLATFORMS: readonly string[] = [
  'OvmfPkg/OvmfPkgIa32X64.dsc',
  'OvmfPkg/OvmfPkgIa32.dsc',
  'OvmfPkg/Microvm/MicrovmX64.dsc',
  'OvmfPkg/CloudHv/CloudHvX64.dsc',
  'OvmfPkg/Bhyve/BhyveX64.dsc',
  'OvmfPkg/OvmfXen.dsc',
  'ArmVirtPkg/ArmVirtQemu.dsc',
  'ArmVirtPkg/ArmVirtKvmTool.dsc',
];

/**
 * Arch to resolve per known platform (a platform not listed is resolved for every arch its
 * SUPPORTED_ARCHITECTURES names). OvmfPkgIa32X64 builds SEC and PEI for IA32 and DXE for X64;
 * X64 is where its CC drivers (AmdSevDxe, TdxDxe, IoMmuDxe) run. Its IA32 half, resolved too,
 * changes no finding on edk2 master and adds one wrong one on the July 2021 tree: the SEV-ES work
 * area its IA32 PEI leaves unset, which the code of that time tests for NULL.
 */
export const DEFAULT_PLATFORM_ARCH: Readonly<Record<string, string>> = {
  'OvmfPkg/OvmfPkgX64.dsc': 'X64',
  'OvmfPkg/OvmfPkgIa32X64.dsc': 'X64',
  'OvmfPkg/OvmfPkgIa32.dsc': 'IA32',
  'OvmfPkg/AmdSev/AmdSevX64.dsc': 'X64',
  'OvmfPkg/IntelTdx/IntelTdxX64.dsc': 'X64',
  'OvmfPkg/Microvm/MicrovmX64.dsc': 'X64',
  'OvmfPkg/CloudHv/CloudHvX64.dsc': 'X64',
  'OvmfPkg/Bhyve/BhyveX64.dsc': 'X64',
  'OvmfPkg/OvmfXen.dsc': 'X64',
  'ArmVirtPkg/ArmVirtQemu.dsc': 'AARCH64',
  'ArmVirtPkg/ArmVirtKvmTool.dsc': 'AARCH64',
};

/**
 * Paths never analysed unless a config says otherwise. Build output and BaseTools are not
 * firmware. Unit tests and mocks (UnitTest/, GoogleTest/, a package's Test/) are host-side test
 * code: no image holds them, and a mock of a CC library mirrors its name and calls on purpose, so
 * the naming, location and isolation rules would only report scaffolding. Vendored submodules
 * (the list of edk2's .gitmodules, plus whatever the tree's own .gitmodules names) are upstream
 * projects that edk2 does not restructure; OpensslGen is generated code.
 */
export const DEFAULT_EXCLUDES: readonly string[] = [
  'Build/**',
  'BaseTools/**',
  '**/UnitTest/**',
  '**/GoogleTest/**',
  '*/Test/**',
  '**/OpensslGen/**',
  'CryptoPkg/Library/OpensslLib/openssl/**',
  'CryptoPkg/Library/MbedTlsLib/mbedtls/**',
  '**/mbedtls/**',
  'SecurityPkg/DeviceSecurity/SpdmLib/libspdm/**',
  '**/libspdm/**',
  'MdeModulePkg/Library/BrotliCustomDecompressLib/brotli/**',
  'MdeModulePkg/Universal/RegularExpressionDxe/oniguruma/**',
  'MdePkg/Library/BaseFdtLib/libfdt/**',
  'MdePkg/Library/MipiSysTLib/mipisyst/**',
  'RedfishPkg/Library/JsonLib/jansson/**',
  'UnitTestFrameworkPkg/Library/CmockaLib/cmocka/**',
  'UnitTestFrameworkPkg/Library/GoogleTestLib/googletest/**',
  'UnitTestFrameworkPkg/Library/SubhookLib/subhook/**',
  'TcgTpmPkg/Library/TpmLib/TPM/**',
];

const feature = (
  name: string,
  cc: string,
  kind: 'basic' | 'advanced' | undefined,
  maturity: 'mature' | 'immature',
  description: string,
  modules: readonly string[],
): FeatureConfig => ({ name, cc, ...(kind === undefined ? {} : { kind }), maturity, modules, description });

/**
 * The CC features of edk2. `basic` follows the spec's test (2.2: "OVMF cannot boot without it"),
 * not where the module lives today, so that the location rules can report modules in the wrong
 * place. Null instances are not features (globs skip them). A directory glob stands for the
 * instances of one library (Sec/Pei/Dxe); modules of several eras are listed together, and the
 * ones a tree lacks are dropped.
 */
export const BUILTIN_FEATURES: readonly FeatureConfig[] = [
  // ── AMD SEV / SEV-ES / SEV-SNP / SVSM ──
  feature(
    'sev-memory-encryption',
    'sev',
    'basic',
    'mature',
    'SEV memory encryption: C-bit, page state changes and SNP memory validation (MemEncryptSevLib).',
    ['OvmfPkg/Library/BaseMemEncryptSevLib/*.inf'],
  ),
  feature(
    'sev-string-io',
    'sev',
    'basic',
    'mature',
    'Port string I/O unrolled for SEV, which cannot emulate rep ins/outs (BaseIoLibIntrinsicSev).',
    ['MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsicSev.inf'],
  ),
  feature(
    'sev-dxe',
    'sev',
    'basic',
    'mature',
    'SEV DXE set-up: MMIO and non-existent memory mapped unencrypted, SNP memory acceptance, the CC blob table (AmdSevDxe).',
    ['OvmfPkg/AmdSevDxe/AmdSevDxe.inf'],
  ),
  feature(
    'sev-es-vc-handler',
    'sev',
    'basic',
    'mature',
    'SEV-ES #VC exception handling through the GHCB (VmgExitLib, before it became CcExitLib).',
    ['OvmfPkg/Library/VmgExitLib/*.inf'],
  ),
  feature(
    'svsm',
    'sev',
    'basic',
    'mature',
    'Running under an SVSM at a lower VMPL: page validation and VMSA creation through SVSM calls (AmdSvsmLib).',
    ['OvmfPkg/Library/AmdSvsmLib/*.inf'],
  ),
  feature(
    'sev-launch-secret',
    'sev',
    'advanced',
    'mature',
    'SEV launch secret: memory reserved for the secret injected at launch and its configuration table (SecretPei, SecretDxe).',
    ['OvmfPkg/AmdSev/SecretPei/SecretPei.inf', 'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf'],
  ),
  feature(
    'sev-grub-boot',
    'sev',
    'advanced',
    'mature',
    'Boot through a GRUB built into the image, which opens encrypted disks with the launch secret.',
    [
      'OvmfPkg/AmdSev/Grub/Grub.inf',
      'OvmfPkg/Library/PlatformBootManagerLibGrub/PlatformBootManagerLibGrub.inf',
    ],
  ),
  feature(
    'sev-measured-direct-boot',
    'sev',
    'advanced',
    'mature',
    'Kernel, initrd and command line checked against hashes in the measured SEV hash table (BlobVerifierLibSevHashes).',
    ['OvmfPkg/AmdSev/BlobVerifierLibSevHashes/BlobVerifierLibSevHashes.inf'],
  ),
  feature(
    'sev-tpm-mmio',
    'sev',
    'advanced',
    'mature',
    'TPM MMIO range mapped unencrypted when SEV-ES is active, so that a TPM works (TpmMmioSevDecryptPei).',
    ['OvmfPkg/Tcg/TpmMmioSevDecryptPei/TpmMmioSevDecryptPei.inf'],
  ),
  feature(
    'svsm-vtpm',
    'sev',
    'advanced',
    'mature',
    'TPM 2.0 served by the SVSM (vTPM protocol), used when an SVSM is present (Tpm2DeviceLibDTpmSvsm).',
    [
      'SecurityPkg/Library/Tpm2DeviceLibDTpm/Tpm2DeviceLibDTpmSvsm.inf',
      'SecurityPkg/Library/Tpm2DeviceLibDTpm/Tpm2InstanceLibDTpmSvsm.inf',
    ],
  ),
  // ── Intel TDX ──
  feature(
    'tdx-lib',
    'tdx',
    'basic',
    'mature',
    'TDCALL and TDVMCALL wrappers of the TDX module ABI (TdxLib).',
    ['MdePkg/Library/TdxLib/TdxLib.inf'],
  ),
  feature(
    'tdx-memory-encryption',
    'tdx',
    'basic',
    'mature',
    'TDX shared/private memory conversion (MemEncryptTdxLib).',
    ['OvmfPkg/Library/BaseMemEncryptTdxLib/*.inf'],
  ),
  feature(
    'tdx-mailbox',
    'tdx',
    'basic',
    'mature',
    'TDX MP wake-up mailbox through which the BSP runs the APs (TdxMailboxLib).',
    ['OvmfPkg/Library/TdxMailboxLib/*.inf'],
  ),
  feature(
    'tdx-dxe',
    'tdx',
    'basic',
    'mature',
    'TDX DXE set-up: the MADT MP wake-up mailbox, the memory acceptance protocol, PCDs from the platform info HOB (TdxDxe).',
    ['OvmfPkg/TdxDxe/TdxDxe.inf'],
  ),
  feature(
    'tdx-early-init',
    'tdx',
    'basic',
    'mature',
    'TDX SEC/PEI set-up: TD HOB validation, memory acceptance and the TD HOB/CFV measurement HOBs (TdxHelperLib).',
    ['OvmfPkg/IntelTdx/TdxHelperLib/*.inf'],
  ),
  feature(
    'tdx-measurement',
    'tdx',
    'advanced',
    'mature',
    'TDX measured boot into RTMRs with the CC event log (CCEL): the CC measurement PPI/protocol. On by default in OvmfPkgX64 (CC_MEASUREMENT_ENABLE = TRUE).',
    [
      'OvmfPkg/IntelTdx/TdxMeasurementLib/*.inf',
      'OvmfPkg/Tcg/TdTcg2Pei/TdTcg2Pei.inf',
      'OvmfPkg/Tcg/TdTcg2Dxe/TdTcg2Dxe.inf',
      'OvmfPkg/Library/HashLibTdx/HashLibTdx.inf',
    ],
  ),
  feature(
    'tdx-peiless-boot',
    'tdx',
    'advanced',
    'mature',
    'TDX boot without PEI (Config-B, IntelTdxX64): SEC hands over to DXE directly (PeilessStartupLib).',
    [
      'OvmfPkg/IntelTdx/Sec/SecMain.inf',
      'OvmfPkg/Library/PeilessStartupLib/PeilessStartupLib.inf',
      'OvmfPkg/IntelTdx/PrePiHobListPointerLibTdx/PrePiHobListPointerLibTdx.inf',
    ],
  ),
  // ── Vendor-neutral CC ──
  feature(
    'cc-probe',
    'cc',
    'basic',
    'mature',
    'Which CC guest type the firmware runs in (CcProbeLib); a Null instance silently disables CC protections.',
    ['OvmfPkg/Library/CcProbeLib/*.inf'],
  ),
  feature('cc-exit', 'cc', 'basic', 'mature', 'SEV-ES #VC and TDX #VE exception handling (CcExitLib).', [
    'OvmfPkg/Library/CcExitLib/*.inf',
  ]),
  feature(
    'cc-iommu',
    'cc',
    'basic',
    'mature',
    'DMA through unencrypted bounce buffers for virtio and other devices (IoMmuDxe; SEV-only before TDX support).',
    ['OvmfPkg/IoMmuDxe/IoMmuDxe.inf'],
  ),
  feature(
    'attestation',
    'cc',
    'advanced',
    'immature',
    'CC attestation: the spec names it as the example of a feature still under discussion (1.2). No upstream module yet; any OVMF or ArmVirt module with Attestation in its name.',
    ['OvmfPkg/**/*Attestation*.inf', 'ArmVirtPkg/**/*Attestation*.inf'],
  ),
  // ── Arm CCA ──
  // No kind: no upstream platform links the real instances yet (ArmVirt.dsc.inc maps the Null
  // ones), so whether a Realm needs them to boot is left to what the platforms say.
  feature(
    'cca-realm-guest',
    'cca',
    undefined,
    'mature',
    'Arm CCA Realm guest support: RSI calls, Realm detection and IPA width, early Realm set-up (ArmCcaLib, ArmCcaRsiLib, ArmCcaInitPeiLib).',
    [
      'ArmVirtPkg/Library/ArmCcaLib/ArmCcaLib.inf',
      'ArmVirtPkg/Library/ArmCcaRsiLib/ArmCcaRsiLib.inf',
      'ArmVirtPkg/Library/ArmCcaInitPeiLib/ArmCcaInitPeiLib.inf',
    ],
  ),
  feature(
    'cca-boot-sync',
    'cca',
    'advanced',
    'immature',
    'Realm Host Interface boot synchronisation crypto (ECDH key exchange); its RHI specification is an alpha draft.',
    ['ArmVirtPkg/Library/ArmCcaBootSyncCryptoLib/ArmCcaBootSyncCryptoLib.inf'],
  ),
];

/** Where each technology's CC-specific platforms and modules live (built-ins, then the config's). */
export interface TechnologyLayout {
  readonly id: string;
  readonly directories: readonly string[];
  readonly platforms: readonly string[];
}

/** The built-in technologies with the config's technology entries merged in, field by field. */
export function technologyLayouts(configured: readonly TechnologyConfig[] = []): TechnologyLayout[] {
  const byId = new Map<string, TechnologyLayout>();
  for (const t of BUILTIN_TECHNOLOGIES)
    byId.set(t.id, { id: t.id, directories: t.directories, platforms: t.platforms });
  for (const t of configured) {
    const base = byId.get(t.id);
    byId.set(t.id, {
      id: t.id,
      directories: t.directories ?? base?.directories ?? [],
      platforms: t.platforms ?? base?.platforms ?? [],
    });
  }
  return [...byId.values()];
}

/** The defaults for one tree: only what exists in it. */
export interface EdkDefaults {
  readonly platforms: {
    readonly common: readonly string[];
    /** Technologies with at least one existing CC-specific platform. */
    readonly cc: Readonly<Record<string, readonly string[]>>;
    readonly siblings: readonly string[];
    readonly arch: Readonly<Record<string, string>>;
  };
  /** Built-in features with at least one existing module, or none declared to exist. */
  readonly features: readonly ResolvedFeature[];
  readonly exclude: readonly string[];
}

export function edkDefaults(ws: Workspace, technologies: readonly TechnologyConfig[] = []): EdkDefaults {
  const existing = (paths: readonly string[]): string[] => paths.filter((p) => ws.isFile(p));
  const cc: Record<string, readonly string[]> = {};
  for (const t of technologyLayouts(technologies)) {
    const dscs = ccPlatformsOf(ws, t);
    if (dscs.length > 0) cc[t.id] = dscs;
  }
  const common = existing(DEFAULT_COMMON_PLATFORMS);
  const siblings = existing(DEFAULT_SIBLING_PLATFORMS);
  const arch: Record<string, string> = {};
  for (const dsc of [...common, ...Object.values(cc).flat(), ...siblings]) {
    const a = DEFAULT_PLATFORM_ARCH[dsc];
    if (a !== undefined) arch[dsc] = a;
  }
  const features: ResolvedFeature[] = [];
  for (const f of BUILTIN_FEATURES) {
    const infs = expandModules(ws, f.modules);
    // A feature none of whose modules exist belongs to another era of edk2. An immature one
    // defined by globs only (attestation) waits for modules yet to come, and is kept.
    if (infs.length === 0 && !(f.maturity === 'immature' && f.modules.every(isGlob))) continue;
    features.push(resolvedFeature(f, infs, 'builtin'));
  }
  return {
    platforms: { common, cc, siblings, arch },
    features,
    exclude: [...DEFAULT_EXCLUDES, ...submoduleExcludes(ws)],
  };
}

/** A technology's platforms that exist, plus every DSC directly inside its directories. */
function ccPlatformsOf(ws: Workspace, t: TechnologyLayout): string[] {
  const found = new Set(t.platforms.filter((p) => ws.isFile(p)));
  if (t.directories.length > 0) {
    const dirs = new Set(t.directories);
    for (const f of ws.listFiles()) {
      if (f.toLowerCase().endsWith('.dsc') && dirs.has(relDirname(f))) found.add(f);
    }
  }
  return [...found].sort(cmp);
}

export function resolvedFeature(
  f: FeatureConfig,
  infs: readonly string[],
  source: ResolvedFeature['source'],
): ResolvedFeature {
  return { ...f, maturity: f.maturity ?? 'mature', infs, source };
}

const GLOB_CHARS = /[*?[\]{}()!+@]/;

function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/**
 * The existing INF files that module paths or globs name, sorted and de-duplicated. A glob never
 * yields a `…Null.inf`: Null instances are the absence of a feature, not part of it (a path
 * written out in full is taken as written).
 */
export function expandModules(ws: Workspace, patterns: readonly string[]): string[] {
  const found = new Set<string>();
  const globs: string[] = [];
  for (const p of patterns) {
    if (isGlob(p)) globs.push(p);
    else if (p.toLowerCase().endsWith('.inf') && ws.isFile(p)) found.add(p);
  }
  if (globs.length > 0) {
    const match = picomatch(globs);
    for (const f of infFiles(ws)) if (!f.endsWith('Null.inf') && match(f)) found.add(f);
  }
  return [...found].sort(cmp);
}

const infLists = new WeakMap<Workspace, readonly string[]>();

/** The tree's INF files, listed once per workspace (every feature's globs are matched to them). */
function infFiles(ws: Workspace): readonly string[] {
  let infs = infLists.get(ws);
  if (!infs) {
    infs = ws.listFiles().filter((f) => f.toLowerCase().endsWith('.inf'));
    infLists.set(ws, infs);
  }
  return infs;
}

/** `path = X` lines of the tree's .gitmodules, as `X/**` excludes not already in the defaults. */
function submoduleExcludes(ws: Workspace): string[] {
  const text = ws.read('.gitmodules')?.text;
  if (text === undefined) return [];
  const known = new Set(DEFAULT_EXCLUDES);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*path\s*=\s*(.+?)\s*$/.exec(line);
    if (!m) continue;
    const glob = `${m[1]!.replace(/\\/g, '/').replace(/\/+$/, '')}/**`;
    if (!known.has(glob)) {
      known.add(glob);
      out.push(glob);
    }
  }
  return out;
}

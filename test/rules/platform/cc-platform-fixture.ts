/**
 * Tiny edk2-like trees for the platform rules of issue 6: three packages, a handful of CC
 * library instances and drivers, and builders for DSC, FDF and INF text. Written for ccguard's
 * tests; the names follow edk2 so that the built-in defaults (platform roles, feature registry,
 * signatures) apply as they do on a real tree.
 */

let guidCounter = 0;

/** A fresh, valid-looking FILE_GUID. */
function nextGuid(): string {
  guidCounter++;
  return `${guidCounter.toString(16).padStart(8, '0').toUpperCase()}-1111-4222-8333-444455556666`;
}

export interface InfSpec {
  readonly type: string;
  /** `Name|TYPES` for a library instance. */
  readonly libraryClass?: string;
  readonly libraries?: readonly string[];
  readonly pcds?: readonly string[];
  readonly protocols?: readonly string[];
  readonly guids?: readonly string[];
  readonly depex?: string;
  readonly sources?: Readonly<Record<string, string>>;
  readonly fileGuid?: string;
  readonly packages?: readonly string[];
}

/** An INF and its source files, keyed by path. */
export function inf(path: string, spec: InfSpec): Record<string, string> {
  const dir = path.slice(0, path.lastIndexOf('/'));
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.inf$/, '');
  const sources = spec.sources ?? { [`${base}.c`]: `VOID ${base}Entry (VOID) { }\n` };
  const lines = [
    '[Defines]',
    '  INF_VERSION = 0x00010005',
    `  BASE_NAME = ${base}`,
    `  FILE_GUID = ${spec.fileGuid ?? nextGuid()}`,
    `  MODULE_TYPE = ${spec.type}`,
    ...(spec.libraryClass ? [`  LIBRARY_CLASS = ${spec.libraryClass}`] : []),
    '',
    '[Sources]',
    ...Object.keys(sources).map((s) => `  ${s}`),
    '',
    '[Packages]',
    ...(spec.packages ?? ['MdePkg/MdePkg.dec', 'UefiCpuPkg/UefiCpuPkg.dec', 'OvmfPkg/OvmfPkg.dec']).map(
      (p) => `  ${p}`,
    ),
  ];
  if (spec.libraries?.length) lines.push('', '[LibraryClasses]', ...spec.libraries.map((l) => `  ${l}`));
  if (spec.pcds?.length) lines.push('', '[Pcd]', ...spec.pcds.map((p) => `  ${p}`));
  if (spec.protocols?.length) lines.push('', '[Protocols]', ...spec.protocols.map((p) => `  ${p}`));
  if (spec.guids?.length) lines.push('', '[Guids]', ...spec.guids.map((g) => `  ${g}`));
  if (spec.depex) lines.push('', '[Depex]', `  ${spec.depex}`);
  const out: Record<string, string> = { [path]: `${lines.join('\n')}\n` };
  for (const [file, text] of Object.entries(sources)) out[`${dir}/${file}`] = text;
  return out;
}

export interface DscSpec {
  readonly name: string;
  readonly fdf?: string;
  readonly arch?: string;
  /** Everything after `[Defines]`: sections as written. */
  readonly body: string;
  readonly defines?: string;
}

export function dsc(spec: DscSpec): string {
  return [
    '[Defines]',
    `  PLATFORM_NAME = ${spec.name}`,
    `  PLATFORM_GUID = ${nextGuid()}`,
    '  PLATFORM_VERSION = 0.1',
    '  DSC_SPECIFICATION = 0x00010005',
    `  OUTPUT_DIRECTORY = Build/${spec.name}`,
    `  SUPPORTED_ARCHITECTURES = ${spec.arch ?? 'X64'}`,
    '  BUILD_TARGETS = DEBUG',
    '  SKUID_IDENTIFIER = DEFAULT',
    ...(spec.fdf ? [`  FLASH_DEFINITION = ${spec.fdf}`] : []),
    ...(spec.defines ? [spec.defines] : []),
    '',
    '[SkuIds]',
    '  0|DEFAULT',
    '',
    spec.body,
    '',
  ].join('\n');
}

/** An FDF with one FD (MEMFD, for layout PCDs) and the given FVs (name → INF paths). */
export function fdf(fvs: Readonly<Record<string, readonly string[]>>, memfd = '', extraFd = ''): string {
  const out = [
    '[FD.MEMFD]',
    'BaseAddress   = 0x00800000',
    'Size          = 0x00100000',
    'ErasePolarity = 1',
    'BlockSize     = 0x10000',
    'NumBlocks     = 0x10',
    '',
    memfd,
    '',
    extraFd,
  ];
  for (const [name, infs] of Object.entries(fvs)) {
    out.push(
      `[FV.${name}]`,
      'BlockSize = 0x10000',
      'FvAlignment = 16',
      '',
      ...infs.map((i) => `INF  ${i}`),
      '',
    );
  }
  return `${out.join('\n')}\n`;
}

/** The three packages, with the classes, PCDs and protocols the fixtures use. */
export const PACKAGES: Readonly<Record<string, string>> = {
  'MdePkg/MdePkg.dec': [
    '[Defines]',
    '  DEC_SPECIFICATION = 0x00010005',
    '  PACKAGE_NAME = MdePkg',
    '  PACKAGE_GUID = 1E73767F-8F52-4603-AEB4-F29B510B6766',
    '  PACKAGE_VERSION = 1.0',
    '[Includes]',
    '  Include',
    '[LibraryClasses]',
    '  CcProbeLib|Include/Library/CcProbeLib.h',
    '  TdxLib|Include/Library/TdxLib.h',
    '[Protocols]',
    '  gEdkiiMemoryAcceptProtocolGuid = { 0x38c74800, 0x5590, 0x4db4, { 0xa0, 0xf3, 0x67, 0x5d, 0x9b, 0x8e, 0x80, 0x26 }}',
    '  gPlainTimerProtocolGuid = { 0x11111111, 0x2222, 0x3333, { 0x44, 0x44, 0x55, 0x55, 0x66, 0x66, 0x77, 0x77 }}',
    '[PcdsFixedAtBuild, PcdsDynamic]',
    '  gEfiMdePkgTokenSpaceGuid.PcdConfidentialComputingGuestAttr|0|UINT64|0x0000002e',
    '',
  ].join('\n'),
  'UefiCpuPkg/UefiCpuPkg.dec': [
    '[Defines]',
    '  DEC_SPECIFICATION = 0x00010005',
    '  PACKAGE_NAME = UefiCpuPkg',
    '  PACKAGE_GUID = 2171DF5E-0ADE-4C9C-A6C6-4C4E1B1D7E40',
    '  PACKAGE_VERSION = 1.0',
    '[Includes]',
    '  Include',
    '[LibraryClasses]',
    '  CcExitLib|Include/Library/CcExitLib.h',
    '[PcdsFixedAtBuild]',
    '  gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase|0x0|UINT32|0x30002005',
    '  gUefiCpuPkgTokenSpaceGuid.PcdCpuStackGuard|FALSE|BOOLEAN|0x30002006',
    '',
  ].join('\n'),
  'OvmfPkg/OvmfPkg.dec': [
    '[Defines]',
    '  DEC_SPECIFICATION = 0x00010005',
    '  PACKAGE_NAME = OvmfPkg',
    '  PACKAGE_GUID = 2B1F6D52-7C1B-4F4F-9E1D-2D7D5C0A9E11',
    '  PACKAGE_VERSION = 1.0',
    '[Includes]',
    '  Include',
    '[LibraryClasses]',
    '  MemEncryptSevLib|Include/Library/MemEncryptSevLib.h',
    '[PcdsFixedAtBuild]',
    '  gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaBase|0x0|UINT32|0x49',
    '  gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaSize|0x0|UINT32|0x50',
    '  gUefiOvmfPkgTokenSpaceGuid.PcdOvmfSecGhcbBase|0x0|UINT32|0x51',
    '  gUefiOvmfPkgTokenSpaceGuid.PcdOvmfVideoMode|0x0|UINT32|0x52',
    '',
  ].join('\n'),
};

const SEV_C = 'BOOLEAN Check (VOID) { return MemEncryptSevIsEnabled (); }\n';

/** CC library instances and drivers, as edk2 names them. */
export const CC_MODULES: Readonly<Record<string, string>> = {
  ...inf('OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf', {
    type: 'BASE',
    libraryClass: 'MemEncryptSevLib|DXE_DRIVER DXE_RUNTIME_DRIVER DXE_SMM_DRIVER UEFI_DRIVER',
    pcds: ['gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase'],
    sources: { 'DxeMemEncryptSevLib.c': 'BOOLEAN MemEncryptSevIsEnabled (VOID) { return TRUE; }\n' },
  }),
  ...inf('OvmfPkg/Library/BaseMemEncryptSevLib/SecMemEncryptSevLib.inf', {
    type: 'BASE',
    libraryClass: 'MemEncryptSevLib|SEC',
    pcds: ['gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase'],
    sources: { 'SecMemEncryptSevLib.c': 'BOOLEAN MemEncryptSevIsEnabled (VOID) { return TRUE; }\n' },
  }),
  ...inf('OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf', {
    type: 'BASE',
    libraryClass: 'MemEncryptSevLib',
    sources: { 'MemEncryptSevLibNull.c': 'BOOLEAN MemEncryptSevIsEnabled (VOID) { return FALSE; }\n' },
  }),
  ...inf('OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf', {
    type: 'BASE',
    libraryClass: 'CcProbeLib|DXE_DRIVER DXE_RUNTIME_DRIVER DXE_SMM_DRIVER UEFI_DRIVER',
    pcds: ['gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaBase'],
    sources: { 'DxeCcProbeLib.c': 'UINT8 CcProbe (VOID) { return 0; }\n' },
  }),
  ...inf('MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf', {
    type: 'BASE',
    libraryClass: 'CcProbeLib',
    sources: { 'CcProbeLibNull.c': 'UINT8 CcProbe (VOID) { return 0; }\n' },
  }),
  ...inf('OvmfPkg/Library/CcExitLib/CcExitLib.inf', {
    type: 'BASE',
    libraryClass: 'CcExitLib|PEIM DXE_DRIVER DXE_RUNTIME_DRIVER DXE_SMM_DRIVER UEFI_DRIVER',
    sources: { 'CcExitLib.c': 'UINTN CcExitHandleVc (VOID) { return 0; }\n' },
  }),
  ...inf('UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf', {
    type: 'BASE',
    libraryClass: 'CcExitLib',
    sources: { 'CcExitLibNull.c': 'UINTN CcExitHandleVc (VOID) { return 0; }\n' },
  }),
  ...inf('OvmfPkg/AmdSevDxe/AmdSevDxe.inf', {
    type: 'DXE_DRIVER',
    libraries: ['MemEncryptSevLib', 'CcExitLib'],
    depex: 'TRUE',
    sources: { 'AmdSevDxe.c': SEV_C },
  }),
  ...inf('OvmfPkg/IoMmuDxe/IoMmuDxe.inf', {
    type: 'DXE_DRIVER',
    libraries: ['MemEncryptSevLib', 'CcProbeLib'],
    depex: 'TRUE',
    sources: { 'IoMmuDxe.c': 'VOID Map (VOID) { if (CcProbe () != 0) { MemEncryptSevIsEnabled (); } }\n' },
  }),
  ...inf('OvmfPkg/TdxDxe/TdxDxe.inf', {
    type: 'DXE_DRIVER',
    libraries: ['CcProbeLib'],
    protocols: ['gEdkiiMemoryAcceptProtocolGuid   ## PRODUCES'],
    depex: 'TRUE',
    sources: {
      'TdxDxe.c': 'VOID TdxEntry (VOID) { if (CcProbe () == CcGuestTypeIntelTdx) { TdCall (0); } }\n',
    },
  }),
  ...inf('OvmfPkg/ResetVector/ResetVector.inf', {
    type: 'USER_DEFINED',
    pcds: [
      'gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaBase',
      'gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaSize',
      'gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase',
    ],
    sources: { 'ResetVector.nasmb': 'BITS 32\nResetVector:\n  jmp $\n' },
  }),
};

/** A platform DSC at `path` with its FDF, for a tree. */
export function platform(
  dscPath: string,
  fdfPath: string,
  body: string,
  fvs: Readonly<Record<string, readonly string[]>>,
  options: { readonly memfd?: string; readonly defines?: string } = {},
): Record<string, string> {
  const name = dscPath.slice(dscPath.lastIndexOf('/') + 1).replace(/\.dsc$/, '');
  return {
    [dscPath]: dsc({ name, fdf: fdfPath, body, ...(options.defines ? { defines: options.defines } : {}) }),
    [fdfPath]: fdf(fvs, options.memfd ?? ''),
  };
}

/**
 * Builders for the tiny edk2-like trees of the platform and location rule tables: DEC, INF, DSC
 * and FDF text with only the parts the rules read, so that each case shows what it is about.
 */

/** A stable GUID-shaped string for a name (FILE_GUID, PLATFORM_GUID, PACKAGE_GUID). */
export function guidFor(name: string): string {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const hex = (n: number, w: number) => (n >>> 0).toString(16).toUpperCase().padStart(w, '0').slice(-w);
  return `${hex(h, 8)}-${hex(h >>> 16, 4)}-${hex(h ^ 0x5a5a, 4)}-${hex(h >>> 8, 4)}-${hex(h, 8)}${hex(h >>> 4, 4)}`;
}

/** A package declaring library classes (`Name` → header) and PCDs (`Token.Name|default|type|token`). */
export function dec(name: string, classes: readonly string[] = [], pcds: readonly string[] = []): string {
  return [
    '[Defines]',
    '  DEC_SPECIFICATION = 0x00010005',
    `  PACKAGE_NAME = ${name}`,
    `  PACKAGE_GUID = ${guidFor(name)}`,
    '  PACKAGE_VERSION = 1.0',
    '',
    '[Includes]',
    '  Include',
    '',
    '[LibraryClasses]',
    ...classes.map((c) => `  ${c}|Include/Library/${c}.h`),
    '',
    '[Guids]',
    `  g${name}TokenSpaceGuid = { 0x11111111, 0x2222, 0x3333, { 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44 } }`,
    '',
    '[PcdsFixedAtBuild, PcdsDynamic]',
    ...pcds.map((p) => `  ${p}`),
    '',
  ].join('\n');
}

export interface ModuleSpec {
  readonly name: string;
  /** MODULE_TYPE; libraries default to BASE. */
  readonly type?: string;
  /** LIBRARY_CLASS value (`CcExitLib`, `NULL|SEC`): a library instance. */
  readonly libraryClass?: string;
  readonly packages?: readonly string[];
  /** Library classes the module consumes. */
  readonly uses?: readonly string[];
  /** `[Sources]` lines; `[Sources.X64]` etc. with `arch:file`. */
  readonly sources?: readonly string[];
}

/** An INF. Packages default to MdePkg. */
export function inf(spec: ModuleSpec): string {
  const common = (spec.sources ?? []).filter((s) => !s.includes(':'));
  const byArch = new Map<string, string[]>();
  for (const s of spec.sources ?? []) {
    const i = s.indexOf(':');
    if (i < 0) continue;
    const list = byArch.get(s.slice(0, i)) ?? [];
    list.push(s.slice(i + 1));
    byArch.set(s.slice(0, i), list);
  }
  return [
    '[Defines]',
    '  INF_VERSION = 0x00010005',
    `  BASE_NAME = ${spec.name}`,
    `  FILE_GUID = ${guidFor(spec.name)}`,
    `  MODULE_TYPE = ${spec.type ?? (spec.libraryClass ? 'BASE' : 'DXE_DRIVER')}`,
    '  VERSION_STRING = 1.0',
    ...(spec.libraryClass ? [`  LIBRARY_CLASS = ${spec.libraryClass}`] : []),
    ...(spec.libraryClass || /SEC|USER_DEFINED/.test(spec.type ?? '') ? [] : ['  ENTRY_POINT = EntryPoint']),
    '',
    ...(common.length > 0 ? ['[Sources]', ...common.map((s) => `  ${s}`), ''] : []),
    ...[...byArch].flatMap(([arch, list]) => [`[Sources.${arch}]`, ...list.map((s) => `  ${s}`), '']),
    '[Packages]',
    ...(spec.packages ?? ['MdePkg/MdePkg.dec']).map((p) => `  ${p}`),
    '',
    ...(spec.uses && spec.uses.length > 0 ? ['[LibraryClasses]', ...spec.uses.map((u) => `  ${u}`), ''] : []),
  ].join('\n');
}

export interface PlatformSpec {
  readonly name: string;
  readonly archs?: string;
  readonly fdf?: string;
  /** `DEFINE` lines of [Defines]. */
  readonly defines?: readonly string[];
  /** Everything after [Defines]: sections as written. */
  readonly body: string;
}

/** A DSC. */
export function dsc(spec: PlatformSpec): string {
  return [
    '[Defines]',
    `  PLATFORM_NAME = ${spec.name}`,
    `  PLATFORM_GUID = ${guidFor(spec.name)}`,
    '  PLATFORM_VERSION = 0.1',
    '  DSC_SPECIFICATION = 0x00010005',
    `  OUTPUT_DIRECTORY = Build/${spec.name}`,
    `  SUPPORTED_ARCHITECTURES = ${spec.archs ?? 'X64'}`,
    '  BUILD_TARGETS = DEBUG',
    '  SKUID_IDENTIFIER = DEFAULT',
    ...(spec.fdf ? [`  FLASH_DEFINITION = ${spec.fdf}`] : []),
    ...(spec.defines ?? []).map((d) => `  DEFINE ${d}`),
    '',
    spec.body,
    '',
  ].join('\n');
}

/** An FDF with one `[FV.NAME]` per entry, each listing its INFs. */
export function fdf(fvs: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(fvs)
    .flatMap(([name, infs]) => [`[FV.${name}]`, 'BlockSize = 0x1000', ...infs.map((i) => `INF ${i}`), ''])
    .join('\n');
}

/**
 * The packages and CC modules most cases share: MdePkg (CcProbeLib, TdxLib), UefiCpuPkg
 * (CcExitLib), OvmfPkg (MemEncryptSevLib, AmdSvsmLib, TdxHelperLib), real and Null instances, the
 * AmdSevDxe and TdxDxe drivers, and a plain driver and PEIM.
 */
export const BASE_TREE: Readonly<Record<string, string>> = {
  'MdePkg/MdePkg.dec': dec('MdePkg', ['BaseLib', 'DebugLib', 'CcProbeLib', 'TdxLib']),
  'UefiCpuPkg/UefiCpuPkg.dec': dec('UefiCpuPkg', ['CcExitLib']),
  'OvmfPkg/OvmfPkg.dec': dec('OvmfPkg', ['MemEncryptSevLib', 'AmdSvsmLib', 'TdxHelperLib']),
  'MdePkg/Library/BaseLib/BaseLib.inf': inf({ name: 'BaseLib', libraryClass: 'BaseLib' }),
  'MdePkg/Library/BaseDebugLibNull/BaseDebugLibNull.inf': inf({
    name: 'BaseDebugLibNull',
    libraryClass: 'DebugLib',
  }),
  'MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf': inf({
    name: 'CcProbeLibNull',
    libraryClass: 'CcProbeLib',
  }),
  'MdePkg/Library/TdxLib/TdxLib.inf': inf({
    name: 'TdxLib',
    libraryClass: 'TdxLib',
    sources: ['IA32:TdxLibNull.c', 'X64:TdCall.c'],
  }),
  'OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf': inf({
    name: 'DxeCcProbeLib',
    libraryClass: 'CcProbeLib',
    packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
  }),
  'OvmfPkg/Library/CcExitLib/CcExitLib.inf': inf({
    name: 'CcExitLib',
    libraryClass: 'CcExitLib',
    packages: ['MdePkg/MdePkg.dec', 'UefiCpuPkg/UefiCpuPkg.dec', 'OvmfPkg/OvmfPkg.dec'],
  }),
  'UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf': inf({
    name: 'CcExitLibNull',
    libraryClass: 'CcExitLib',
    packages: ['MdePkg/MdePkg.dec', 'UefiCpuPkg/UefiCpuPkg.dec'],
  }),
  'OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf': inf({
    name: 'DxeMemEncryptSevLib',
    libraryClass: 'MemEncryptSevLib',
    packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
  }),
  'OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf': inf({
    name: 'MemEncryptSevLibNull',
    libraryClass: 'MemEncryptSevLib',
    packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
  }),
  'OvmfPkg/Library/AmdSvsmLib/AmdSvsmLib.inf': inf({
    name: 'AmdSvsmLib',
    libraryClass: 'AmdSvsmLib',
    packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
  }),
  'OvmfPkg/AmdSevDxe/AmdSevDxe.inf': inf({
    name: 'AmdSevDxe',
    packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
    uses: ['MemEncryptSevLib', 'CcProbeLib'],
  }),
  'OvmfPkg/TdxDxe/TdxDxe.inf': inf({
    name: 'TdxDxe',
    packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
    uses: ['TdxLib', 'CcProbeLib'],
  }),
  'OvmfPkg/PlatformPei/PlatformPei.inf': inf({
    name: 'PlatformPei',
    type: 'PEIM',
    packages: ['MdePkg/MdePkg.dec', 'UefiCpuPkg/UefiCpuPkg.dec', 'OvmfPkg/OvmfPkg.dec'],
    uses: ['CcExitLib', 'MemEncryptSevLib'],
  }),
  'OvmfPkg/Sec/SecMain.inf': inf({
    name: 'SecMain',
    type: 'SEC',
    packages: ['MdePkg/MdePkg.dec', 'UefiCpuPkg/UefiCpuPkg.dec', 'OvmfPkg/OvmfPkg.dec'],
    uses: ['CcExitLib'],
  }),
  'OvmfPkg/PlainDxe/PlainDxe.inf': inf({ name: 'PlainDxe', uses: ['DebugLib', 'CcProbeLib'] }),
};

/** The library mappings every platform of the tables starts from. */
export const BASE_LIBRARIES = [
  '[LibraryClasses]',
  '  BaseLib|MdePkg/Library/BaseLib/BaseLib.inf',
  '  DebugLib|MdePkg/Library/BaseDebugLibNull/BaseDebugLibNull.inf',
  '  TdxLib|MdePkg/Library/TdxLib/TdxLib.inf',
  '  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf',
  '  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf',
].join('\n');

/** The 1-based line of the first line of `text` containing `needle` (the `nth` one, counting from 1). */
export function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`'${needle}' not found`);
}

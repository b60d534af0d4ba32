/**
 * Builders for the tiny edk2-like trees of the isolation, naming and review rule tables: a DEC, an
 * INF, C functions with enough common code around the CC code that a shared module stays shared.
 */

/** A stable GUID-shaped string for a name. */
export function guid(name: string): string {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const hex = (n: number, w: number): string =>
    (n >>> 0).toString(16).toUpperCase().padStart(w, '0').slice(-w);
  return `${hex(h, 8)}-${hex(h >>> 16, 4)}-${hex(h ^ 0x5a5a, 4)}-${hex(h >>> 8, 4)}-${hex(h, 8)}${hex(h >>> 4, 4)}`;
}

export function dec(name: string, classes: readonly string[] = []): string {
  return [
    '[Defines]',
    '  DEC_SPECIFICATION = 0x00010005',
    `  PACKAGE_NAME = ${name}`,
    `  PACKAGE_GUID = ${guid(name)}`,
    '  PACKAGE_VERSION = 1.0',
    '',
    '[Includes]',
    '  Include',
    '',
    '[LibraryClasses]',
    ...classes.map((c) => `  ${c}|Include/Library/${c}.h`),
    '',
  ].join('\n');
}

export interface ModuleSpec {
  readonly name: string;
  readonly type?: string;
  readonly libraryClass?: string;
  readonly sources: readonly string[];
  readonly packages?: readonly string[];
  readonly uses?: readonly string[];
}

/** An INF; BASE_NAME is on line 4. */
export function inf(spec: ModuleSpec): string {
  return [
    '[Defines]',
    '  INF_VERSION = 0x00010005',
    `  FILE_GUID = ${guid(spec.name)}`,
    `  BASE_NAME = ${spec.name}`,
    `  MODULE_TYPE = ${spec.type ?? (spec.libraryClass ? 'BASE' : 'PEIM')}`,
    '  VERSION_STRING = 1.0',
    ...(spec.libraryClass ? [`  LIBRARY_CLASS = ${spec.libraryClass}`] : ['  ENTRY_POINT = EntryPoint']),
    '',
    '[Sources]',
    ...spec.sources.map((s) => `  ${s}`),
    '',
    '[Packages]',
    ...(spec.packages ?? ['MdePkg/MdePkg.dec']).map((p) => `  ${p}`),
    '',
    ...(spec.uses && spec.uses.length > 0 ? ['[LibraryClasses]', ...spec.uses.map((u) => `  ${u}`), ''] : []),
  ].join('\n');
}

/** The line BASE_NAME sits on in `inf()`. */
export const BASE_NAME_LINE = 4;

/**
 * A C function, EDK II style: return type on line 1, name on line 2, `(`/`)` lines, `{` on line 5,
 * the body lines (indented by two), `}`. So the name is on `start + 1` and the body's first line on
 * `start + 5`.
 */
export function cFunction(name: string, body: readonly string[], returnType = 'VOID'): string[] {
  return [
    returnType,
    `${name} (`,
    '  VOID',
    '  )',
    '{',
    ...body.map((l) => (l === '' ? '' : `  ${l}`)),
    '}',
    '',
  ];
}

/** `count` lines of plain common code, so that a module's common code outweighs its CC code. */
export function commonBody(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `mCounter = mCounter + ${i + 1};`);
}

/** A C file from functions, with a header line; returns text whose line 1 is the comment. */
export function cFile(...functions: readonly string[][]): string {
  return ['// Example source written for ccguard tests.', '', ...functions.flat()].join('\n');
}

/** The packages every case uses. */
export const PACKAGES: Readonly<Record<string, string>> = {
  'MdePkg/MdePkg.dec': dec('MdePkg', ['BaseLib', 'DebugLib', 'TdxLib', 'CcProbeLib']),
  'OvmfPkg/OvmfPkg.dec': dec('OvmfPkg', ['MemEncryptSevLib']),
};

/**
 * Builders for the tiny trees of the code rules' tables: one module (its INF and C files) per
 * case, C written as lines so that each case reads as the code it is about, and a DSC where the
 * platform matters (SEC modules for code/cpuid-probe-in-sec).
 */

/** C source from lines. */
export function c(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export interface ModuleSpec {
  readonly name: string;
  readonly type?: string;
  /** LIBRARY_CLASS value: a library instance. */
  readonly libraryClass?: string;
  readonly sources: readonly string[];
  /** Library classes the module consumes. */
  readonly uses?: readonly string[];
}

/** An INF naming its sources. */
export function moduleInf(spec: ModuleSpec): string {
  return [
    '[Defines]',
    '  INF_VERSION = 0x00010005',
    `  BASE_NAME = ${spec.name}`,
    `  FILE_GUID = ${guidFor(spec.name)}`,
    `  MODULE_TYPE = ${spec.type ?? (spec.libraryClass ? 'BASE' : 'DXE_DRIVER')}`,
    '  VERSION_STRING = 1.0',
    ...(spec.libraryClass ? [`  LIBRARY_CLASS = ${spec.libraryClass}`] : ['  ENTRY_POINT = EntryPoint']),
    '',
    '[Sources]',
    ...spec.sources.map((s) => `  ${s}`),
    '',
    '[Packages]',
    '  MdePkg/MdePkg.dec',
    '',
    ...(spec.uses && spec.uses.length > 0 ? ['[LibraryClasses]', ...spec.uses.map((u) => `  ${u}`), ''] : []),
  ].join('\n');
}

/** A module under `dir`: its INF and its C files (`file name → text`). */
export function module(
  dir: string,
  spec: Omit<ModuleSpec, 'sources'>,
  files: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {
    [`${dir}/${spec.name}.inf`]: moduleInf({ ...spec, sources: Object.keys(files) }),
  };
  for (const [name, text] of Object.entries(files)) out[`${dir}/${name}`] = text;
  return out;
}

export const MDE_DEC = [
  '[Defines]',
  '  DEC_SPECIFICATION = 0x00010005',
  '  PACKAGE_NAME = MdePkg',
  `  PACKAGE_GUID = ${guidFor('MdePkg')}`,
  '  PACKAGE_VERSION = 1.0',
  '',
  '[Includes]',
  '  Include',
  '',
  '[LibraryClasses]',
  '  BaseLib|Include/Library/BaseLib.h',
  '  TdxLib|Include/Library/TdxLib.h',
  '',
].join('\n');

/** An X64 DSC with library mappings and components. */
export function platformDsc(
  name: string,
  libraries: readonly string[],
  components: readonly string[],
): string {
  return [
    '[Defines]',
    `  PLATFORM_NAME = ${name}`,
    `  PLATFORM_GUID = ${guidFor(name)}`,
    '  PLATFORM_VERSION = 0.1',
    '  DSC_SPECIFICATION = 0x00010005',
    `  OUTPUT_DIRECTORY = Build/${name}`,
    '  SUPPORTED_ARCHITECTURES = X64',
    '  BUILD_TARGETS = DEBUG',
    '  SKUID_IDENTIFIER = DEFAULT',
    '',
    '[LibraryClasses]',
    ...libraries.map((l) => `  ${l}`),
    '',
    '[Components]',
    ...components.map((m) => `  ${m}`),
    '',
  ].join('\n');
}

/** The 1-based line of the `nth` line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`'${needle}' not found`);
}

function guidFor(name: string): string {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const hex = (n: number, w: number) => (n >>> 0).toString(16).toUpperCase().padStart(w, '0').slice(-w);
  return `${hex(h, 8)}-${hex(h >>> 16, 4)}-${hex(h ^ 0x5a5a, 4)}-${hex(h >>> 8, 4)}-${hex(h, 8)}${hex(h >>> 4, 4)}`;
}

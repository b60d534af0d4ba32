/** A small edk2-like tree for the config tests: only the paths matter, the files are empty. */
import type { Diagnostic } from '../../src/diagnostics.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

export const TREE: Readonly<Record<string, string>> = {
  'OvmfPkg/OvmfPkgX64.dsc': '',
  'OvmfPkg/AmdSev/AmdSevX64.dsc': '',
  'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf': '',
  'OvmfPkg/AmdSevDxe/AmdSevDxe.inf': '',
  'OvmfPkg/IntelTdx/IntelTdxX64.dsc': '',
  'OvmfPkg/IntelTdx/TdxHelperLib/SecTdxHelperLib.inf': '',
  'OvmfPkg/IntelTdx/TdxHelperLib/TdxHelperLibNull.inf': '',
  'OvmfPkg/IntelTdx/TdAttestationDxe/TdAttestationDxe.inf': '',
  'OvmfPkg/Microvm/MicrovmX64.dsc': '',
  'OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf': '',
  'OvmfPkg/Library/CcProbeLib/SecPeiCcProbeLib.inf': '',
  'OvmfPkg/Sec/SecMain.c': '',
  'MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf': '',
  'ArmVirtPkg/ArmVirtQemu.dsc': '',
};

export function workspace(extra: Readonly<Record<string, string>> = {}, base = TREE): Workspace {
  return new Workspace([MemorySource.fromStrings('fixture', { ...base, ...extra })]);
}

/** `file:line: severity: message`, the way the CLI prints a diagnostic. */
export function show(d: Diagnostic): string {
  return `${d.file ?? '-'}:${d.line ?? '-'}: ${d.severity}: ${d.message}`;
}

/** Lines joined with LF and a final newline: fixtures whose line numbers are easy to read. */
export function lines(...ls: string[]): string {
  return `${ls.join('\n')}\n`;
}

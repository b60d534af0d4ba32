/**
 * Source shapes the isolation and naming tables share: a common PEIM (`OvmfPkg/PlatformPei`) whose
 * common code outweighs its CC code, with the CC code written at each rung of the spec's ladder.
 */
import { cFile, cFunction, commonBody, inf, PACKAGES } from './tree.js';

/** The common entry point: 30 lines of common work, then `calls` (hook calls and the like). */
export function entryPoint(calls: readonly string[] = []): string[] {
  return cFunction('EntryPoint', [...commonBody(30), ...calls], 'EFI_STATUS');
}

/** A SEV function that checks its mode itself (3.2.A.1 hook), 8 lines of SEV work. */
export const SEV_FIXUP: string[] = cFunction('SevPlatformFixup', [
  'if (!MemEncryptSevIsEnabled ()) {',
  '  return;',
  '}',
  '',
  'MemEncryptSevClearPageEncMask (0, mBase, 1);',
  'PcdSetBoolS (PcdSevEsIsEnabled, MemEncryptSevEsIsEnabled ());',
  'mGhcbBase = PcdGet64 (PcdGhcbBase);',
  'mGhcbSize = PcdGet64 (PcdGhcbSize);',
]);

/** The same work written inline in a common function, behind the mode check (mixed). */
export function inlineSevBlock(): string[] {
  return [
    'if (MemEncryptSevIsEnabled ()) {',
    '  MemEncryptSevClearPageEncMask (0, mBase, 1);',
    '  PcdSetBoolS (PcdSevEsIsEnabled, MemEncryptSevEsIsEnabled ());',
    '  mGhcbBase = PcdGet64 (PcdGhcbBase);',
    '  mGhcbSize = PcdGet64 (PcdGhcbSize);',
    '  mEncMask  = MemEncryptSevGetEncryptionMask ();',
    '  mBase     = mBase | mEncMask;',
    '  mSize     = mSize - 1;',
    '  mCount    = mCount + 1;',
    '}',
  ];
}

/** A PEIM `OvmfPkg/PlatformPei` with the given source files (Platform.c first). */
export function platformPei(files: Readonly<Record<string, string>>): Record<string, string> {
  const tree: Record<string, string> = {
    ...PACKAGES,
    'OvmfPkg/PlatformPei/PlatformPei.inf': inf({
      name: 'PlatformPei',
      sources: Object.keys(files),
      packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
      uses: ['BaseLib', 'MemEncryptSevLib'],
    }),
  };
  for (const [name, text] of Object.entries(files)) tree[`OvmfPkg/PlatformPei/${name}`] = text;
  return tree;
}

/** Level D: SevPlatformFixup in Platform.c, called from the entry point. */
export const LEVEL_D_TREE = platformPei({
  'Platform.c': cFile(entryPoint(['SevPlatformFixup ();']), SEV_FIXUP),
});

/** Level C: SevPlatformFixup in AmdSev.c, called from the entry point in Platform.c. */
export const LEVEL_C_TREE = platformPei({
  'Platform.c': cFile(entryPoint(['SevPlatformFixup ();'])),
  'AmdSev.c': cFile(SEV_FIXUP),
});

/** Mixed: the SEV work inline in the entry point. */
export const MIXED_TREE = platformPei({
  'Platform.c': cFile(entryPoint(inlineSevBlock())),
});

/** A SEC module `OvmfPkg/Sec` with a long common C file and the given NASM files (X64/…). */
export function secModule(nasm: Readonly<Record<string, string>>): Record<string, string> {
  const tree: Record<string, string> = {
    ...PACKAGES,
    'OvmfPkg/Sec/SecMain.inf': inf({
      name: 'SecMain',
      type: 'SEC',
      sources: ['SecMain.c', ...Object.keys(nasm)],
      packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
    }),
    'OvmfPkg/Sec/SecMain.c': cFile(entryPoint(), cFunction('SecStartup', commonBody(40))),
  };
  for (const [name, text] of Object.entries(nasm)) tree[`OvmfPkg/Sec/${name}`] = text;
  return tree;
}

/** NASM lines, numbered from 1 in the order given. */
export function nasmFile(...lines: readonly string[]): string {
  return lines.join('\n');
}

/**
 * SecEntry.nasm: the `tdcall` macro (lines 2–4), the common entry (8–12) that calls the TDX
 * routine, and the TDX routine `SecTdxParkAps` (14–23) with its local labels.
 */
export const SEC_ENTRY = nasmFile(
  '; Example SEC entry written for ccguard tests.',
  '%macro tdcall 0',
  '    db      0x66, 0x0f, 0x01, 0xcc',
  '%endmacro',
  '',
  '    SECTION .text',
  'global _ModuleEntryPoint',
  '_ModuleEntryPoint:',
  '    mov     rsp, 0x810000',
  '    call    SecTdxParkAps',
  '    mov     rcx, rbp',
  '    jmp     SecStartup',
  '',
  'SecTdxParkAps:',
  '    cmp     byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_INTEL_TDX',
  '    jne     .Done',
  '    mov     rax, TDCALL_TDINFO',
  '    tdcall',
  '    test    r9d, r9d',
  '    jz      .Done',
  '.Park:',
  '    jmp     .Park',
  '.Done:',
  '    ret',
);

/**
 * PageTables.nasm: a common routine `SetCr3` (3–12) with inline SEV lines guarded by a guest-type
 * compare (5–8), a SEV routine of two labels `CheckSevFeature`/`NoSev` (14–23) and a SEV GUIDed
 * data block (25–29), which is data, not a routine.
 */
export const PAGE_TABLES = nasmFile(
  '; Example page-table code written for ccguard tests.',
  '    SECTION .text',
  'SetCr3:',
  '    xor     edx, edx',
  '    cmp     byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_AMD_SEV',
  '    jne     .NoCBit',
  '    mov     edx, dword [SEV_ES_WORK_AREA_ENC_MASK + 4]',
  '.NoCBit:',
  '    mov     ecx, 6 * 0x1000 / 4',
  '    xor     eax, eax',
  '    mov     cr3, eax',
  '    ret',
  '',
  'CheckSevFeature:',
  '    mov     ecx, 0xc0010131',
  '    rdmsr',
  '    test    eax, 1',
  '    jz      NoSev',
  '    mov     eax, 0x8000001f',
  '    cpuid',
  'NoSev:',
  '    xor     eax, eax',
  '    ret',
  '',
  'sevEsResetBlockStart:',
  '    DD      0x00000000',
  '    DW      sevEsResetBlockEnd - sevEsResetBlockStart',
  '    DB      0xDE, 0x71, 0xF7, 0x00, 0x7E, 0x1A, 0xCB, 0x4F',
  'sevEsResetBlockEnd:',
);

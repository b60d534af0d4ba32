import { ghcbValidBitmap } from '../../../src/rules/code/ghcb-valid-bitmap.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { c, lineOf, module } from './code-tree.js';

const DIR = 'OvmfPkg/FlashDxe';
const at = (file: string) => `${DIR}/${file}`;

/** The shape of QemuFlashPtrWrite before f714fd67f2. */
const SCRATCH_NOT_VALID = c(
  'VOID',
  'FlashPtrWrite (UINT8 *Ptr, UINT8 Value)',
  '{',
  '  CcExitVmgInit (mGhcb, &State);',
  '  mGhcb->SharedBuffer[0]    = Value;',
  '  mGhcb->SaveArea.SwScratch = (UINT64)(UINTN)mGhcb->SharedBuffer;',
  '  CcExitVmgExit (mGhcb, SVM_EXIT_MMIO_WRITE, (UINT64)(UINTN)Ptr, 1);',
  '  CcExitVmgDone (mGhcb, State);',
  '}',
);

const VALID_TOO_LATE = c(
  'UINT64',
  'CpuidExit (GHCB *Ghcb, UINT32 Leaf)',
  '{',
  '  Ghcb->SaveArea.Rax = Leaf;',
  '  CcExitVmgSetOffsetValid (Ghcb, GhcbRax);',
  '  Ghcb->SaveArea.Rcx = 0;',
  '  Status = CcExitVmgExit (Ghcb, SVM_EXIT_CPUID, 0, 0);',
  '  CcExitVmgSetOffsetValid (Ghcb, GhcbRcx);',
  '  return Status;',
  '}',
);

/** MpFuncs.nasm's AP reset hold before fb2a1a36a2: SwExitCode written, valid bits set by `valid`. */
function apResetHold(valid: readonly string[]): string {
  return [
    '; Example AP reset code written for ccguard tests.',
    'BITS 64',
    'AsmRelocateApLoop:',
    '    mov        rcx, 0xc0010130',
    '    rdmsr                        ; the GHCB address',
    '    shl        rdx, 32',
    '    or         rdx, rax',
    '    mov        rax, 0x80000004   ; VMGEXIT AP_RESET_HOLD',
    '    mov        [rdx + 0x390], rax',
    ...valid,
    '    rep vmmcall',
    '    ret',
    '',
  ].join('\n');
}

/** VmgExit before 6133e72c00: the library's own exit-information fields, 2020 names. */
const LEGACY_EXIT = c(
  'UINT64',
  'VmgExit (GHCB *Ghcb, UINT64 ExitCode, UINT64 ExitInfo1, UINT64 ExitInfo2)',
  '{',
  '  Ghcb->SaveArea.SwExitCode  = ExitCode;',
  '  Ghcb->SaveArea.SwExitInfo1 = ExitInfo1;',
  '  Ghcb->SaveArea.SwExitInfo2 = ExitInfo2;',
  '  AsmVmgExit ();',
  '  return 0;',
  '}',
);

ruleCases(ghcbValidBitmap, {
  valid: [
    {
      name: 'every field written is marked valid before the VMGEXIT',
      files: module(
        DIR,
        { name: 'FlashDxe' },
        {
          'Flash.c': c(
            'VOID',
            'FlashPtrWrite (UINT8 *Ptr, UINT8 Value)',
            '{',
            '  CcExitVmgInit (mGhcb, &State);',
            '  mGhcb->SaveArea.SwScratch = (UINT64)(UINTN)mGhcb->SharedBuffer;',
            '  CcExitVmgSetOffsetValid (mGhcb, GhcbSwScratch);',
            '  CcExitVmgExit (mGhcb, SVM_EXIT_MMIO_WRITE, (UINT64)(UINTN)Ptr, 1);',
            '  CcExitVmgDone (mGhcb, State);',
            '}',
          ),
        },
      ),
    },
    {
      name: 'the 2020 names (VmgSetOffsetValid, VmgExit)',
      files: module(
        DIR,
        { name: 'FlashDxe' },
        {
          'Flash.c': c(
            'VOID',
            'Write (GHCB *Ghcb)',
            '{',
            '  Ghcb->SaveArea.Rax = 1;',
            '  VmgSetOffsetValid (Ghcb, GhcbRax);',
            '  VmgExit (Ghcb, SVM_EXIT_IOIO_PROT, 0, 0);',
            '}',
          ),
        },
      ),
    },
    {
      name: 'a function that only fills the GHCB for a callee that performs (and marks) the exit',
      files: module(
        DIR,
        { name: 'FlashDxe' },
        {
          'Flash.c': c(
            'VOID',
            'Fill (GHCB *Ghcb, UINT64 XCr0)',
            '{',
            '  Ghcb->SaveArea.XCr0 = XCr0;',
            '  Helper (Ghcb);',
            '}',
          ),
        },
      ),
    },
    {
      name: 'NASM: the SW exit fields marked valid through a register counted up (fb2a1a36a2)',
      files: module(
        'UefiCpuPkg/Library/MpInitLib',
        { name: 'MpInitLib', libraryClass: 'MpInitLib' },
        {
          'MpFuncs.nasm': apResetHold([
            '    mov        rax, 114          ; SwExitCode valid bit',
            '    bts        [rdx + 0x3f0], rax',
            '    inc        rax               ; SwExitInfo1 valid bit',
            '    bts        [rdx + 0x3f0], rax',
          ]),
        },
      ),
    },
    {
      name: 'reading a field, and clearing the bitmap itself',
      files: module(
        DIR,
        { name: 'FlashDxe' },
        {
          'Flash.c': c(
            'UINT64',
            'Read (GHCB *Ghcb)',
            '{',
            '  SetMem (Ghcb->SaveArea.ValidBitmap, sizeof (Ghcb->SaveArea.ValidBitmap), 0);',
            '  Ghcb->SaveArea.ValidBitmap[0] = 0;',
            '  CcExitVmgExit (Ghcb, SVM_EXIT_CPUID, 0, 0);',
            '  return Ghcb->SaveArea.Rax == 0 ? 0 : Ghcb->SaveArea.Rbx;',
            '}',
          ),
        },
      ),
    },
  ],
  invalid: [
    {
      name: 'SwScratch set for an MMIO write without its valid bit (f714fd67f2)',
      files: module(DIR, { name: 'FlashDxe' }, { 'Flash.c': SCRATCH_NOT_VALID }),
      findings: [
        {
          path: at('Flash.c'),
          line: lineOf(SCRATCH_NOT_VALID, 'SaveArea.SwScratch'),
          cc: 'sev',
          message:
            'GHCB field SaveArea.SwScratch is set in FlashPtrWrite but not marked valid before the VMGEXIT at line 7: the hypervisor ignores it',
        },
      ],
    },
    {
      name: 'a valid bit set only after the VMGEXIT is too late',
      files: module(DIR, { name: 'FlashDxe' }, { 'Flash.c': VALID_TOO_LATE }),
      findings: [{ path: at('Flash.c'), line: 6, cc: 'sev', message: 'SaveArea.Rcx' }],
    },
    {
      name: 'NASM: SwExitCode written into the GHCB without its valid bit (MpFuncs.nasm before fb2a1a36a2)',
      files: module(
        'UefiCpuPkg/Library/MpInitLib',
        { name: 'MpInitLib', libraryClass: 'MpInitLib' },
        { 'MpFuncs.nasm': apResetHold([]) },
      ),
      findings: [
        {
          path: 'UefiCpuPkg/Library/MpInitLib/MpFuncs.nasm',
          line: 9,
          cc: 'sev',
          message:
            'GHCB field SwExitCode ([rdx + 0x390]) is set in AsmRelocateApLoop but its ValidBitmap bit 114 is never set',
        },
      ],
    },
    {
      name: 'NASM: a valid bit on another register marks nothing',
      files: module(
        'UefiCpuPkg/Library/MpInitLib',
        { name: 'MpInitLib', libraryClass: 'MpInitLib' },
        { 'MpFuncs.nasm': apResetHold(['    bts        [rsi + 0x3f0], 114']) },
      ),
      findings: [{ path: 'UefiCpuPkg/Library/MpInitLib/MpFuncs.nasm', line: 9, message: 'SwExitCode' }],
    },
    {
      name: 'the exit-information fields of the 2020 VmgExit (6133e72c00), one finding per field',
      files: module(
        'OvmfPkg/Library/VmgExitLib',
        { name: 'VmgExitLib', libraryClass: 'VmgExitLib' },
        {
          'VmgExitLib.c': LEGACY_EXIT,
        },
      ),
      findings: [
        { path: 'OvmfPkg/Library/VmgExitLib/VmgExitLib.c', line: 4, message: 'SaveArea.SwExitCode' },
        { path: 'OvmfPkg/Library/VmgExitLib/VmgExitLib.c', line: 5, message: 'SaveArea.SwExitInfo1' },
        { path: 'OvmfPkg/Library/VmgExitLib/VmgExitLib.c', line: 6, message: 'SaveArea.SwExitInfo2' },
      ],
    },
  ],
});

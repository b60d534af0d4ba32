/**
 * code/mode-check-flags: a NASM mode check whose jump reads a flag the check does not set. The
 * first invalid case is edk2's Flat32ToFlat64 between 63c50d3ff2 (2022) and e674096acc (2023).
 */
import { modeCheckFlags } from '../../../src/rules/code/mode-check-flags.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { nasmFile, secModule } from '../isolation/cases.js';

const FILE = 'OvmfPkg/Sec/X64/Flat32ToFlat64.nasm';

/** The reset vector's SEV-ES step, with `check` and `jump` at lines 6 and 7. */
function sevEsStep(check: string, jump: string, between: readonly string[] = []): Record<string, string> {
  return secModule({
    'X64/Flat32ToFlat64.nasm': nasmFile(
      '; Example reset-vector code written for ccguard tests.',
      'BITS 32',
      'Transition32FlatTo64Flat:',
      '    xor     ebx, ebx',
      '    mov     ecx, 1',
      `    ${check}`,
      ...between,
      `    ${jump}`,
      '    mov     dword[SEV_ES_WORK_AREA_RDRAND], ecx',
      '    mov     ebx, 1',
      'EnablePaging:',
      '    mov     eax, cr0',
      '    ret',
    ),
  });
}

/** A routine that asks `IsSevEsEnabled` and tests its answer with `test` and `jump`. */
function predicateTest(jump: string): Record<string, string> {
  return secModule({
    'X64/SevCheck.nasm': nasmFile(
      '; Example code written for ccguard tests.',
      'BITS 32',
      'SetCr3:',
      '    OneTimeCall IsSevEsEnabled',
      '    test    eax, eax',
      `    ${jump}`,
      '    mov     ecx, 0xc0010130',
      'SevEsDone:',
      '    ret',
    ),
  });
}

ruleCases(modeCheckFlags, {
  valid: [
    {
      name: 'bt then jnc: the bit is in CF (e674096acc)',
      files: sevEsStep('bt      [SEV_ES_WORK_AREA_STATUS_MSR], ecx', 'jnc     EnablePaging'),
    },
    {
      name: 'cmp then jz, with a flag-neutral mov in between',
      files: sevEsStep('cmp     byte[SEV_ES_WORK_AREA], 0', 'jz      EnablePaging', ['    mov     edx, 1']),
    },
    {
      name: 'a label between the check and the jump: another path may set the flags',
      files: sevEsStep('bt      [SEV_ES_WORK_AREA_STATUS_MSR], ecx', 'jz      EnablePaging', ['Retry:']),
    },
    {
      name: 'a %if between the check and the jump: ccguard cannot tell which code runs',
      files: sevEsStep('bt      [SEV_ES_WORK_AREA_STATUS_MSR], ecx', 'jz      EnablePaging', [
        '%ifdef FOO',
        '    xor     eax, eax',
        '%endif',
      ]),
    },
    {
      name: 'a bit test of no CC data is not this rule’s business',
      files: sevEsStep('bt      [SOME_FEATURE_FLAGS], ecx', 'jz      EnablePaging'),
    },
    {
      name: 'the answer of a mode routine tested with test/jz',
      files: predicateTest('jz      SevEsDone'),
    },
  ],
  invalid: [
    {
      name: 'bt then jz: the jump follows the xor before it (63c50d3ff2)',
      files: sevEsStep('bt      [SEV_ES_WORK_AREA_STATUS_MSR], ecx', 'jz      EnablePaging'),
      findings: [
        {
          path: FILE,
          line: 7,
          cc: 'sev',
          message:
            '`jz EnablePaging` after `bt [SEV_ES_WORK_AREA_STATUS_MSR], ecx` reads ZF, which BT does not set: the jump follows `xor ebx, ebx` (line 4), not the check',
        },
      ],
    },
    {
      name: 'btr then ja: ja reads ZF too',
      files: sevEsStep('btr     [SEV_ES_WORK_AREA_STATUS_MSR], ecx', 'ja      EnablePaging'),
      findings: [{ path: FILE, line: 7, cc: 'sev', message: 'reads ZF, which BTR does not set' }],
    },
    {
      name: 'the answer of a mode routine tested with test/jnc: always taken, TEST clears CF',
      files: predicateTest('jnc     SevEsDone'),
      findings: [
        {
          path: 'OvmfPkg/Sec/X64/SevCheck.nasm',
          line: 6,
          cc: 'sev',
          message: '`jnc SevEsDone` after `test eax, eax` is always taken: TEST clears CF',
        },
      ],
    },
    {
      name: 'test then jc: never taken',
      files: predicateTest('jc      SevEsDone'),
      findings: [{ path: 'OvmfPkg/Sec/X64/SevCheck.nasm', line: 6, message: 'is never taken' }],
    },
  ],
});

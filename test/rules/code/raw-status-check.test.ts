/**
 * code/raw-status-check: RMPADJUST/PVALIDATE return codes tested with EFI_ERROR. The first
 * invalid case is edk2's SevSnpIsVmpl0 from d706f8fec2 (2021) to c212fec9cf (2024).
 */
import { rawStatusCheck } from '../../../src/rules/code/raw-status-check.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { c, lineOf, MDE_DEC, module } from './code-tree.js';

const DIR = 'OvmfPkg/Library/BaseMemEncryptSevLib';
const FILE = `${DIR}/SecSnpSystemRamValidate.c`;

/** SevSnpIsVmpl0 with the given status type and test, and a PVALIDATE loop with `pvalidateTest`. */
function snpLib(statusType: string, test: string, pvalidateTest = 'if (Ret != 0) {'): Record<string, string> {
  return {
    'MdePkg/MdePkg.dec': MDE_DEC,
    ...module(
      DIR,
      { name: 'SecMemEncryptSevLib', libraryClass: 'MemEncryptSevLib' },
      {
        'SecSnpSystemRamValidate.c': c(
          'BOOLEAN',
          'SevSnpIsVmpl0 (',
          '  VOID',
          '  )',
          '{',
          '  UINT64  Rdx;',
          `  ${statusType}  Status;`,
          '',
          '  Rdx    = 1;',
          '  Status = AsmRmpAdjust ((UINT64)gVmpl0Data, 0, Rdx);',
          `  ${test}`,
          '    return FALSE;',
          '  }',
          '',
          '  return TRUE;',
          '}',
          '',
          'VOID',
          'ValidatePages (',
          '  IN UINT64  Address',
          '  )',
          '{',
          '  UINTN  Ret;',
          '',
          '  Ret = AsmPvalidate (PvalidatePageSize4K, TRUE, Address);',
          `  ${pvalidateTest}`,
          '    CpuDeadLoop ();',
          '  }',
          '}',
        ),
      },
    ),
  };
}

const BUGGY = snpLib('EFI_STATUS', 'if (EFI_ERROR (Status)) {');
const ASSERTED = snpLib('UINT32', 'if (Status != 0) {', 'ASSERT_EFI_ERROR (Ret); {');
const DIRECT = snpLib(
  'UINT32',
  'if (Status != 0) {',
  'if (RETURN_ERROR (AsmPvalidate (PvalidatePageSize4K, TRUE, Address))) {',
);

ruleCases(rawStatusCheck, {
  valid: [
    {
      name: 'compared with 0 (c212fec9cf)',
      files: snpLib('UINT32', 'if (Status != 0) {'),
    },
    {
      name: 'the variable is stored again before the EFI_ERROR test',
      files: snpLib('EFI_STATUS', 'Status = EFI_SUCCESS; if (EFI_ERROR (Status)) {'),
    },
  ],
  invalid: [
    {
      name: 'an RMPADJUST code stored in an EFI_STATUS and tested with EFI_ERROR',
      files: BUGGY,
      findings: [
        {
          path: FILE,
          line: lineOf(BUGGY[FILE]!, 'EFI_ERROR (Status)'),
          cc: 'sev',
          message:
            'EFI_ERROR (Status) in SevSnpIsVmpl0 cannot see a failure of AsmRmpAdjust (line 10): its return codes are small positive numbers',
        },
      ],
    },
    {
      name: 'ASSERT_EFI_ERROR on the stored PVALIDATE code: the assertion never fires',
      files: ASSERTED,
      findings: [
        {
          path: FILE,
          line: lineOf(ASSERTED[FILE]!, 'ASSERT_EFI_ERROR'),
          message: 'ASSERT_EFI_ERROR (Ret) in ValidatePages cannot see a failure of AsmPvalidate',
        },
      ],
    },
    {
      name: 'RETURN_ERROR straight on the PVALIDATE call',
      files: DIRECT,
      findings: [
        {
          path: FILE,
          line: lineOf(DIRECT[FILE]!, 'RETURN_ERROR'),
          message: 'RETURN_ERROR (AsmPvalidate (…)) in ValidatePages',
        },
      ],
    },
  ],
});

import { wrongCcPredicate } from '../../../src/rules/code/wrong-cc-predicate.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { c, lineOf, module } from './code-tree.js';

const DIR = 'OvmfPkg/Library/FooLib';
const at = (file: string) => `${DIR}/${file}`;
const LIB = { name: 'FooLib', libraryClass: 'FooLib' };

/** The #VE entry point of a CC exit library, guarded by the SEV check. */
const VE_ENTRY = c(
  'EFI_STATUS',
  'CcExitHandleVe (UINTN *Type, VOID *Context)',
  '{',
  '  if (MemEncryptSevIsEnabled ()) {',
  '    return TdxVeHandle (Type, Context);',
  '  }',
  '',
  '  return EFI_UNSUPPORTED;',
  '}',
);

const TDX_VE_HANDLER = c(
  'EFI_STATUS',
  'TdxVeHandle (UINTN *Type, VOID *Context)',
  '{',
  '  TdCall (TDCALL_TDGETVEINFO, 0, 0, 0, &Info);',
  '  return EFI_SUCCESS;',
  '}',
);

const GHCB_UNDER_SEV = c(
  'VOID',
  'FlashWrite (UINT8 *Ptr, UINT8 Value)',
  '{',
  '  if (MemEncryptSevIsEnabled ()) {',
  '    CcExitVmgInit (mGhcb, &State);',
  '    CcExitVmgDone (mGhcb, State);',
  '  } else {',
  '    *Ptr = Value;',
  '  }',
  '}',
);

const PVALIDATE_UNDER_ES = c(
  'VOID',
  'Validate (UINTN Page)',
  '{',
  '  if (!MemEncryptSevEsIsEnabled ()) {',
  '    return;',
  '  }',
  '',
  '  AsmPvalidate (PvalidatePageSize4K, Page, TRUE);',
  '}',
);

const ANY_CC = c(
  'VOID',
  'Share (VOID)',
  '{',
  '  if (CcProbe () != CcGuestTypeNonEncrypted) {',
  '    MemEncryptSevClearPageEncMask (0, mBase, 1);',
  '  }',
  '}',
);

const TDX_HOB_LIST = c(
  'VOID *',
  'EFIAPI',
  'PrePeiGetHobList (VOID)',
  '{',
  '  return *(VOID **)(UINTN)FixedPcdGet32 (PcdSevEsWorkAreaBase);',
  '}',
);

const TDX_HASH = c(
  'EFI_STATUS',
  'EFIAPI',
  'RegisterHashInterfaceLib (HASH_INTERFACE *Interface)',
  '{',
  '  ASSERT (TdIsEnabled ());',
  '  mInterface = *Interface;',
  '  return EFI_SUCCESS;',
  '}',
);

const TD_CHECK_AROUND_SEV_HOOK = c(
  'VOID',
  'EntryPoint (VOID)',
  '{',
  '  if (TdIsEnabled ()) {',
  '    AmdSevReport ();',
  '  }',
  '}',
);

ruleCases(wrongCcPredicate, {
  valid: [
    {
      name: 'the #VE handler behind the TDX check',
      files: module(DIR, LIB, {
        'CcExitLib.c': c(
          'EFI_STATUS',
          'CcExitHandleVe (UINTN *Type, VOID *Context)',
          '{',
          '  if (TdIsEnabled ()) {',
          '    return TdxVeHandle (Type, Context);',
          '  }',
          '  return EFI_UNSUPPORTED;',
          '}',
        ),
        'TdxVeHandler.c': TDX_VE_HANDLER,
      }),
    },
    {
      name: 'GHCB calls inside an SEV-ES check nested in an SEV check',
      files: module(DIR, LIB, {
        'Foo.c': c(
          'VOID',
          'Write (VOID)',
          '{',
          '  if (MemEncryptSevIsEnabled ()) {',
          '    if (MemEncryptSevEsIsEnabled ()) {',
          '      CcExitVmgInit (mGhcb, &State);',
          '    }',
          '  }',
          '}',
        ),
      }),
    },
    {
      name: 'a dispatch: SEV under the SEV attribute, TDX under the TDX attribute',
      files: module(DIR, LIB, {
        'Foo.c': c(
          'VOID',
          'Share (VOID)',
          '{',
          '  if (CC_GUEST_IS_SEV (PcdGet64 (PcdConfidentialComputingGuestAttr))) {',
          '    MemEncryptSevClearPageEncMask (0, mBase, 1);',
          '  } else if (CC_GUEST_IS_TDX (PcdGet64 (PcdConfidentialComputingGuestAttr))) {',
          '    MemEncryptTdxSetPageSharedBit (0, mBase, 1);',
          '  }',
          '}',
        ),
      }),
    },
    {
      name: 'an ASSERT on the mode after the check that returns',
      files: module(DIR, LIB, {
        'Foo.c': c(
          'EFI_STATUS',
          'Start (VOID)',
          '{',
          '  if (!TdIsEnabled ()) {',
          '    return EFI_UNSUPPORTED;',
          '  }',
          '  ASSERT (TdIsEnabled ());',
          '  return EFI_SUCCESS;',
          '}',
        ),
      }),
    },
    {
      name: 'TDX code reads the GHCB region PCDs of the shared memory layout (TD HOB, mailbox)',
      files: module(
        'OvmfPkg/IntelTdx/FooLib',
        { name: 'TdxFooLib', libraryClass: 'FooLib' },
        {
          'TdxFoo.c': c(
            'VOID *',
            'GetTdHob (VOID)',
            '{',
            '  return (VOID *)(UINTN)FixedPcdGet32 (PcdOvmfSecGhcbBase);',
            '}',
          ),
        },
      ),
    },
    {
      name: 'SEV calls in code for CC in general (a #VC handler file) are the dispatcher’s business',
      files: module(DIR, LIB, {
        'CcExitVcHandler.c': c(
          'UINT64',
          'MmioExit (GHCB *Ghcb)',
          '{',
          '  return CcExitVmgExit (Ghcb, SVM_EXIT_MMIO_READ, 0, 0);',
          '}',
        ),
      }),
    },
    {
      name: 'an ASSERT on something other than the mode',
      files: module(DIR, LIB, {
        'Foo.c': c('VOID', 'Check (VOID)', '{', '  ASSERT (mBase != 0);', '}'),
      }),
    },
  ],
  invalid: [
    {
      name: 'TDX code behind the SEV check (the finding spans the guarding branch)',
      files: module(DIR, LIB, { 'CcExitLib.c': VE_ENTRY, 'TdxVeHandler.c': TDX_VE_HANDLER }),
      findings: [
        {
          path: at('CcExitLib.c'),
          line: lineOf(VE_ENTRY, 'MemEncryptSevIsEnabled'),
          endLine: lineOf(VE_ENTRY, '  }'),
          cc: 'tdx',
          message:
            '`TdxVeHandle` (TDX code) is called in CcExitHandleVe: the path checks `MemEncryptSevIsEnabled` (SEV) instead of TDX',
        },
      ],
    },
    {
      name: 'GHCB calls need SEV-ES; the check is for any SEV',
      files: module(DIR, LIB, { 'Foo.c': GHCB_UNDER_SEV }),
      findings: [
        {
          path: at('Foo.c'),
          line: 4,
          endLine: 7,
          cc: 'sev',
          message:
            '`CcExitVmgInit` (SEV-ES only) is called in FlashWrite: it needs SEV-ES, but the path only checks `MemEncryptSevIsEnabled` (SEV) (also `CcExitVmgDone` under the same check)',
        },
      ],
    },
    {
      name: 'PVALIDATE needs SEV-SNP; the early exit only rules out guests without SEV-ES',
      files: module(DIR, LIB, { 'Foo.c': PVALIDATE_UNDER_ES }),
      findings: [
        {
          path: at('Foo.c'),
          line: 4,
          endLine: lineOf(PVALIDATE_UNDER_ES, 'AsmPvalidate'),
          cc: 'sev',
          message: 'it needs SEV-SNP, but the path only checks `MemEncryptSevEsIsEnabled` (SEV-ES)',
        },
      ],
    },
    {
      name: 'an SEV API behind a check for any CC guest also runs in a TD',
      files: module(DIR, LIB, { 'Foo.c': ANY_CC }),
      findings: [{ path: at('Foo.c'), line: 4, cc: 'sev', message: 'instead of SEV' }],
    },
    {
      name: 'an SEV-only PCD read in a TDX library (16d97fa601)',
      files: module(
        'OvmfPkg/IntelTdx/PrePiHobListPointerLibTdx',
        { name: 'PrePiHobListPointerLibTdx', libraryClass: 'PrePiHobListPointerLib' },
        {
          'PrePiHobListPointer.c': TDX_HOB_LIST,
        },
      ),
      findings: [
        {
          path: 'OvmfPkg/IntelTdx/PrePiHobListPointerLibTdx/PrePiHobListPointer.c',
          line: lineOf(TDX_HOB_LIST, 'PcdSevEsWorkAreaBase'),
          cc: 'sev',
          message: 'SEV-ES PCD `PcdSevEsWorkAreaBase` is read in PrePeiGetHobList: in TDX code',
        },
      ],
    },
    {
      name: 'an ASSERT on TDX in a public function of a TDX library (05e57cc9ce) is advisory',
      files: module(
        'OvmfPkg/Library/HashLibTdx',
        { name: 'HashLibTdx', libraryClass: 'HashLib' },
        {
          'HashLibTdx.c': TDX_HASH,
        },
      ),
      findings: [
        {
          path: 'OvmfPkg/Library/HashLibTdx/HashLibTdx.c',
          line: lineOf(TDX_HASH, 'ASSERT'),
          cc: 'tdx',
          severity: 'warning',
          message:
            'ASSERT (TdIsEnabled ()) in RegisterHashInterfaceLib claims TDX, but no TDX check is on the path',
        },
      ],
    },
    {
      name: 'a TDX check around a call into the SEV file of the module, even one that does nothing SEV-specific',
      files: module(DIR, LIB, {
        'Foo.c': TD_CHECK_AROUND_SEV_HOOK,
        'AmdSev.c': c('VOID', 'AmdSevReport (VOID)', '{', '  DEBUG ((DEBUG_INFO, "SEV\\n"));', '}'),
      }),
      findings: [
        {
          path: at('Foo.c'),
          line: 4,
          endLine: 6,
          cc: 'sev',
          message: 'the path checks `TdIsEnabled` (TDX) instead of SEV',
        },
      ],
    },
  ],
});

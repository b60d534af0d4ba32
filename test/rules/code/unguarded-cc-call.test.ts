import { unguardedCcCall } from '../../../src/rules/code/unguarded-cc-call.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { c, lineOf, module } from './code-tree.js';

const DIR = 'OvmfPkg/FooDxe';
const at = (file: string) => `${DIR}/${file}`;

/** Common code of a driver that shares the debug log with the host. */
const SHARE_UNGUARDED = c(
  'STATIC VOID',
  'ShareLog (VOID)',
  '{',
  '  RETURN_STATUS  Status;',
  '  Status = MemEncryptSevClearPageEncMask (0, mLogBase, 1);',
  '  ASSERT_RETURN_ERROR (Status);',
  '}',
  '',
  'EFI_STATUS',
  'EntryPoint (VOID)',
  '{',
  '  ShareLog ();',
  '  return EFI_SUCCESS;',
  '}',
);

const TD_UNGUARDED = c(
  'VOID',
  'ReportToHost (UINT64 Value)',
  '{',
  '  TdVmCall (TDVMCALL_REPORT, Value, 0, 0, 0, NULL);',
  '}',
);

/** A SEV file of the module whose function uses the GHCB without checking the mode. */
const AMD_SEV_NO_CHECK = c(
  'VOID',
  'AmdSevAnnounce (VOID)',
  '{',
  '  CcExitVmgInit (mGhcb, &State);',
  '  CcExitVmgExit (mGhcb, SVM_EXIT_ANNOUNCE, 0, 0);',
  '  CcExitVmgDone (mGhcb, State);',
  '}',
);

/** The same, written as a hook that checks the mode itself. */
const AMD_SEV_HOOK = c(
  'VOID',
  'AmdSevAnnounce (VOID)',
  '{',
  '  if (!MemEncryptSevEsIsEnabled ()) {',
  '    return;',
  '  }',
  '',
  '  CcExitVmgInit (mGhcb, &State);',
  '  CcExitVmgExit (mGhcb, SVM_EXIT_ANNOUNCE, 0, 0);',
  '  CcExitVmgDone (mGhcb, State);',
  '}',
);

const CALLS_ANNOUNCE = c(
  'EFI_STATUS',
  'EntryPoint (VOID)',
  '{',
  '  AmdSevAnnounce ();',
  '  return EFI_SUCCESS;',
  '}',
);

const TWO_CALLERS = c(
  'STATIC VOID',
  'ShareLog (VOID)',
  '{',
  '  MemEncryptSevClearPageEncMask (0, mLogBase, 1);',
  '}',
  '',
  'VOID',
  'OnSevBoot (VOID)',
  '{',
  '  if (MemEncryptSevIsEnabled ()) {',
  '    ShareLog ();',
  '  }',
  '}',
  '',
  'VOID',
  'OnReset (VOID)',
  '{',
  '  ShareLog ();',
  '}',
);

const GOTO_PAST_LABEL = c(
  'VOID',
  'Prepare (VOID)',
  '{',
  '  if (!MemEncryptSevIsEnabled ()) {',
  '    goto Done;',
  '  }',
  '  MemEncryptSevClearPageEncMask (0, mBase, 1);',
  'Done:',
  '  MemEncryptSevSetPageEncMask (0, mBase, 1);',
  '}',
);

const OR_CONDITION = c(
  'VOID',
  'Prepare (BOOLEAN Force)',
  '{',
  '  if (MemEncryptSevIsEnabled () || Force) {',
  '    MemEncryptSevClearPageEncMask (0, mBase, 1);',
  '  }',
  '}',
);

ruleCases(unguardedCcCall, {
  valid: [
    {
      name: 'the call sits in `if (MemEncryptSevIsEnabled ())`',
      files: module(
        DIR,
        { name: 'FooDxe' },
        {
          'Foo.c': c(
            'VOID',
            'Prepare (VOID)',
            '{',
            '  if (MemEncryptSevIsEnabled ()) {',
            '    MemEncryptSevClearPageEncMask (0, mBase, 1);',
            '  }',
            '}',
          ),
        },
      ),
    },
    {
      name: 'an early return on the negated check comes first',
      files: module(
        DIR,
        { name: 'FooDxe' },
        {
          'Foo.c': c(
            'VOID',
            'Prepare (VOID)',
            '{',
            '  if (!MemEncryptSevIsEnabled ()) {',
            '    return;',
            '  }',
            '',
            '  MemEncryptSevClearPageEncMask (0, mBase, 1);',
            '}',
          ),
        },
      ),
    },
    {
      name: 'the only caller in the file guards the static helper',
      files: module(
        DIR,
        { name: 'FooDxe' },
        {
          'Foo.c': c(
            'STATIC VOID',
            'ShareLog (VOID)',
            '{',
            '  MemEncryptSevClearPageEncMask (0, mLogBase, 1);',
            '}',
            '',
            'VOID',
            'EntryPoint (VOID)',
            '{',
            '  if (MemEncryptSevIsEnabled ()) {',
            '    ShareLog ();',
            '  }',
            '}',
          ),
        },
      ),
    },
    {
      name: 'a hook of the SEV file of the module checks the mode itself and is called unconditionally',
      files: module(DIR, { name: 'FooDxe' }, { 'Foo.c': CALLS_ANNOUNCE, 'AmdSev.c': AMD_SEV_HOOK }),
    },
    {
      name: 'code in a file that exists for SEV needs no check of its own: its callers answer for it',
      files: module(DIR, { name: 'FooDxe' }, { 'AmdSev.c': AMD_SEV_NO_CHECK }),
    },
    {
      name: 'a mode-safe API (every instance returns 0 outside SEV)',
      files: module(
        DIR,
        { name: 'FooDxe' },
        {
          'Foo.c': c('UINT64', 'Mask (VOID)', '{', '  return MemEncryptSevGetEncryptionMask ();', '}'),
        },
      ),
    },
    {
      name: 'a flag that holds the mode check guards the GHCB calls',
      files: module(
        DIR,
        { name: 'FooDxe' },
        {
          'Foo.c': c(
            'STATIC BOOLEAN  mSevEs = FALSE;',
            'VOID',
            'Init (VOID)',
            '{',
            '  mSevEs = MemEncryptSevEsIsEnabled ();',
            '}',
            'VOID',
            'Write (VOID)',
            '{',
            '  if (mSevEs) {',
            '    CcExitVmgInit (mGhcb, &State);',
            '    CcExitVmgDone (mGhcb, State);',
            '  }',
            '}',
          ),
        },
      ),
    },
    {
      name: 'a BOOLEAN helper that is TRUE only in a TD guards TdVmCall',
      files: module(
        DIR,
        { name: 'FooDxe' },
        {
          'Foo.c': c(
            'BOOLEAN',
            'UseTdVmCall (UINT32 Msr)',
            '{',
            '  if (!TdIsEnabled ()) {',
            '    return FALSE;',
            '  }',
            '  return Msr != 0x80B;',
            '}',
            'VOID',
            'WriteMsr (UINT32 Msr, UINT64 Value)',
            '{',
            '  if (UseTdVmCall (Msr)) {',
            '    TdVmCall (TDVMCALL_WRMSR, Msr, Value, 0, 0, NULL);',
            '  } else {',
            '    AsmWriteMsr64 (Msr, Value);',
            '  }',
            '}',
          ),
        },
      ),
    },
    {
      name: 'the arm of `?:` whose condition is the mode check',
      files: module(
        DIR,
        { name: 'FooDxe' },
        {
          'Foo.c': c(
            'VOID',
            'Setup (CPU_MP_DATA *Data)',
            '{',
            '  Data->Buffer = Data->SevEsIsEnabled ? AmdSevGetApBuffer () : 0;',
            '}',
          ),
          'AmdSev.c': c(
            'UINTN',
            'AmdSevGetApBuffer (VOID)',
            '{',
            '  CcExitVmgInit (mGhcb, &State);',
            '  return 0;',
            '}',
          ),
        },
      ),
    },
    {
      name: 'a switch on the guest type and an Arm CCA Realm check',
      files: module(
        DIR,
        { name: 'FooDxe' },
        {
          'Foo.c': c(
            'VOID',
            'Accept (VOID)',
            '{',
            '  switch (CcProbe ()) {',
            '    case CcGuestTypeIntelTdx:',
            '      TdAcceptPages (mBase, 1, SIZE_4KB);',
            '      break;',
            '    default:',
            '      break;',
            '  }',
            '  if (ArmCcaIsRealm ()) {',
            '    ArmCcaRsiGetVersion (&Version);',
            '  }',
            '}',
          ),
        },
      ),
    },
    {
      name: 'a name-only CC hook of another module (its library checks the mode, or is Null)',
      files: module(
        DIR,
        { name: 'FooDxe' },
        {
          'Foo.c': c(
            'VOID',
            'EntryPoint (VOID)',
            '{',
            '  AmdSevInitialize ();',
            '  ArmCcaInitialize ();',
            '}',
          ),
        },
      ),
    },
    {
      name: 'an API the config lists as mode-safe',
      files: {
        ...module(DIR, { name: 'FooDxe' }, { 'Foo.c': TD_UNGUARDED }),
        'ccguard.config.json': JSON.stringify({
          rules: { 'code/unguarded-cc-call': { options: { modeSafeApis: ['TdVmCall'] } } },
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'a static helper calls the SEV API and its only caller does not check: reported at the call, with the chain',
      files: module(DIR, { name: 'FooDxe' }, { 'Foo.c': SHARE_UNGUARDED }),
      findings: [
        {
          path: at('Foo.c'),
          line: lineOf(SHARE_UNGUARDED, 'MemEncryptSevClearPageEncMask'),
          cc: 'sev',
          message:
            '`MemEncryptSevClearPageEncMask` (SEV only) is called in ShareLog with no SEV check on the path (reached from EntryPoint at line 12)',
        },
      ],
    },
    {
      name: 'TdVmCall in a public common function with no check',
      files: module(DIR, { name: 'FooDxe' }, { 'Foo.c': TD_UNGUARDED }),
      findings: [
        { path: at('Foo.c'), line: 4, cc: 'tdx', message: '`TdVmCall` (TDX only) is called in ReportToHost' },
      ],
    },
    {
      name: 'common code calls SEV code of its module that uses the GHCB without checking: reported at the call site',
      files: module(DIR, { name: 'FooDxe' }, { 'Foo.c': CALLS_ANNOUNCE, 'AmdSev.c': AMD_SEV_NO_CHECK }),
      findings: [
        {
          path: at('Foo.c'),
          line: lineOf(CALLS_ANNOUNCE, 'AmdSevAnnounce'),
          cc: 'sev',
          message:
            '`AmdSevAnnounce`, SEV-ES code that does not check the mode itself, is called in EntryPoint',
        },
      ],
    },
    {
      name: 'one of two callers of the helper does not check',
      files: module(DIR, { name: 'FooDxe' }, { 'Foo.c': TWO_CALLERS }),
      findings: [{ path: at('Foo.c'), line: 4, cc: 'sev', message: 'reached from OnReset at line 18' }],
    },
    {
      name: 'a call after the label that the early `goto` jumps to runs in every guest',
      files: module(DIR, { name: 'FooDxe' }, { 'Foo.c': GOTO_PAST_LABEL }),
      findings: [
        {
          path: at('Foo.c'),
          line: lineOf(GOTO_PAST_LABEL, 'MemEncryptSevSetPageEncMask'),
          cc: 'sev',
          message: '`MemEncryptSevSetPageEncMask` (SEV only) is called in Prepare',
        },
      ],
    },
    {
      name: '`IsSev () || Force` does not guard',
      files: module(DIR, { name: 'FooDxe' }, { 'Foo.c': OR_CONDITION }),
      findings: [{ path: at('Foo.c'), line: 5, cc: 'sev', message: 'no SEV check on the path' }],
    },
  ],
});

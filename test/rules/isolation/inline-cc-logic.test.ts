/**
 * isolation/inline-cc-logic (spec 3.2.A/B): CC code in a common function or routine of a shared
 * module must be a hook call or a mode dispatch to CC functions; anything else is one finding per
 * function, spanning its inline lines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import inlineCcLogic from '../../../src/rules/isolation/inline-cc-logic.js';
import { findingsOf, ruleCases } from '../../helpers/rule-tester.js';
import {
  entryPoint,
  inlineSevBlock,
  LEVEL_C_TREE,
  MIXED_TREE,
  nasmFile,
  PAGE_TABLES,
  platformPei,
  secModule,
} from './cases.js';
import { cFile, cFunction, inf, PACKAGES } from './tree.js';

const PLATFORM_C = 'OvmfPkg/PlatformPei/Platform.c';

/** Main.nasm calls SEV and TDX hooks and a TDX replacement, as spec 3.2.B writes them. */
const NASM_HOOKS = secModule({
  'X64/Main.nasm': nasmFile(
    '; Example main routine written for ccguard tests.',
    '%include "AmdSev.nasm.inc"',
    '%include "IntelTdx.nasm.inc"',
    '    SECTION .text',
    'Main32:',
    '    OneTimeCall SevInitHook',
    '    OneTimeCall TdxInitHook',
    '    OneTimeCall SetCr3ForPageTablesTdx',
    '    jz      PageTablesReady',
    '    OneTimeCall SetCr3ForPageTables64',
    'PageTablesReady:',
    '    ret',
  ),
  'X64/AmdSev.nasm.inc': nasmFile(
    '; SEV hooks written for ccguard tests.',
    'SevInitHook:',
    '    cmp     byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_AMD_SEV',
    '    jne     SevInitHookExit',
    '    mov     ecx, 0xc0010131',
    '    rdmsr',
    'SevInitHookExit:',
    '    OneTimeCallRet SevInitHook',
  ),
  'X64/IntelTdx.nasm.inc': nasmFile(
    '; TDX hooks written for ccguard tests.',
    'TdxInitHook:',
    '    cmp     byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_INTEL_TDX',
    '    jne     TdxInitHookExit',
    '    mov     rax, TDCALL_TDINFO',
    'TdxInitHookExit:',
    '    OneTimeCallRet TdxInitHook',
    'SetCr3ForPageTablesTdx:',
    '    cmp     byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_INTEL_TDX',
    '    jne     SetCr3ForPageTablesTdxExit',
    '    mov     eax, TDX_PAGE_TABLE',
    '    mov     cr3, eax',
    'SetCr3ForPageTablesTdxExit:',
    '    OneTimeCallRet SetCr3ForPageTablesTdx',
  ),
});

/** A SEV hook call, then the generic C-bit mask: weak SEV signatures only. */
const WEAK_ONLY = [
  'AmdSevInitialize ();',
  'mEncMask = PcdGet64 (PcdPteMemoryEncryptionAddressOrMask);',
  'mEntry = mEntry | mEncMask;',
];

const CC_PROBE_BLOCK = [
  'if (CcProbe () != CcGuestTypeNonEncrypted) {',
  '  mShared = PcdGet64 (PcdConfidentialComputingGuestAttr);',
  '  mShared = mShared + 1;',
  '}',
];

ruleCases(inlineCcLogic, {
  valid: [
    {
      name: 'a hook call to a SEV function in AmdSev.c (3.2.A.1)',
      files: LEVEL_C_TREE,
    },
    {
      name: 'a mode dispatch to SEV and TDX replacement functions (3.2.A.2)',
      files: platformPei({
        'Platform.c': cFile(
          entryPoint([
            'if (MemEncryptSevIsEnabled ()) {',
            '  FeatureFunctionSev ();',
            '} else if (TdIsEnabled ()) {',
            '  FeatureFunctionTdx ();',
            '} else {',
            '  FeatureFunction ();',
            '}',
          ]),
          cFunction('FeatureFunction', ['mCount = mCount + 1;']),
        ),
        'AmdSev.c': cFile(cFunction('FeatureFunctionSev', ['MemEncryptSevClearPageEncMask (0, mBase, 1);'])),
        'IntelTdx.c': cFile(
          cFunction('FeatureFunctionTdx', ['TdVmCall (TDVMCALL_MAPGPA, mBase, 0, 0, 0, NULL);']),
        ),
      }),
    },
    {
      name: 'NASM hooks (OneTimeCall SevInitHook) and a replacement (OneTimeCall …Tdx / jz) (3.2.B)',
      files: NASM_HOOKS,
    },
    {
      name: "a BOOLEAN helper that only computes a mode check from CC attributes is the spec's IsSev ()",
      files: platformPei({
        'Platform.c': cFile(
          entryPoint(['mOk = AttrCheck ();']),
          cFunction(
            'AttrCheck',
            [
              'switch (mAttr) {',
              '  case CCAttrAmdSev:',
              '    return mLevel >= CCAttrAmdSev;',
              '  case CCAttrAmdSevEs:',
              '    return mLevel >= CCAttrAmdSevEs;',
              '  default:',
              '    return FALSE;',
              '}',
            ],
            'BOOLEAN',
          ),
        ),
      }),
    },
    {
      name: 'isolation rules do not look inside a module that exists for SEV',
      files: {
        ...PACKAGES,
        'OvmfPkg/AmdSevDxe/AmdSevDxe.inf': inf({
          name: 'AmdSevDxe',
          type: 'DXE_DRIVER',
          sources: ['AmdSevDxe.c'],
          packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
        }),
        'OvmfPkg/AmdSevDxe/AmdSevDxe.c': cFile(entryPoint(inlineSevBlock())),
      },
    },
    {
      name: 'a case label that routes #VC to the CC exit library, an ASSERT and a cached mode check are not logic',
      files: platformPei({
        'Platform.c': cFile(
          entryPoint([
            'ASSERT (!MemEncryptSevIsEnabled ());',
            'DEBUG ((DEBUG_INFO, "GHCB %lx\\n", PcdGet64 (PcdGhcbBase)));',
            'mHob->SevEsIsEnabled = MemEncryptSevEsIsEnabled ();',
            'switch (mType) {',
            '  case VC_EXCEPTION:',
            '    mStatus = CcExitHandleVc (&mType, mContext);',
            '    break;',
            '  default:',
            '    break;',
            '}',
          ]),
        ),
      }),
    },
    {
      name: 'a condition on a SEV mode flag selects a SEV hook or skips common code: the branches carry no SEV logic',
      files: platformPei({
        'Platform.c': cFile(
          entryPoint([
            'if (mMpData->UseSevEsAPMethod) {',
            '  SevEsPlaceApHlt (mMpData);',
            '} else {',
            '  CpuSleep ();',
            '}',
            '',
            'if (!mMpData->UseSevEsAPMethod) {',
            '  RestoreWakeupBuffer (mMpData);',
            '}',
          ]),
        ),
      }),
    },
    {
      name: 'only weak signatures (the generic encryption mask ORed into entries) are evidence, not proof',
      files: platformPei({ 'Platform.c': cFile(entryPoint(WEAK_ONLY)) }),
    },
    {
      name: 'vendor-neutral CC code inline is the common interface, not reported by default',
      files: platformPei({ 'Platform.c': cFile(entryPoint(CC_PROBE_BLOCK)) }),
    },
  ],
  invalid: [
    {
      name: "SEV work behind a mode check written inline (the spec's complaint about Sec)",
      files: MIXED_TREE,
      findings: [
        {
          path: PLATFORM_C,
          line: 38,
          endLine: 47,
          cc: 'sev',
          message: 'SEV logic written inline in common function `EntryPoint` (10 lines: 38–47)',
        },
      ],
    },
    {
      name: 'SEV and TDX statements outside any mode check: one finding for the function, for CC in general',
      files: platformPei({
        'Platform.c': cFile(
          entryPoint([
            'AsmWriteMsr64 (MSR_SEV_ES_GHCB, mGhcbBase);',
            'mShared = mBase | PcdGet64 (PcdTdxSharedBitMask);',
          ]),
        ),
      }),
      findings: [{ path: PLATFORM_C, line: 38, endLine: 39, cc: 'cc', message: 'SEV and TDX logic' }],
    },
    {
      name: "NASM: a guest-type compare, a SEV load and the skip label in a common routine (the spec's ResetVector complaint)",
      files: secModule({ 'X64/PageTables.nasm': PAGE_TABLES }),
      findings: [
        {
          path: 'OvmfPkg/Sec/X64/PageTables.nasm',
          line: 5,
          endLine: 8,
          cc: 'sev',
          message: 'common routine `SetCr3` (4 lines: 5–8)',
        },
      ],
    },
    {
      name: 'option includeWeakSignatures reports spots made of weak signatures',
      files: {
        ...platformPei({ 'Platform.c': cFile(entryPoint(WEAK_ONLY)) }),
        'ccguard.config.json': JSON.stringify({
          rules: { 'isolation/inline-cc-logic': { options: { includeWeakSignatures: true } } },
        }),
      },
      findings: [{ path: PLATFORM_C, line: 39, cc: 'sev', message: 'SEV logic written inline' }],
    },
    {
      name: 'NASM labels reached only by jumps (RdRand1) belong to the routine above: one finding',
      files: secModule({
        'X64/Flat.nasm': nasmFile(
          '; Example mode switch written for ccguard tests.',
          '    SECTION .text',
          'global Transition',
          'Transition:',
          '    mov     ecx, 1',
          '    bt      [SEV_ES_WORK_AREA_STATUS_MSR], ecx',
          '    jnc     Done',
          'RdRand1:',
          '    rdrand  ecx',
          '    jnc     RdRand1',
          '    mov     dword [SEV_ES_WORK_AREA_RDRAND], ecx',
          'Done:',
          '    ret',
        ),
      }),
      findings: [
        {
          path: 'OvmfPkg/Sec/X64/Flat.nasm',
          line: 6,
          endLine: 12, // through the label the check skips to, as for C's whole `if`
          cc: 'sev',
          message: 'routine `Transition`',
        },
      ],
    },
    {
      name: 'NASM: a halt loop named for SEV that common code jumps to is a routine of its own, not inline code',
      files: secModule({
        'X64/Flat.nasm': nasmFile(
          '; Example mode switch written for ccguard tests.',
          '    SECTION .text',
          'global Landed',
          'Landed:',
          '    cmp     dword [SEV_ES_WORK_AREA_RDRAND], ecx',
          '    jne     SevEncBitHlt',
          '    ret',
          'SevEncBitHlt:',
          '    cli',
          '    hlt',
          '    jmp     SevEncBitHlt',
        ),
      }),
      findings: [
        {
          path: 'OvmfPkg/Sec/X64/Flat.nasm',
          line: 5,
          endLine: 5,
          cc: 'sev',
          message: 'routine `Landed` (1 line: 5)',
        },
      ],
    },
    {
      name: 'option includeVendorNeutral reports inline vendor-neutral CC code',
      files: {
        ...platformPei({ 'Platform.c': cFile(entryPoint(CC_PROBE_BLOCK)) }),
        'ccguard.config.json': JSON.stringify({
          rules: { 'isolation/inline-cc-logic': { options: { includeVendorNeutral: true } } },
        }),
      },
      findings: [{ path: PLATFORM_C, line: 38, endLine: 41, cc: 'cc', message: 'CC logic written inline' }],
    },
  ],
});

describe('isolation/inline-cc-logic fixes', () => {
  it('suggest a hook in AmdSev.c and a dispatch on the mode check the function already uses', () => {
    const [f] = findingsOf(inlineCcLogic, MIXED_TREE);
    assert.match(f!.fix, /`EntryPointHookSev \(\)` in AmdSev\.c/);
    assert.match(f!.fix, /if \(MemEncryptSevIsEnabled \(\)\) \{ EntryPointSev \(\); \} else \{ … \}/);
    assert.equal(f!.key, `${PLATFORM_C}|EntryPoint`);
  });

  it('suggest OneTimeCall of a routine in a file named for the CC for NASM', () => {
    const [f] = findingsOf(inlineCcLogic, secModule({ 'X64/PageTables.nasm': PAGE_TABLES }));
    assert.match(f!.fix, /routine SetCr3Sev in AmdSev\.nasm .*`OneTimeCall SetCr3Sev`/);
  });
});

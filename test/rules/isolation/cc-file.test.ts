/**
 * isolation/cc-file (spec 3.2): a function, routine or macro written for one CC inside a common
 * file of a shared module is reported once, with the `Xxx<Cc>` file it belongs in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ccFile from '../../../src/rules/isolation/cc-file.js';
import { findingsOf, ruleCases } from '../../helpers/rule-tester.js';
import {
  entryPoint,
  LEVEL_C_TREE,
  LEVEL_D_TREE,
  nasmFile,
  PAGE_TABLES,
  platformPei,
  SEC_ENTRY,
  SEV_FIXUP,
  secModule,
} from './cases.js';
import { cFile, cFunction, commonBody, inf, PACKAGES } from './tree.js';

ruleCases(ccFile, {
  valid: [
    {
      name: 'the SEV function already lives in AmdSev.c (level C)',
      files: LEVEL_C_TREE,
    },
    {
      name: 'a module that exists for SEV is not a shared module: its files need no tag',
      files: {
        ...PACKAGES,
        'OvmfPkg/AmdSevDxe/AmdSevDxe.inf': inf({
          name: 'AmdSevDxe',
          type: 'DXE_DRIVER',
          sources: ['Main.c'],
          packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
        }),
        'OvmfPkg/AmdSevDxe/Main.c': cFile(entryPoint(['SevPlatformFixup ();']), SEV_FIXUP),
      },
    },
    {
      name: 'a mode-check helper named for CC in general (ConfidentialComputingGuestHas) serves every CC',
      files: platformPei({
        'Platform.c': cFile(
          entryPoint(['mSevEs = ConfidentialComputingGuestHas (CCAttrAmdSevEs);']),
          cFunction(
            'ConfidentialComputingGuestHas',
            ['return (PcdGet64 (PcdConfidentialComputingGuestAttr) & CCAttrTypeMask) >= CCAttrAmdSevEs;'],
            'BOOLEAN',
          ),
        ),
      }),
    },
    {
      name: 'a file that is all SEV code is a CC file with the wrong name: naming/cc-file reports it',
      files: platformPei({
        'Platform.c': cFile(entryPoint(['SevPlatformFixup ();'])),
        'Fixup.c': cFile(SEV_FIXUP),
      }),
    },
    {
      name: 'a GUIDed SEV data block in the reset vector is data, not a routine',
      files: secModule({
        'X64/Footer.nasm': nasmFile(
          '; Example footer written for ccguard tests.',
          '    SECTION .text',
          'footerCode:',
          '    mov     eax, 1',
          '    ret',
          'sevSecretBlockStart:',
          '    DD      0x00000000',
          '    DB      0xDE, 0x71, 0xF7, 0x00',
          'sevSecretBlockEnd:',
        ),
      }),
    },
  ],
  invalid: [
    {
      name: 'a SEV function in the common Platform.c: its span starts at the line that names it',
      files: LEVEL_D_TREE,
      findings: [
        {
          path: 'OvmfPkg/PlatformPei/Platform.c',
          line: 42,
          endLine: 54,
          cc: 'sev',
          message: 'SEV function `SevPlatformFixup` lives in common file Platform.c',
        },
      ],
    },
    {
      name: 'a TDX routine and its tdcall macro in the common SecEntry.nasm: one finding, for the routine',
      files: secModule({ 'X64/SecEntry.nasm': SEC_ENTRY }),
      findings: [
        {
          path: 'OvmfPkg/Sec/X64/SecEntry.nasm',
          line: 14,
          endLine: 24,
          cc: 'tdx',
          message: 'TDX routine `SecTdxParkAps`',
        },
      ],
    },
    {
      name: 'consecutive SEV labels (CheckSevFeature, NoSev) make one routine',
      files: secModule({ 'X64/PageTables.nasm': PAGE_TABLES }),
      findings: [
        {
          path: 'OvmfPkg/Sec/X64/PageTables.nasm',
          line: 14,
          endLine: 23,
          cc: 'sev',
          message: '`CheckSevFeature`',
        },
      ],
    },
    {
      name: 'a TDX macro alone in a common NASM file',
      files: secModule({
        'X64/Entry.nasm': nasmFile(
          '; Example entry written for ccguard tests.',
          '%macro tdcall 0',
          '    db      0x66, 0x0f, 0x01, 0xcc',
          '%endmacro',
          '    SECTION .text',
          'global _ModuleEntryPoint',
          '_ModuleEntryPoint:',
          '    mov     rsp, 0x810000',
          '    jmp     SecStartup',
        ),
      }),
      findings: [
        { path: 'OvmfPkg/Sec/X64/Entry.nasm', line: 2, endLine: 4, cc: 'tdx', message: 'TDX macro `tdcall`' },
      ],
    },
  ],
});

describe('isolation/cc-file fixes', () => {
  it('name a new AmdSev.c beside the common file when the module has none', () => {
    const [f] = findingsOf(ccFile, LEVEL_D_TREE);
    assert.match(f!.fix, /new file AmdSev\.c beside Platform\.c/);
    assert.equal(f!.key, 'OvmfPkg/PlatformPei/Platform.c|SevPlatformFixup');
  });

  it("name the module's existing SEV file", () => {
    const tree = platformPei({
      'Platform.c': cFile(entryPoint(['SevPlatformFixup ();', 'SevOther ();']), SEV_FIXUP),
      'AmdSev.c': cFile(
        cFunction('SevOther', ['MemEncryptSevClearPageEncMask (0, mBase, 1);', ...commonBody(2)]),
      ),
    });
    const [f] = findingsOf(ccFile, tree);
    assert.match(f!.fix, /to AmdSev\.c, which already holds the module's SEV code/);
  });

  it('send a routine with its macro to a new X64/IntelTdx.nasm', () => {
    const [f] = findingsOf(ccFile, secModule({ 'X64/SecEntry.nasm': SEC_ENTRY }));
    assert.match(f!.fix, /routine `SecTdxParkAps` with its `tdcall` macro to a new file IntelTdx\.nasm/);
    assert.ok(f!.evidence.some((e) => e.detail.includes('TDX macro tdcall (lines 2–4)')));
  });
});

/**
 * naming/cc-file: a file whose code is one CC's only carries that CC's tag (`Xxx<Cc>`); one that
 * holds only CC code of several is named `Cc…`. The module's name speaks for the files of a
 * module that exists for the same CC, and for its main file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ccFileNaming from '../../../src/rules/naming/cc-file.js';
import { findingsOf, ruleCases } from '../../helpers/rule-tester.js';
import {
  entryPoint,
  LEVEL_C_TREE,
  LEVEL_D_TREE,
  nasmFile,
  platformPei,
  SEV_FIXUP,
  secModule,
} from '../isolation/cases.js';
import { cFile, cFunction, inf, PACKAGES } from '../isolation/tree.js';

const OVMF = ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'];

/** TDX functions: a static helper that issues the TDVMCALL, and the two TDX functions that call it. */
const TDX_HELPER = cFile(
  [
    'STATIC',
    ...cFunction(
      'MapGpa',
      [
        'mStatus = TdVmCall (TDVMCALL_MAPGPA, mBase, 0, 0, 0, NULL);',
        'mStatus = mStatus + 1;',
        'return mStatus;',
      ],
      'EFI_STATUS',
    ),
  ],
  cFunction('IoMmuTdxShare', ['mShared = TdSharedPageMask ();', 'return MapGpa ();'], 'EFI_STATUS'),
  cFunction('IoMmuTdxUnshare', ['mShared = 0;', 'return MapGpa ();'], 'EFI_STATUS'),
);

const TDX_FIXUP = cFunction('TdxPlatformFixup', [
  'if (!TdIsEnabled ()) {',
  '  return;',
  '}',
  '',
  'mShared = TdSharedPageMask ();',
  'PcdSet64S (PcdTdxSharedBitMask, mShared);',
]);

/** The driver's main file: its own SEV code, so that the driver serves SEV and TDX. */
const DMA_MAIN = cFile(entryPoint(['mMask = MemEncryptSevGetEncryptionMask ();', 'mBase = mBase | mMask;']));

/** A DXE driver DmaDxe that the feature registry lists as serving CC in general, with `files`. */
function dmaDriver(files: Readonly<Record<string, string>>): Record<string, string> {
  const tree: Record<string, string> = {
    ...PACKAGES,
    'OvmfPkg/DmaDxe/DmaDxe.inf': inf({
      name: 'DmaDxe',
      type: 'DXE_DRIVER',
      sources: Object.keys(files),
      packages: OVMF,
    }),
    'ccguard.config.json': JSON.stringify({
      features: [{ name: 'cc-dma', cc: 'cc', kind: 'basic', modules: ['OvmfPkg/DmaDxe/DmaDxe.inf'] }],
    }),
  };
  for (const [name, text] of Object.entries(files)) tree[`OvmfPkg/DmaDxe/${name}`] = text;
  return tree;
}

ruleCases(ccFileNaming, {
  valid: [
    {
      name: 'a file named for its CC (AmdSev.c)',
      files: LEVEL_C_TREE,
    },
    {
      name: "a common file holding one SEV function beside common code (isolation/cc-file's case)",
      files: LEVEL_D_TREE,
    },
    {
      name: 'a SEV-only file in a module that exists for SEV: the module name speaks for it',
      files: {
        ...PACKAGES,
        'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf': inf({
          name: 'SecretDxe',
          type: 'DXE_DRIVER',
          sources: ['SecretDxe.c', 'Fixup.c'],
          packages: OVMF,
        }),
        'OvmfPkg/AmdSev/SecretDxe/SecretDxe.c': cFile(entryPoint(['SevPlatformFixup ();'])),
        'OvmfPkg/AmdSev/SecretDxe/Fixup.c': cFile(SEV_FIXUP),
      },
    },
    {
      name: "a module's main file carries the module's name (naming/cc-module judges it)",
      files: dmaDriver({
        'DmaDxe.c': cFile(
          cFunction('DmaDxeSev', ['MemEncryptSevClearPageEncMask (0, mBase, 1);']),
          TDX_FIXUP,
        ),
      }),
    },
    {
      name: 'Null stubs of a CC are not CC code',
      files: platformPei({
        'Platform.c': cFile(entryPoint(['TdxPlatformFixup ();'])),
        'FixupNull.c': cFile(TDX_FIXUP),
      }),
    },
  ],
  invalid: [
    {
      name: 'a TDX-only Helper.c in a module that serves SEV and TDX',
      files: dmaDriver({ 'DmaDxe.c': DMA_MAIN, 'Helper.c': TDX_HELPER }),
      findings: [
        {
          path: 'OvmfPkg/DmaDxe/Helper.c',
          line: 1,
          cc: 'tdx',
          message:
            'Helper.c holds only TDX code but its name lacks the Tdx tag; name it HelperTdx.c or TdxHelper.c',
        },
      ],
    },
    {
      name: 'a SEV-only Fixup.c in a shared PEIM',
      files: platformPei({
        'Platform.c': cFile(entryPoint(['SevPlatformFixup ();'])),
        'Fixup.c': cFile(SEV_FIXUP),
      }),
      findings: [
        {
          path: 'OvmfPkg/PlatformPei/Fixup.c',
          line: 1,
          cc: 'sev',
          message: 'name it FixupSev.c or SevFixup.c',
        },
      ],
    },
    {
      name: 'a file of one SEV and one TDX function: named for CC in general',
      files: platformPei({
        'Platform.c': cFile(entryPoint(['SevPlatformFixup ();', 'TdxPlatformFixup ();'])),
        'Fixups.c': cFile(SEV_FIXUP, TDX_FIXUP),
      }),
      findings: [
        {
          path: 'OvmfPkg/PlatformPei/Fixups.c',
          line: 1,
          cc: 'cc',
          message:
            'Fixups.c holds only CC code of SEV and TDX but is not named for CC in general; name it CcFixups.c',
        },
      ],
    },
    {
      name: 'a NASM file whose only routine is SEV code',
      files: secModule({
        'X64/Validate.nasm': nasmFile(
          '; Example wrapper written for ccguard tests.',
          '    SECTION .text',
          'global AsmValidateSev',
          'AsmValidateSev:',
          '    mov     ecx, 0xc0010131',
          '    rdmsr',
          '    jz      ValidateExit',
          '    mov     eax, 1',
          'ValidateExit:',
          '    ret',
        ),
      }),
      findings: [
        { path: 'OvmfPkg/Sec/X64/Validate.nasm', line: 1, cc: 'sev', message: 'name it ValidateSev.nasm' },
      ],
    },
  ],
});

describe('naming/cc-file evidence', () => {
  it('list the functions and the module that builds the file', () => {
    const [f] = findingsOf(ccFileNaming, dmaDriver({ 'DmaDxe.c': DMA_MAIN, 'Helper.c': TDX_HELPER }));
    assert.ok(f!.evidence.some((e) => e.detail.includes('MapGpa, IoMmuTdxShare')));
    assert.ok(f!.evidence.some((e) => e.kind === 'inf' && e.detail.includes('DmaDxe.inf (exists for CC)')));
    assert.match(f!.fix, /Rename Helper\.c to HelperTdx\.c \(or TdxHelper\.c\) in OvmfPkg\/DmaDxe/);
  });
});

/**
 * naming/cc-module: a module that exists for one CC — by its location, its content or the feature
 * registry, not by its name — carries that CC's tag; one serving several CCs is named `Cc…`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ccModuleNaming from '../../../src/rules/naming/cc-module.js';
import { findingsOf, ruleCases } from '../../helpers/rule-tester.js';
import { entryPoint, inlineSevBlock, LEVEL_D_TREE, SEV_FIXUP } from '../isolation/cases.js';
import { BASE_NAME_LINE, cFile, cFunction, inf, PACKAGES } from '../isolation/tree.js';

const OVMF = ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'];

/** A DXE driver at `dir/name.inf` whose one source holds `body` in its entry point. */
function driver(dir: string, name: string, body: readonly string[]): Record<string, string> {
  return {
    [`${dir}/${name}.inf`]: inf({ name, type: 'DXE_DRIVER', sources: [`${name}.c`], packages: OVMF }),
    [`${dir}/${name}.c`]: cFile(entryPoint(body)),
  };
}

const SECRET_BODY = [
  'mBase = PcdGet32 (PcdSevLaunchSecretBase);',
  'mSize = PcdGet32 (PcdSevLaunchSecretSize);',
];
const TDX_BODY = ['mShared = TdSharedPageMask ();', 'TdVmCall (TDVMCALL_MAPGPA, mBase, 0, 0, 0, NULL);'];

/** A driver serving SEV and TDX that the feature registry lists as a CC-in-general feature. */
function dmaDriver(name: string): Record<string, string> {
  return {
    ...PACKAGES,
    ...driver(`OvmfPkg/${name}`, name, [
      ...SECRET_BODY,
      ...TDX_BODY,
      'mMask = MemEncryptSevGetEncryptionMask ();',
    ]),
    'ccguard.config.json': JSON.stringify({
      features: [{ name: 'cc-dma', cc: 'cc', kind: 'basic', modules: [`OvmfPkg/${name}/${name}.inf`] }],
    }),
  };
}

ruleCases(ccModuleNaming, {
  valid: [
    {
      name: 'a SEV driver named for SEV (AmdSevDxe)',
      files: { ...PACKAGES, ...driver('OvmfPkg/AmdSevDxe', 'AmdSevDxe', inlineSevBlock()) },
    },
    {
      name: 'a synonym tag counts: Ghcb is SEV-ES',
      files: { ...PACKAGES, ...driver('OvmfPkg/AmdSev/GhcbSetupDxe', 'GhcbSetupDxe', SECRET_BODY) },
    },
    {
      name: 'a module in OvmfPkg/AmdSev without CC code of its own (a GRUB boot manager library)',
      files: {
        ...PACKAGES,
        'OvmfPkg/AmdSev/BootManagerLibGrub/BootManagerLibGrub.inf': inf({
          name: 'BootManagerLibGrub',
          libraryClass: 'BootManagerLib',
          sources: ['Boot.c'],
        }),
        'OvmfPkg/AmdSev/BootManagerLibGrub/Boot.c': cFile(entryPoint()),
      },
    },
    {
      name: 'a Null instance named after its CC class',
      files: {
        ...PACKAGES,
        'OvmfPkg/AmdSev/SecretLibNull/SecretLibNull.inf': inf({
          name: 'SecretLibNull',
          libraryClass: 'SecretLib',
          sources: ['SecretLibNull.c'],
          packages: OVMF,
        }),
        'OvmfPkg/AmdSev/SecretLibNull/SecretLibNull.c': cFile(
          cFunction('SecretBase', ['return PcdGet32 (PcdSevLaunchSecretBase);'], 'UINT32'),
        ),
      },
    },
    {
      name: 'a module serving SEV and TDX named for CC in general',
      files: dmaDriver('CcDmaDxe'),
    },
    {
      name: 'a shared module (level D) is not a CC module: isolation rules judge it',
      files: LEVEL_D_TREE,
    },
  ],
  invalid: [
    {
      name: "the spec's SecretDxe: a SEV module by its location, without the tag",
      files: { ...PACKAGES, ...driver('OvmfPkg/AmdSev/SecretDxe', 'SecretDxe', SECRET_BODY) },
      findings: [
        {
          path: 'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf',
          line: BASE_NAME_LINE,
          cc: 'sev',
          message:
            'SecretDxe exists for SEV but its name lacks the Sev tag; name it SevSecretDxe or SecretSevDxe',
        },
      ],
    },
    {
      name: 'a TDX SEC under OvmfPkg/IntelTdx named SecMain',
      files: {
        ...PACKAGES,
        'OvmfPkg/IntelTdx/Sec/SecMain.inf': inf({
          name: 'SecMain',
          type: 'SEC',
          sources: ['SecMain.c'],
          packages: OVMF,
        }),
        'OvmfPkg/IntelTdx/Sec/SecMain.c': cFile(entryPoint(TDX_BODY)),
      },
      findings: [
        {
          path: 'OvmfPkg/IntelTdx/Sec/SecMain.inf',
          line: BASE_NAME_LINE,
          cc: 'tdx',
          message: 'name it TdxSecMain',
        },
      ],
    },
    {
      name: 'a library that exists for SEV by its content (all its functions are SEV functions)',
      files: {
        ...PACKAGES,
        'OvmfPkg/Library/BaseFixupLib/BaseFixupLib.inf': inf({
          name: 'BaseFixupLib',
          libraryClass: 'FixupLib',
          sources: ['Fixup.c'],
          packages: OVMF,
        }),
        'OvmfPkg/Library/BaseFixupLib/Fixup.c': cFile(SEV_FIXUP),
      },
      findings: [
        {
          path: 'OvmfPkg/Library/BaseFixupLib/BaseFixupLib.inf',
          line: BASE_NAME_LINE,
          cc: 'sev',
          message: 'name it BaseSevFixupLib or BaseFixupSevLib',
        },
      ],
    },
    {
      name: "the spec's IoMmuDxe: a CC feature serving SEV and TDX, named for neither nor for CC",
      files: dmaDriver('DmaDxe'),
      findings: [
        {
          path: 'OvmfPkg/DmaDxe/DmaDxe.inf',
          line: BASE_NAME_LINE,
          cc: 'cc',
          message: 'DmaDxe serves SEV and TDX but is not named for CC in general; name it CcDmaDxe',
        },
      ],
    },
  ],
});

describe('naming/cc-module evidence and fix', () => {
  it('say why the module exists for SEV and what to rename', () => {
    const [f] = findingsOf(ccModuleNaming, {
      ...PACKAGES,
      ...driver('OvmfPkg/AmdSev/SecretDxe', 'SecretDxe', SECRET_BODY),
    });
    assert.ok(f!.evidence.some((e) => e.kind === 'location' && e.detail.includes('OvmfPkg/AmdSev')));
    assert.ok(f!.evidence.some((e) => e.detail.includes('BASE_NAME SecretDxe carries no CC tag')));
    assert.match(
      f!.fix,
      /Rename the module to SevSecretDxe \(or SecretSevDxe\): BASE_NAME, the INF file and its directory/,
    );
  });
});

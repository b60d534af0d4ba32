import { oneImage } from '../../../src/rules/platform/one-image.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { BASE_LIBRARIES, BASE_TREE, dsc, fdf, inf, lineOf } from './fixture-tree.js';

const COMMON = 'OvmfPkg/OvmfPkgX64.dsc';

/** SEC handles #VC with the real CcExitLib: the platform runs SEV-ES guests. */
const SEC_HANDLES_VC = [
  '[LibraryClasses.common.SEC]',
  '  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf',
].join('\n');

const PEIM_EXIT_NULL = dsc({
  name: 'Ovmf',
  body: [
    BASE_LIBRARIES,
    SEC_HANDLES_VC,
    '[LibraryClasses.common.PEIM]',
    '  CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf',
    '[Components]',
    '  OvmfPkg/Sec/SecMain.inf',
    '  OvmfPkg/PlatformPei/PlatformPei.inf',
    '  OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
    '  OvmfPkg/TdxDxe/TdxDxe.inf',
  ].join('\n'),
});

/** The edk2 bug fixed by 8b87eb9dfb, in small: a sibling with SEV-ES support maps CcProbeLib to Null. */
const CLOUDHV = 'OvmfPkg/CloudHv/CloudHvX64.dsc';
const CLOUDHV_PROBE_NULL = dsc({
  name: 'CloudHvX64',
  body: [
    BASE_LIBRARIES.replace(
      'CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf',
      'CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf',
    ),
    '  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf',
    '[Components]',
    '  OvmfPkg/Sec/SecMain.inf',
    '  OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
    '  OvmfPkg/PlainDxe/PlainDxe.inf',
  ].join('\n'),
});

const SEV_OVERRIDE_NULL = dsc({
  name: 'Ovmf',
  body: [
    BASE_LIBRARIES,
    '[Components]',
    '  OvmfPkg/AmdSevDxe/AmdSevDxe.inf {',
    '    <LibraryClasses>',
    '      MemEncryptSevLib|OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf',
    '  }',
  ].join('\n'),
});

/** A TdxLib instance that builds only a Null file for X64: Null in effect, whatever its name. */
const TDX_STUB_INF = 'MdePkg/Library/TdxLibStub/TdxLibStub.inf';
const TDX_STUB = dsc({
  name: 'Ovmf',
  body: [
    BASE_LIBRARIES.replace('TdxLib|MdePkg/Library/TdxLib/TdxLib.inf', `TdxLib|${TDX_STUB_INF}`),
    '[Components]',
    '  OvmfPkg/TdxDxe/TdxDxe.inf',
  ].join('\n'),
});

const TDX_SWITCH_OFF = dsc({
  name: 'Ovmf',
  defines: ['TDX_ENABLE = FALSE'],
  body: [
    BASE_LIBRARIES,
    '[Components]',
    '  OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
    '!if $(TDX_ENABLE) == TRUE',
    '  OvmfPkg/TdxDxe/TdxDxe.inf',
    '!endif',
  ].join('\n'),
});

/** A sibling that shows SEV (a real AmdSvsmLib: SVSM) but builds AmdSevDxe only on request. */
const BHYVE = 'OvmfPkg/Bhyve/BhyveX64.dsc';
const BHYVE_SEV_SWITCH = dsc({
  name: 'BhyveX64',
  body: [
    BASE_LIBRARIES,
    '  AmdSvsmLib|OvmfPkg/Library/AmdSvsmLib/AmdSvsmLib.inf',
    '[Components]',
    '  OvmfPkg/SvsmDxe/SvsmDxe.inf',
    '!ifdef $(SEV_ENABLE)',
    '  OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
    '!endif',
  ].join('\n'),
});
const SVSM_DXE = inf({
  name: 'SvsmDxe',
  packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
  uses: ['AmdSvsmLib'],
});

const SMM_DRIVER = inf({
  name: 'VariableSmm',
  type: 'DXE_SMM_DRIVER',
  packages: ['MdePkg/MdePkg.dec', 'UefiCpuPkg/UefiCpuPkg.dec'],
  uses: ['CcExitLib'],
});

ruleCases(oneImage, {
  valid: [
    {
      name: 'every CC class of a SEV-ES and TDX image has its real instance; DebugLib is Null, but no CC mode needs it',
      files: {
        ...BASE_TREE,
        [COMMON]: dsc({
          name: 'Ovmf',
          body: [
            BASE_LIBRARIES,
            '  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf',
            '[Components]',
            '  OvmfPkg/Sec/SecMain.inf',
            '  OvmfPkg/PlatformPei/PlatformPei.inf',
            '  OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
            '  OvmfPkg/TdxDxe/TdxDxe.inf',
          ].join('\n'),
        }),
      },
    },
    {
      name: 'a platform that shows no CC mode (no CC driver, no CC-only real instance) may map Null instances: support is never assumed',
      files: {
        ...BASE_TREE,
        'OvmfPkg/OvmfXen.dsc': dsc({
          name: 'OvmfXen',
          body: [
            BASE_LIBRARIES.replace(
              'CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf',
              'CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf',
            ),
            '  CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf',
            '[Components]',
            '  OvmfPkg/PlatformPei/PlatformPei.inf',
            '  OvmfPkg/PlainDxe/PlainDxe.inf',
          ].join('\n'),
        }),
      },
    },
    {
      name: 'plain SEV only (AmdSevDxe, but no real CcExitLib anywhere, as with IA32 PEI): CcExitLibNull and CcProbeLibNull are right',
      files: {
        ...BASE_TREE,
        'OvmfPkg/OvmfPkgIa32X64.dsc': dsc({
          name: 'OvmfIa32X64',
          body: [
            BASE_LIBRARIES.replace(
              'CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf',
              'CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf',
            ),
            '  CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf',
            '[Components]',
            '  OvmfPkg/PlatformPei/PlatformPei.inf',
            '  OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
          ].join('\n'),
        }),
      },
    },
    {
      name: 'SMM drivers never run in a CC guest: their CcExitLibNull override is fine in a SEV-ES image',
      files: {
        ...BASE_TREE,
        'OvmfPkg/VariableSmm/VariableSmm.inf': SMM_DRIVER,
        [COMMON]: dsc({
          name: 'Ovmf',
          body: [
            BASE_LIBRARIES,
            '  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf',
            '[Components]',
            '  OvmfPkg/Sec/SecMain.inf',
            '  OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
            '  OvmfPkg/VariableSmm/VariableSmm.inf {',
            '    <LibraryClasses>',
            '      CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf',
            '  }',
          ].join('\n'),
        }),
      },
    },
    {
      name: 'modules only in NCCFV, which CC guests never load, or in no firmware volume at all, may link Null instances',
      files: {
        ...BASE_TREE,
        'OvmfPkg/Legacy/LegacyDxe.inf': inf({ name: 'LegacyDxe', uses: ['CcProbeLib'] }),
        'OvmfPkg/OvmfPkgX64.fdf': fdf({
          DXEFV: ['OvmfPkg/TdxDxe/TdxDxe.inf'],
          NCCFV: ['OvmfPkg/PlainDxe/PlainDxe.inf'],
        }),
        [COMMON]: dsc({
          name: 'Ovmf',
          fdf: 'OvmfPkg/OvmfPkgX64.fdf',
          body: [
            BASE_LIBRARIES,
            '[Components]',
            '  OvmfPkg/TdxDxe/TdxDxe.inf',
            '  OvmfPkg/PlainDxe/PlainDxe.inf {',
            '    <LibraryClasses>',
            '      CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf',
            '  }',
            '  OvmfPkg/Legacy/LegacyDxe.inf {',
            '    <LibraryClasses>',
            '      CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf',
            '  }',
          ].join('\n'),
        }),
      },
    },
    {
      name: 'the default defines are judged: a Null mapping that only -D SMM_REQUIRE=TRUE selects is not the default image',
      defines: { SMM_REQUIRE: 'TRUE' },
      files: {
        ...BASE_TREE,
        [COMMON]: dsc({
          name: 'Ovmf',
          defines: ['SMM_REQUIRE = FALSE'],
          body: [
            BASE_LIBRARIES,
            '[LibraryClasses.common.DXE_DRIVER]',
            '!if $(SMM_REQUIRE) == FALSE',
            '  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf',
            '!else',
            '  CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf',
            '!endif',
            '[Components]',
            '  OvmfPkg/TdxDxe/TdxDxe.inf',
          ].join('\n'),
        }),
      },
    },
    {
      name: 'CC-specific platforms are left to platform/null-cc-instance',
      files: { ...BASE_TREE, 'OvmfPkg/AmdSev/AmdSevX64.dsc': SEV_OVERRIDE_NULL },
    },
    {
      name: "an IA32 build: TdxLib's IA32 Null files and the TDX driver, but TDX does not run in IA32",
      files: {
        ...BASE_TREE,
        'OvmfPkg/OvmfPkgIa32.dsc': dsc({
          name: 'OvmfIa32',
          archs: 'IA32',
          body: [BASE_LIBRARIES, '[Components]', '  OvmfPkg/TdxDxe/TdxDxe.inf'].join('\n'),
        }),
      },
    },
    {
      name: 'a basic module inside a default-off branch that the platform also builds unconditionally is not left out',
      files: {
        ...BASE_TREE,
        [COMMON]: dsc({
          name: 'Ovmf',
          defines: ['TDX_ENABLE = FALSE'],
          body: [
            BASE_LIBRARIES,
            '[Components]',
            '  OvmfPkg/TdxDxe/TdxDxe.inf',
            '!if $(TDX_ENABLE) == TRUE',
            '  OvmfPkg/TdxDxe/TdxDxe.inf',
            '!endif',
          ].join('\n'),
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'CcExitLib to its Null instance for PEIMs, while SEC handles #VC (SEV-ES) and TdxDxe is built: one finding on the mapping line, for both modes',
      files: { ...BASE_TREE, [COMMON]: PEIM_EXIT_NULL },
      findings: [
        {
          path: COMMON,
          line: lineOf(PEIM_EXIT_NULL, 'CcExitLibNull'),
          cc: 'cc',
          message:
            'maps CcExitLib to the Null instance CcExitLibNull for 1 PEIM module that runs in SEV-ES and TDX guests (PlatformPei)',
        },
      ],
    },
    {
      name: 'the bug edk2 fixed in 8b87eb9dfb: a sibling that runs SEV-ES guests maps CcProbeLib to CcProbeLibNull',
      files: { ...BASE_TREE, [CLOUDHV]: CLOUDHV_PROBE_NULL },
      findings: [
        {
          path: CLOUDHV,
          line: lineOf(CLOUDHV_PROBE_NULL, 'CcProbeLibNull'),
          cc: 'sev',
          message:
            'CloudHvX64 maps CcProbeLib to the Null instance CcProbeLibNull for 2 DXE_DRIVER modules that run in SEV-ES guests',
        },
      ],
    },
    {
      name: 'a component-scoped override gives the SEV driver MemEncryptSevLibNull',
      files: { ...BASE_TREE, [COMMON]: SEV_OVERRIDE_NULL },
      findings: [
        {
          path: COMMON,
          line: lineOf(SEV_OVERRIDE_NULL, 'MemEncryptSevLibNull'),
          cc: 'sev',
          message:
            'maps MemEncryptSevLib to the Null instance MemEncryptSevLibNull for 1 DXE_DRIVER module that runs in SEV guests (AmdSevDxe)',
        },
      ],
    },
    {
      name: 'TdxLib mapped for X64 to an instance that builds only a Null source for X64',
      files: {
        ...BASE_TREE,
        [TDX_STUB_INF]: inf({ name: 'TdxLibStub', libraryClass: 'TdxLib', sources: ['X64:TdxLibNull.c'] }),
        [COMMON]: TDX_STUB,
      },
      findings: [
        {
          path: COMMON,
          line: lineOf(TDX_STUB, TDX_STUB_INF),
          cc: 'tdx',
          message: 'maps TdxLib to the Null instance TdxLibStub',
        },
      ],
    },
    {
      name: 'the common platform offers TDX only behind a switch that is off by default: the basic TdxDxe is left out',
      files: { ...BASE_TREE, [COMMON]: TDX_SWITCH_OFF },
      findings: [
        {
          path: COMMON,
          line: lineOf(TDX_SWITCH_OFF, 'TdxDxe.inf'),
          cc: 'tdx',
          message:
            'leaves the basic TDX module TdxDxe out under its default defines: it is listed only inside `!if $(TDX_ENABLE) == TRUE` (TDX_ENABLE = FALSE)',
        },
      ],
    },
    {
      name: 'a sibling that runs SEV guests (a real AmdSvsmLib) builds the basic AmdSevDxe only when SEV_ENABLE is defined',
      files: { ...BASE_TREE, 'OvmfPkg/SvsmDxe/SvsmDxe.inf': SVSM_DXE, [BHYVE]: BHYVE_SEV_SWITCH },
      findings: [
        {
          path: BHYVE,
          line: lineOf(BHYVE_SEV_SWITCH, 'AmdSevDxe.inf'),
          cc: 'sev',
          message:
            'BhyveX64 leaves the basic SEV module AmdSevDxe out under its default defines: it is listed only inside `!ifdef $(SEV_ENABLE)` (SEV_ENABLE = undefined)',
        },
      ],
    },
  ],
});

import { nullCcInstance } from '../../../src/rules/platform/null-cc-instance.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { CC_MODULES, dsc, fdf, inf, PACKAGES, platform } from './cc-platform-fixture.js';

const AMDSEV_DSC = 'OvmfPkg/AmdSev/AmdSevX64.dsc';
const AMDSEV_FDF = 'OvmfPkg/AmdSev/AmdSevX64.fdf';
const TDX_DSC = 'OvmfPkg/IntelTdx/IntelTdxX64.dsc';
const TDX_FDF = 'OvmfPkg/IntelTdx/IntelTdxX64.fdf';
const COMMON_DSC = 'OvmfPkg/OvmfPkgX64.dsc';
const COMMON_FDF = 'OvmfPkg/OvmfPkgX64.fdf';
const SIBLING_DSC = 'OvmfPkg/OvmfPkgIa32X64.dsc';
const SIBLING_FDF = 'OvmfPkg/OvmfPkgIa32X64.fdf';

const RESET_VECTOR = 'OvmfPkg/ResetVector/ResetVector.inf';
const fvs = (dxe: string[], extra: Record<string, string[]> = {}) => ({
  SECFV: [`RuleOverride=RESET_VECTOR ${RESET_VECTOR}`],
  DXEFV: dxe,
  ...extra,
});

const base = { ...PACKAGES, ...CC_MODULES };

/** The common platform: SEV and TDX drivers, real instances everywhere. */
const common = platform(
  COMMON_DSC,
  COMMON_FDF,
  `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf

[Components]
  ${RESET_VECTOR}
  OvmfPkg/AmdSevDxe/AmdSevDxe.inf
  OvmfPkg/TdxDxe/TdxDxe.inf
  OvmfPkg/IoMmuDxe/IoMmuDxe.inf`,
  fvs(['OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/TdxDxe/TdxDxe.inf', 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf']),
);

/** The SEV platform with the IoMmuDxe override given. */
function amdSev(ioMmuOverride: string, more = ''): Record<string, string> {
  return platform(
    AMDSEV_DSC,
    AMDSEV_FDF,
    `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf
${more}
[Components]
  ${RESET_VECTOR}
  OvmfPkg/AmdSevDxe/AmdSevDxe.inf
  OvmfPkg/IoMmuDxe/IoMmuDxe.inf {
    <LibraryClasses>
      ${ioMmuOverride}
  }`,
    fvs(['OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf']),
  );
}

const smmDriver = inf('OvmfPkg/SmmDriver/SmmDriver.inf', {
  type: 'DXE_SMM_DRIVER',
  libraries: ['CcExitLib'],
});

/**
 * A sibling built as one image from two arches, as OvmfPkgIa32X64 is: PEI for IA32, DXE for X64.
 * Only the X64 half shows that the image boots SEV guests (AmdSevDxe); the IA32 half runs in them
 * too (plain SEV), with the MemEncryptSevLib instance `ia32Instance`.
 */
function twoArchSibling(ia32Instance: string): Record<string, string> {
  const path = 'OvmfPkg/OvmfPkgIa32X64Sev.dsc';
  return {
    // A common PEIM (no CC in its name) that asks MemEncryptSevLib: no evidence of SEV on its own.
    ...inf('OvmfPkg/MemoryPeim/MemoryPeim.inf', {
      type: 'PEIM',
      libraries: ['MemEncryptSevLib'],
      sources: {
        'MemoryPeim.c':
          'VOID MemoryPeimEntry (VOID) {\n  InitMtrrs ();\n  PublishMemory ();\n  if (MemEncryptSevIsEnabled ()) {\n    SevFixup ();\n  }\n}\n',
      },
    }),
    [path]: dsc({
      name: 'OvmfPkgIa32X64Sev',
      fdf: 'OvmfPkg/OvmfPkgIa32X64Sev.fdf',
      arch: 'IA32|X64',
      body: `[LibraryClasses.IA32]
  MemEncryptSevLib|${ia32Instance}
[LibraryClasses.X64]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf
[Components.IA32]
  ${RESET_VECTOR}
  OvmfPkg/MemoryPeim/MemoryPeim.inf
[Components.X64]
  OvmfPkg/AmdSevDxe/AmdSevDxe.inf`,
    }),
    'OvmfPkg/OvmfPkgIa32X64Sev.fdf': fdf(
      fvs(['OvmfPkg/AmdSevDxe/AmdSevDxe.inf'], { PEIFV: ['OvmfPkg/MemoryPeim/MemoryPeim.inf'] }),
    ),
    'ccguard.config.json': JSON.stringify({ platforms: { siblings: [path] } }),
  };
}

ruleCases(nullCcInstance, {
  valid: [
    {
      name: 'a two-arch image whose IA32 PEI links the real MemEncryptSevLib',
      files: {
        ...base,
        ...common,
        ...twoArchSibling('OvmfPkg/Library/BaseMemEncryptSevLib/SecMemEncryptSevLib.inf'),
      },
    },
    {
      name: 'the SEV platform links the real MemEncryptSevLib into IoMmuDxe',
      files: {
        ...base,
        ...common,
        ...amdSev('MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf'),
      },
    },
    {
      name: 'a sibling that supports no CC (no CC driver in its image) may map Null instances',
      files: {
        ...base,
        ...common,
        ...platform(
          'OvmfPkg/Microvm/MicrovmX64.dsc',
          'OvmfPkg/Microvm/MicrovmX64.fdf',
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf
  CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf
[Components]
  ${RESET_VECTOR}
  OvmfPkg/IoMmuDxe/IoMmuDxe.inf`,
          fvs(['OvmfPkg/IoMmuDxe/IoMmuDxe.inf']),
        ),
      },
    },
    {
      name: 'CcExitLibNull in an SMM driver of the SEV platform: SEV-ES guests have no SMM',
      files: {
        ...base,
        ...common,
        ...smmDriver,
        ...platform(
          AMDSEV_DSC,
          AMDSEV_FDF,
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf
[LibraryClasses.common.DXE_SMM_DRIVER]
  CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf
[Components]
  ${RESET_VECTOR}
  OvmfPkg/AmdSevDxe/AmdSevDxe.inf
  OvmfPkg/SmmDriver/SmmDriver.inf`,
          fvs(['OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/SmmDriver/SmmDriver.inf']),
        ),
      },
    },
    {
      name: 'a module only in NCCFV never runs in a TD, so its Null CcProbeLib is fine',
      files: {
        ...base,
        ...common,
        ...platform(
          TDX_DSC,
          TDX_FDF,
          `[LibraryClasses]
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf
[Components]
  ${RESET_VECTOR}
  OvmfPkg/TdxDxe/TdxDxe.inf {
    <LibraryClasses>
      CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf
  }`,
          fvs([], { NCCFV: ['OvmfPkg/TdxDxe/TdxDxe.inf'] }),
        ),
      },
    },
    {
      name: "the common platform under default defines is platform/one-image's",
      files: {
        ...base,
        ...platform(
          COMMON_DSC,
          COMMON_FDF,
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf
[Components]
  ${RESET_VECTOR}
  OvmfPkg/AmdSevDxe/AmdSevDxe.inf
  OvmfPkg/IoMmuDxe/IoMmuDxe.inf`,
          fvs(['OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf']),
        ),
      },
    },
    {
      name: 'a sibling with plain SEV only (no real CcExitLib anywhere) may map CcExitLibNull',
      files: {
        ...base,
        ...common,
        ...platform(
          SIBLING_DSC,
          SIBLING_FDF,
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf
  CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf
[Components]
  ${RESET_VECTOR}
  OvmfPkg/AmdSevDxe/AmdSevDxe.inf`,
          fvs(['OvmfPkg/AmdSevDxe/AmdSevDxe.inf']),
        ),
      },
    },
    {
      name: 'CcProbeLibNull on the SEV platform when every caller asks only "is this a TD?"',
      files: {
        ...base,
        ...common,
        ...amdSev('CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf'),
        ...inf('OvmfPkg/IoMmuDxe/IoMmuDxe.inf', {
          type: 'DXE_DRIVER',
          libraries: ['MemEncryptSevLib', 'CcProbeLib'],
          sources: {
            'IoMmuDxe.c': 'VOID Map (VOID) { if (CcProbe () == CcGuestTypeIntelTdx) { return; } }\n',
          },
        }),
      },
    },
    {
      name: 'a sibling that boots through its own reset vector does not run the CC start-up',
      files: {
        ...base,
        ...common,
        ...inf('OvmfPkg/XenResetVector/XenResetVector.inf', {
          type: 'USER_DEFINED',
          sources: { 'Xen.nasmb': 'BITS 32\n' },
        }),
        ...platform(
          'OvmfPkg/OvmfXen.dsc',
          'OvmfPkg/OvmfXen.fdf',
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf
  CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf
  CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf
[Components]
  OvmfPkg/XenResetVector/XenResetVector.inf
  OvmfPkg/AmdSevDxe/AmdSevDxe.inf
  OvmfPkg/IoMmuDxe/IoMmuDxe.inf`,
          {
            SECFV: ['RuleOverride=RESET_VECTOR OvmfPkg/XenResetVector/XenResetVector.inf'],
            DXEFV: ['OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf'],
          },
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a two-arch image: the X64 half shows SEV support, so the IA32 PEI half is judged in plain SEV too',
      files: {
        ...base,
        ...common,
        ...twoArchSibling('OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf'),
      },
      findings: [
        {
          path: 'OvmfPkg/OvmfPkgIa32X64Sev.dsc',
          line: 16,
          cc: 'sev',
          message:
            'OvmfPkgIa32X64Sev supports SEV but resolves MemEncryptSevLib to MemEncryptSevLibNull for 1 module',
        },
      ],
    },
    {
      name: 'the SEV platform overrides MemEncryptSevLib with its Null instance for IoMmuDxe',
      files: {
        ...base,
        ...common,
        ...amdSev('MemEncryptSevLib|OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf'),
      },
      findings: [
        {
          path: AMDSEV_DSC,
          line: 25,
          cc: 'sev',
          message:
            'resolves MemEncryptSevLib to MemEncryptSevLibNull for 1 module that runs in that mode: OvmfPkg/IoMmuDxe/IoMmuDxe.inf',
        },
      ],
    },
    {
      name: 'a Null CcExitLib reached through a library of the closure, for every DXE driver of the SEV platform',
      files: {
        ...base,
        ...common,
        ...amdSev(
          'MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf',
          '[LibraryClasses.common.DXE_DRIVER]\n  CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf\n',
        ),
        ...inf('OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf', {
          type: 'BASE',
          libraryClass: 'MemEncryptSevLib|DXE_DRIVER',
          libraries: ['CcExitLib'],
          sources: { 'DxeMemEncryptSevLib.c': 'BOOLEAN MemEncryptSevIsEnabled (VOID) { return TRUE; }\n' },
        }),
      },
      findings: [
        {
          path: AMDSEV_DSC,
          line: 20,
          cc: 'sev',
          message:
            'AmdSevX64 supports SEV-ES but resolves CcExitLib to CcExitLibNull for 2 modules that run in that mode: OvmfPkg/AmdSevDxe/AmdSevDxe.inf, OvmfPkg/IoMmuDxe/IoMmuDxe.inf',
        },
      ],
    },
    {
      name: 'a sibling that builds AmdSevDxe and boots the common reset vector maps CcProbeLibNull for a caller that asks "any CC?"',
      files: {
        ...base,
        ...common,
        ...platform(
          SIBLING_DSC,
          SIBLING_FDF,
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf
  CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf
  CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf
[Components]
  ${RESET_VECTOR}
  OvmfPkg/AmdSevDxe/AmdSevDxe.inf
  OvmfPkg/IoMmuDxe/IoMmuDxe.inf`,
          fvs(['OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf']),
        ),
      },
      findings: [
        {
          path: SIBLING_DSC,
          line: 17,
          cc: 'sev',
          message: 'OvmfPkgIa32X64 supports SEV but resolves CcProbeLib to CcProbeLibNull for 1 module',
        },
      ],
    },
    {
      name: 'the TDX platform gives TdxDxe (in DXEFV) the Null probe',
      files: {
        ...base,
        ...common,
        ...platform(
          TDX_DSC,
          TDX_FDF,
          `[LibraryClasses]
  CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf
[Components]
  ${RESET_VECTOR}
  OvmfPkg/TdxDxe/TdxDxe.inf`,
          fvs(['OvmfPkg/TdxDxe/TdxDxe.inf']),
        ),
      },
      findings: [
        {
          path: TDX_DSC,
          line: 16,
          cc: 'tdx',
          message: 'IntelTdxX64 supports TDX but resolves CcProbeLib to CcProbeLibNull',
        },
      ],
    },
    {
      name: "with platform/one-image off, the common platform's own Null instances are reported here",
      files: {
        ...base,
        'ccguard.config.json': JSON.stringify({ rules: { 'platform/one-image': 'off' } }),
        ...platform(
          COMMON_DSC,
          COMMON_FDF,
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf
[Components]
  ${RESET_VECTOR}
  OvmfPkg/AmdSevDxe/AmdSevDxe.inf
  OvmfPkg/IoMmuDxe/IoMmuDxe.inf`,
          fvs(['OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf']),
        ),
      },
      findings: [
        {
          path: COMMON_DSC,
          line: 16,
          cc: 'sev',
          message:
            'OvmfPkgX64 supports SEV but resolves MemEncryptSevLib to MemEncryptSevLibNull for 2 modules',
        },
      ],
    },
    {
      name: 'on the common platform, a Null instance that a -D define selects',
      defines: { SMM_REQUIRE: 'TRUE' },
      files: {
        ...base,
        ...platform(
          COMMON_DSC,
          COMMON_FDF,
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf
!if $(SMM_REQUIRE) == FALSE
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf
!else
  CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf
!endif
[Components]
  ${RESET_VECTOR}
  OvmfPkg/AmdSevDxe/AmdSevDxe.inf
  OvmfPkg/TdxDxe/TdxDxe.inf
  OvmfPkg/IoMmuDxe/IoMmuDxe.inf`,
          fvs([
            'OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
            'OvmfPkg/TdxDxe/TdxDxe.inf',
            'OvmfPkg/IoMmuDxe/IoMmuDxe.inf',
          ]),
          { defines: '  DEFINE SMM_REQUIRE = FALSE' },
        ),
      },
      findings: [
        {
          path: COMMON_DSC,
          line: 22,
          cc: 'cc',
          message:
            'OvmfPkgX64 supports SEV/TDX but resolves CcProbeLib to CcProbeLibNull for 2 modules that run in that mode: OvmfPkg/IoMmuDxe/IoMmuDxe.inf, OvmfPkg/TdxDxe/TdxDxe.inf',
        },
      ],
    },
  ],
});

import { ccLibraryPhase } from '../../../src/rules/platform/cc-library-phase.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { CC_MODULES, inf, PACKAGES, platform } from './cc-platform-fixture.js';

const COMMON_DSC = 'OvmfPkg/OvmfPkgX64.dsc';
const COMMON_FDF = 'OvmfPkg/OvmfPkgX64.fdf';
const AMDSEV_DSC = 'OvmfPkg/AmdSev/AmdSevX64.dsc';
const AMDSEV_FDF = 'OvmfPkg/AmdSev/AmdSevX64.fdf';

const secMain = inf('OvmfPkg/Sec/SecMain.inf', { type: 'SEC', libraries: ['MemEncryptSevLib'] });
const smmDriver = inf('OvmfPkg/SmmDriver/SmmDriver.inf', {
  type: 'DXE_SMM_DRIVER',
  libraries: ['CcExitLib', 'CcProbeLib'],
});
const runtimeDriver = inf('OvmfPkg/RuntimeDriver/RuntimeDriver.inf', {
  type: 'DXE_RUNTIME_DRIVER',
  libraries: ['MemEncryptSevLib'],
});
const base = { ...PACKAGES, ...CC_MODULES, ...secMain, ...smmDriver, ...runtimeDriver };

/** The common platform with these library sections and components. */
function common(libraries: string, components: string[]): Record<string, string> {
  return platform(
    COMMON_DSC,
    COMMON_FDF,
    `${libraries}\n[Components]\n${components.map((c) => `  ${c}`).join('\n')}`,
    {
      DXEFV: components,
    },
  );
}

ruleCases(ccLibraryPhase, {
  valid: [
    {
      name: 'SEC-only and DXE instances each mapped for their own module types',
      files: {
        ...base,
        ...common(
          `[LibraryClasses.common.SEC]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/SecMemEncryptSevLib.inf
[LibraryClasses.common.DXE_DRIVER]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf`,
          ['OvmfPkg/Sec/SecMain.inf', 'OvmfPkg/AmdSevDxe/AmdSevDxe.inf'],
        ),
      },
    },
    {
      name: 'the Null #VC/#VE handler and the Null probe in an SMM driver',
      files: {
        ...base,
        ...common(
          `[LibraryClasses]
  CcExitLib|UefiCpuPkg/Library/CcExitLibNull/CcExitLibNull.inf
  CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf`,
          ['OvmfPkg/SmmDriver/SmmDriver.inf'],
        ),
      },
    },
    {
      name: 'a USER_DEFINED module may link any instance (BaseTools does not check it)',
      files: {
        ...base,
        ...inf('OvmfPkg/Tool/Tool.inf', { type: 'USER_DEFINED', libraries: ['MemEncryptSevLib'] }),
        ...common(
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/SecMemEncryptSevLib.inf`,
          ['OvmfPkg/Tool/Tool.inf'],
        ),
      },
    },
    {
      name: 'a non-CC instance with the wrong module type is left to diagnostic CCG031',
      files: {
        ...base,
        ...inf('MdePkg/Library/SecTimerLib/SecTimerLib.inf', { type: 'BASE', libraryClass: 'TimerLib|SEC' }),
        ...inf('OvmfPkg/Plain/Plain.inf', { type: 'DXE_DRIVER', libraries: ['TimerLib'] }),
        ...common(
          `[LibraryClasses]
  TimerLib|MdePkg/Library/SecTimerLib/SecTimerLib.inf`,
          ['OvmfPkg/Plain/Plain.inf'],
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a SEC-only MemEncryptSevLib instance reaches a DXE driver through a global mapping',
      files: {
        ...base,
        ...common(
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/SecMemEncryptSevLib.inf
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf`,
          ['OvmfPkg/Sec/SecMain.inf', 'OvmfPkg/AmdSevDxe/AmdSevDxe.inf'],
        ),
      },
      findings: [
        {
          path: COMMON_DSC,
          line: 16,
          cc: 'sev',
          message:
            'SecMemEncryptSevLib (LIBRARY_CLASS MemEncryptSevLib|SEC) is linked into DXE_DRIVER OvmfPkg/AmdSevDxe/AmdSevDxe.inf in OvmfPkgX64, a module type it does not support',
        },
      ],
    },
    {
      name: 'the real #VC/#VE handler and the real probe in an SMM driver',
      files: {
        ...base,
        ...common(
          `[LibraryClasses]
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf`,
          ['OvmfPkg/SmmDriver/SmmDriver.inf'],
        ),
      },
      findings: [
        {
          path: COMMON_DSC,
          line: 16,
          cc: 'cc',
          message:
            'CcExitLib (CcExitLib) is linked into DXE_SMM_DRIVER OvmfPkg/SmmDriver/SmmDriver.inf in OvmfPkgX64, a phase it must not run in',
        },
        {
          path: COMMON_DSC,
          line: 17,
          cc: 'cc',
          message: 'DxeCcProbeLib (CcProbeLib) is linked into DXE_SMM_DRIVER',
        },
      ],
    },
    {
      name: 'one mapping line in a shared include reaches two platforms: one finding',
      files: {
        ...base,
        'OvmfPkg/Include/Dsc/CcLibs.dsc.inc':
          '[LibraryClasses.common.SEC, LibraryClasses.common.DXE_DRIVER]\n  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/SecMemEncryptSevLib.inf\n',
        ...platform(
          COMMON_DSC,
          COMMON_FDF,
          '!include OvmfPkg/Include/Dsc/CcLibs.dsc.inc\n[Components]\n  OvmfPkg/IoMmuDxe/IoMmuDxe.inf',
          { DXEFV: ['OvmfPkg/IoMmuDxe/IoMmuDxe.inf'] },
        ),
        ...platform(
          AMDSEV_DSC,
          AMDSEV_FDF,
          '!include OvmfPkg/Include/Dsc/CcLibs.dsc.inc\n[Components]\n  OvmfPkg/IoMmuDxe/IoMmuDxe.inf',
          { DXEFV: ['OvmfPkg/IoMmuDxe/IoMmuDxe.inf'] },
        ),
      },
      findings: [
        {
          path: 'OvmfPkg/Include/Dsc/CcLibs.dsc.inc',
          line: 2,
          cc: 'sev',
          message: 'in 2 platforms (AmdSevX64, OvmfPkgX64), a module type it does not support',
        },
      ],
    },
    {
      name: 'a phase the config forbids: MemEncryptSevLib in runtime drivers',
      files: {
        ...base,
        'ccguard.config.json': JSON.stringify({
          rules: {
            'platform/cc-library-phase': {
              options: {
                forbidden: [
                  {
                    classes: ['MemEncryptSevLib'],
                    moduleTypes: ['DXE_RUNTIME_DRIVER'],
                    reason: 'runs after ExitBootServices',
                  },
                ],
              },
            },
          },
        }),
        ...common(
          `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf`,
          ['OvmfPkg/RuntimeDriver/RuntimeDriver.inf'],
        ),
      },
      findings: [
        {
          path: COMMON_DSC,
          line: 16,
          cc: 'sev',
          message:
            'DxeMemEncryptSevLib (MemEncryptSevLib) is linked into DXE_RUNTIME_DRIVER OvmfPkg/RuntimeDriver/RuntimeDriver.inf',
        },
      ],
    },
  ],
});

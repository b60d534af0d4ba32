import { fvAvailability } from '../../../src/rules/platform/fv-availability.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { CC_MODULES, inf, PACKAGES, platform } from './cc-platform-fixture.js';

const TDX_DSC = 'OvmfPkg/IntelTdx/IntelTdxX64.dsc';
const TDX_FDF = 'OvmfPkg/IntelTdx/IntelTdxX64.fdf';
const RESET_VECTOR = 'OvmfPkg/ResetVector/ResetVector.inf';
const TDX_DXE = 'OvmfPkg/TdxDxe/TdxDxe.inf';
const ATTEST = 'OvmfPkg/IntelTdx/TdAttest/TdAttest.inf';
const HELPER = 'OvmfPkg/IntelTdx/TdHelperDxe/TdHelperDxe.inf';
const SHELL = 'ShellPkg/Shell/Shell.inf';
const HELPER_GUID = '12345678-AAAA-BBBB-CCCC-DDDDEEEEFFFF';

/** The helper's FILE_GUID as the C-array value of a VOID* PCD. */
const HELPER_GUID_BYTES =
  '{0x78, 0x56, 0x34, 0x12, 0xAA, 0xAA, 0xBB, 0xBB, 0xCC, 0xCC, 0xDD, 0xDD, 0xEE, 0xEE, 0xFF, 0xFF}';

const packages = {
  ...PACKAGES,
  'OvmfPkg/OvmfPkg.dec': `${PACKAGES['OvmfPkg/OvmfPkg.dec']}[PcdsFixedAtBuild]
  gUefiOvmfPkgTokenSpaceGuid.PcdTdHelperFile|{0x00}|VOID*|0x60
  gUefiOvmfPkgTokenSpaceGuid.PcdShellFile|{0x00}|VOID*|0x61
  gUefiOvmfPkgTokenSpaceGuid.PcdBootManagerMenuFile|{0x00}|VOID*|0x62
[Guids]
  gTdHelperFileGuid = { 0x12345678, 0xaaaa, 0xbbbb, { 0xcc, 0xcc, 0xdd, 0xdd, 0xee, 0xee, 0xff, 0xff }}
`,
};

const modules = {
  ...CC_MODULES,
  ...inf(ATTEST, {
    type: 'DXE_DRIVER',
    depex: 'gEdkiiMemoryAcceptProtocolGuid',
    sources: { 'TdAttest.c': 'VOID TdAttestEntry (VOID) { TdCall (0); }\n' },
  }),
  ...inf(HELPER, {
    type: 'DXE_DRIVER',
    fileGuid: HELPER_GUID,
    sources: { 'TdHelperDxe.c': 'VOID H (VOID) { TdCall (1); }\n' },
  }),
  ...inf(SHELL, { type: 'UEFI_APPLICATION', fileGuid: HELPER_GUID.replace('12345678', '87654321') }),
};

/** The TDX platform with its modules placed in the given volumes. */
function tdx(placement: Record<string, string[]>, extraBody = ''): Record<string, string> {
  const all = [...new Set(Object.values(placement).flat())];
  return platform(
    TDX_DSC,
    TDX_FDF,
    `[LibraryClasses]
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf
${extraBody}
[Components]
  ${RESET_VECTOR}
${all.map((m) => `  ${m}`).join('\n')}`,
    { SECFV: [`RuleOverride=RESET_VECTOR ${RESET_VECTOR}`], ...placement },
  );
}

const base = { ...packages, ...modules };

ruleCases(fvAvailability, {
  valid: [
    {
      name: 'the producer and its dependant both in DXEFV',
      files: { ...base, ...tdx({ DXEFV: [TDX_DXE, ATTEST] }) },
    },
    {
      name: 'a module in NCCFV that nothing needs',
      files: { ...base, ...tdx({ DXEFV: [ATTEST, TDX_DXE], NCCFV: [SHELL] }) },
    },
    { name: 'the dependant is in NCCFV too', files: { ...base, ...tdx({ NCCFV: [TDX_DXE, ATTEST] }) } },
    {
      name: 'the producer is in DXEFV as well as in NCCFV',
      files: { ...base, ...tdx({ DXEFV: [TDX_DXE, ATTEST], NCCFV: [TDX_DXE] }) },
    },
    {
      name: 'a plain module names a plain application of NCCFV by PCD (a TD without a shell is by design)',
      files: {
        ...base,
        ...inf('MdeModulePkg/Bds/Bds.inf', {
          type: 'DXE_DRIVER',
          pcds: ['gUefiOvmfPkgTokenSpaceGuid.PcdShellFile'],
        }),
        ...tdx(
          { DXEFV: ['MdeModulePkg/Bds/Bds.inf'], NCCFV: [SHELL] },
          `[PcdsFixedAtBuild]\n  gUefiOvmfPkgTokenSpaceGuid.PcdShellFile|{0x21, 0x43, 0x65, 0x87, 0xAA, 0xAA, 0xBB, 0xBB, 0xCC, 0xCC, 0xDD, 0xDD, 0xEE, 0xEE, 0xFF, 0xFF}\n`,
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'TdxDxe only in NCCFV, which a TD never loads, while a DXEFV driver waits for its protocol',
      files: { ...base, ...tdx({ DXEFV: [ATTEST], NCCFV: [TDX_DXE] }) },
      findings: [
        {
          path: TDX_FDF,
          line: 27,
          cc: 'tdx',
          message:
            'TdxDxe lives only in NCCFV, which a TDX guest never loads, but TdAttest (DXEFV) depends on its gEdkiiMemoryAcceptProtocolGuid (depex)',
        },
      ],
    },
    {
      name: 'a TDX driver names a NCCFV module by its file GUID',
      files: {
        ...base,
        ...inf('OvmfPkg/IntelTdx/TdLoader/TdLoader.inf', {
          type: 'DXE_DRIVER',
          guids: ['gTdHelperFileGuid'],
          sources: { 'TdLoader.c': 'VOID L (VOID) { TdCall (2); }\n' },
        }),
        ...tdx({ DXEFV: ['OvmfPkg/IntelTdx/TdLoader/TdLoader.inf'], NCCFV: [HELPER] }),
      },
      findings: [
        {
          path: TDX_FDF,
          line: 27,
          cc: 'tdx',
          message: 'but TdLoader (DXEFV) refers to it by file GUID gTdHelperFileGuid',
        },
      ],
    },
    {
      name: 'a TDX driver names a NCCFV module through a PCD that holds its file GUID',
      files: {
        ...base,
        ...inf('OvmfPkg/IntelTdx/TdLoader/TdLoader.inf', {
          type: 'DXE_DRIVER',
          pcds: ['gUefiOvmfPkgTokenSpaceGuid.PcdTdHelperFile'],
          sources: { 'TdLoader.c': 'VOID L (VOID) { TdCall (2); }\n' },
        }),
        ...tdx(
          { DXEFV: ['OvmfPkg/IntelTdx/TdLoader/TdLoader.inf'], NCCFV: [HELPER] },
          `[PcdsFixedAtBuild]\n  gUefiOvmfPkgTokenSpaceGuid.PcdTdHelperFile|${HELPER_GUID_BYTES}\n`,
        ),
      },
      findings: [
        {
          path: TDX_FDF,
          line: 27,
          cc: 'tdx',
          message:
            'TdHelperDxe lives only in NCCFV, which a TDX guest never loads, but TdLoader (DXEFV) refers to it by PCD gUefiOvmfPkgTokenSpaceGuid.PcdTdHelperFile',
        },
      ],
    },
    {
      name: 'BDS names the boot manager menu of NCCFV by PcdBootManagerMenuFile: every guest needs it (f272dd7ea3)',
      files: {
        ...base,
        ...inf('MdeModulePkg/Bds/Bds.inf', {
          type: 'DXE_DRIVER',
          pcds: ['gUefiOvmfPkgTokenSpaceGuid.PcdBootManagerMenuFile'],
        }),
        ...tdx(
          { DXEFV: ['MdeModulePkg/Bds/Bds.inf'], NCCFV: [SHELL] },
          `[PcdsFixedAtBuild]\n  gUefiOvmfPkgTokenSpaceGuid.PcdBootManagerMenuFile|{0x21, 0x43, 0x65, 0x87, 0xAA, 0xAA, 0xBB, 0xBB, 0xCC, 0xCC, 0xDD, 0xDD, 0xEE, 0xEE, 0xFF, 0xFF}\n`,
        ),
        'ccguard.config.json': JSON.stringify({
          rules: {
            'platform/fv-availability': { options: { requiredFilePcds: ['PcdBootManagerMenuFile'] } },
          },
        }),
      },
      findings: [
        {
          path: TDX_FDF,
          line: 27,
          cc: 'tdx',
          message:
            'Shell lives only in NCCFV, which a TDX guest never loads, but Bds (DXEFV) refers to it by PCD',
        },
      ],
    },
    {
      name: 'a volume the config says SEV guests never load',
      files: {
        ...base,
        'ccguard.config.json': JSON.stringify({
          rules: { 'platform/fv-availability': { options: { unloadedFvs: { sev: ['PLAINFV'] } } } },
        }),
        ...inf('OvmfPkg/AmdSev/SevUser/SevUser.inf', {
          type: 'DXE_DRIVER',
          depex: 'gEdkiiMemoryAcceptProtocolGuid',
          sources: { 'SevUser.c': 'BOOLEAN U (VOID) { return MemEncryptSevIsEnabled (); }\n' },
        }),
        ...platform(
          'OvmfPkg/AmdSev/AmdSevX64.dsc',
          'OvmfPkg/AmdSev/AmdSevX64.fdf',
          `[LibraryClasses]
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf
[Components]
  ${RESET_VECTOR}
  OvmfPkg/AmdSev/SevUser/SevUser.inf
  ${TDX_DXE}`,
          {
            SECFV: [`RuleOverride=RESET_VECTOR ${RESET_VECTOR}`],
            DXEFV: ['OvmfPkg/AmdSev/SevUser/SevUser.inf'],
            PLAINFV: [TDX_DXE],
          },
        ),
      },
      findings: [
        {
          path: 'OvmfPkg/AmdSev/AmdSevX64.fdf',
          line: 27,
          cc: 'sev',
          message: 'TdxDxe lives only in PLAINFV, which a SEV guest never loads',
        },
      ],
    },
  ],
});

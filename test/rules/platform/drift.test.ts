import { drift } from '../../../src/rules/platform/drift.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { CC_MODULES, dsc, fdf, inf, PACKAGES, platform } from './cc-platform-fixture.js';

const COMMON_DSC = 'OvmfPkg/OvmfPkgX64.dsc';
const COMMON_FDF = 'OvmfPkg/OvmfPkgX64.fdf';
const AMDSEV_DSC = 'OvmfPkg/AmdSev/AmdSevX64.dsc';
const AMDSEV_FDF = 'OvmfPkg/AmdSev/AmdSevX64.fdf';
const TDX_DSC = 'OvmfPkg/IntelTdx/IntelTdxX64.dsc';
const TDX_FDF = 'OvmfPkg/IntelTdx/IntelTdxX64.fdf';
const RESET_VECTOR = 'OvmfPkg/ResetVector/ResetVector.inf';

const SEV_LIBS = `[LibraryClasses]
  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf
  CcExitLib|OvmfPkg/Library/CcExitLib/CcExitLib.inf
  CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf
`;
const SEV_MODULES = [RESET_VECTOR, 'OvmfPkg/AmdSevDxe/AmdSevDxe.inf'];
const WITH_PEI = [...SEV_MODULES, 'OvmfPkg/PlatformPei/PlatformPei.inf'];
const components = (list: readonly string[]): string =>
  `[Components]\n${list.map((c) => `  ${c}`).join('\n')}`;
const fvs = (list: readonly string[]) => ({
  SECFV: [`RuleOverride=RESET_VECTOR ${RESET_VECTOR}`],
  DXEFV: list.filter((m) => m !== RESET_VECTOR),
});

const WORK_AREA = `0x008000|0x001000
gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaBase|gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaSize
SET gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase = 0x808010`;

/** The reference: SEV set-up with the work area in its MEMFD. */
function reference(
  extraBody = '',
  modules: readonly string[] = SEV_MODULES,
  memfd = WORK_AREA,
): Record<string, string> {
  return platform(COMMON_DSC, COMMON_FDF, `${SEV_LIBS}${extraBody}\n${components(modules)}`, fvs(modules), {
    memfd,
  });
}

function amdSev(
  memfd: string,
  extraBody = '',
  modules: readonly string[] = SEV_MODULES,
): Record<string, string> {
  return platform(AMDSEV_DSC, AMDSEV_FDF, `${SEV_LIBS}${extraBody}\n${components(modules)}`, fvs(modules), {
    memfd,
  });
}

const base = { ...PACKAGES, ...CC_MODULES };

/** PlatformPei-like module that writes the CC attribute PCD. */
const attrWriter = inf('OvmfPkg/PlatformPei/PlatformPei.inf', {
  type: 'DXE_DRIVER',
  libraries: ['MemEncryptSevLib'],
  pcds: ['gEfiMdePkgTokenSpaceGuid.PcdConfidentialComputingGuestAttr'],
  sources: {
    'AmdSev.c':
      'VOID AmdSevInitialize (VOID) {\n  if (MemEncryptSevIsEnabled ()) {\n    PcdSet64S (PcdConfidentialComputingGuestAttr, 1);\n  }\n}\n',
  },
});

/** A TDX driver that waits for the memory-accept protocol TdxDxe produces. */
const tdxConsumer = inf('OvmfPkg/IntelTdx/TdAccept/TdAccept.inf', {
  type: 'DXE_DRIVER',
  depex: 'gEdkiiMemoryAcceptProtocolGuid',
  sources: { 'TdAccept.c': 'VOID TdAcceptEntry (VOID) { TdCall (0); }\n' },
});

/** A shared module with SEV code that reads a BOOLEAN switch of UefiCpuPkg (MpInitLib's shape). */
const MP_LIB = 'UefiCpuPkg/CpuMp/CpuMp.inf';
const mpReader = inf(MP_LIB, {
  type: 'DXE_DRIVER',
  libraries: ['MemEncryptSevLib'],
  pcds: ['gUefiCpuPkgTokenSpaceGuid.PcdCpuStackGuard'],
  sources: {
    'CpuMp.c':
      'VOID CpuMpEntry (VOID) {\n  if (MemEncryptSevIsEnabled ()) {\n    SevEsPark ();\n  }\n  WakeAps (PcdGetBool (PcdCpuStackGuard));\n}\n',
  },
});
const SWITCH = '[PcdsFixedAtBuild]\n  gUefiCpuPkgTokenSpaceGuid.PcdCpuStackGuard|TRUE\n';
const SWITCH_OFF = '[PcdsFixedAtBuild]\n  gUefiCpuPkgTokenSpaceGuid.PcdCpuStackGuard|FALSE\n';
const WITH_MP = [...SEV_MODULES, MP_LIB];

/** The reference, the SEV platform without the switch, and siblings with the given settings. */
function switchTree(siblingBodies: readonly string[]): Record<string, string> {
  const siblings = [
    ['OvmfPkg/OvmfPkgIa32X64.dsc', 'OvmfPkg/OvmfPkgIa32X64.fdf'],
    ['OvmfPkg/Microvm/MicrovmX64.dsc', 'OvmfPkg/Microvm/MicrovmX64.fdf'],
    ['OvmfPkg/CloudHv/CloudHvX64.dsc', 'OvmfPkg/CloudHv/CloudHvX64.fdf'],
  ] as const;
  const out: Record<string, string> = {
    ...base,
    ...mpReader,
    ...reference(SWITCH, WITH_MP),
    ...amdSev(WORK_AREA, '', WITH_MP),
  };
  siblingBodies.forEach((body, i) => {
    const [dsc, fdf] = siblings[i]!;
    Object.assign(
      out,
      platform(dsc, fdf, `${SEV_LIBS}${body}\n${components(WITH_MP)}`, fvs(WITH_MP), { memfd: WORK_AREA }),
    );
  });
  return out;
}

ruleCases(drift, {
  valid: [
    {
      name: 'a generic switch the SEV platform lacks, but a sibling sets it otherwise: no consensus',
      files: switchTree([SWITCH, SWITCH, SWITCH_OFF]),
    },
    {
      name: 'a generic switch only two siblings share with the reference: no consensus',
      files: switchTree([SWITCH, SWITCH, '']),
    },
    {
      name: 'the SEV platform sets the work-area PCDs the reference sets',
      files: { ...base, ...reference(), ...amdSev(WORK_AREA) },
    },
    {
      name: 'a sibling that supports no CC may leave the SEV work area unset',
      files: {
        ...base,
        ...reference(),
        ...platform(
          'OvmfPkg/Microvm/MicrovmX64.dsc',
          'OvmfPkg/Microvm/MicrovmX64.fdf',
          `${SEV_LIBS}\n${components([RESET_VECTOR, 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf'])}`,
          fvs([RESET_VECTOR, 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf']),
          {
            memfd:
              '0x008000|0x001000\ngUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaBase|gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaSize',
          },
        ),
      },
    },
    {
      name: 'a PCD the reference sets to its DEC default, or that no module of the platform reads',
      files: {
        ...base,
        ...reference(
          '[PcdsFixedAtBuild]\n  gUefiOvmfPkgTokenSpaceGuid.PcdOvmfSecGhcbBase|0x0\n  gUefiOvmfPkgTokenSpaceGuid.PcdOvmfVideoMode|0x5\n',
        ),
        ...amdSev(WORK_AREA),
      },
    },
    {
      name: 'a weak CC PCD (PcdOvmfSecGhcbBase, a region TDX reuses) that no module of its technology reads',
      files: {
        ...base,
        ...inf('OvmfPkg/PlatformPei/PlatformPei.inf', {
          type: 'PEIM',
          pcds: ['gUefiOvmfPkgTokenSpaceGuid.PcdOvmfSecGhcbBase'],
          sources: { 'Platform.c': 'VOID F (VOID) { mHob = PcdGet32 (PcdOvmfSecGhcbBase); }\n' },
        }),
        ...reference('', WITH_PEI),
        ...amdSev(
          WORK_AREA,
          '[PcdsFixedAtBuild]\n  gUefiOvmfPkgTokenSpaceGuid.PcdOvmfSecGhcbBase|0x809000\n',
          WITH_PEI,
        ),
        ...platform(
          'OvmfPkg/CloudHv/CloudHvX64.dsc',
          'OvmfPkg/CloudHv/CloudHvX64.fdf',
          `${SEV_LIBS}[PcdsFixedAtBuild]\n  gUefiOvmfPkgTokenSpaceGuid.PcdOvmfSecGhcbBase|0x809000\n\n${components(WITH_PEI)}`,
          fvs(WITH_PEI),
          { memfd: WORK_AREA },
        ),
        ...platform(
          'OvmfPkg/OvmfPkgIa32X64.dsc',
          'OvmfPkg/OvmfPkgIa32X64.fdf',
          `${SEV_LIBS}\n${components(WITH_PEI)}`,
          fvs(WITH_PEI),
          { memfd: WORK_AREA },
        ),
      },
    },
    {
      name: 'the dynamic PCD a shared module writes is declared dynamic in both',
      files: {
        ...base,
        ...attrWriter,
        ...reference(
          '[PcdsDynamicDefault]\n  gEfiMdePkgTokenSpaceGuid.PcdConfidentialComputingGuestAttr|0\n',
          [...SEV_MODULES, 'OvmfPkg/PlatformPei/PlatformPei.inf'],
        ),
        ...amdSev(
          WORK_AREA,
          '[PcdsDynamicDefault]\n  gEfiMdePkgTokenSpaceGuid.PcdConfidentialComputingGuestAttr|0\n',
          [...SEV_MODULES, 'OvmfPkg/PlatformPei/PlatformPei.inf'],
        ),
      },
    },
    {
      name: 'a -D define the reference sets that no code of the platform tests',
      files: {
        ...base,
        ...reference('[BuildOptions]\n  GCC:*_*_*_CC_FLAGS = -D TDX_GUEST_SUPPORTED\n'),
        ...amdSev(WORK_AREA),
      },
    },
  ],
  invalid: [
    {
      name: 'the SEV platform never sets the SEV-ES work area that its reset vector and MemEncryptSevLib read',
      files: {
        ...base,
        ...reference(),
        ...amdSev(
          '0x008000|0x001000\ngUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaBase|gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaSize',
        ),
      },
      findings: [
        {
          path: AMDSEV_FDF,
          line: 1,
          cc: 'sev',
          message:
            'AmdSevX64 never sets gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase (DEC default 0x0) though ResetVector, DxeMemEncryptSevLib read it; the reference OvmfPkgX64 sets it at OvmfPkg/OvmfPkgX64.fdf:10',
        },
      ],
    },
    {
      name: "a two-arch sibling is compared by its half of the reference's arch (X64), not by the first",
      files: {
        ...base,
        ...reference(),
        // IA32 builds nothing CC; the X64 half boots the reset vector and AmdSevDxe without the
        // SEV-ES work area.
        'OvmfPkg/OvmfPkgIa32X64Sev.dsc': dsc({
          name: 'OvmfPkgIa32X64Sev',
          fdf: 'OvmfPkg/OvmfPkgIa32X64Sev.fdf',
          arch: 'IA32|X64',
          body: `${SEV_LIBS}\n[Components.X64]\n${SEV_MODULES.map((c) => `  ${c}`).join('\n')}`,
        }),
        'OvmfPkg/OvmfPkgIa32X64Sev.fdf': fdf(
          fvs(SEV_MODULES),
          '0x008000|0x001000\ngUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaBase|gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaSize',
        ),
        'ccguard.config.json': JSON.stringify({ platforms: { siblings: ['OvmfPkg/OvmfPkgIa32X64Sev.dsc'] } }),
      },
      findings: [
        {
          path: 'OvmfPkg/OvmfPkgIa32X64Sev.fdf',
          line: 1,
          cc: 'sev',
          message:
            'OvmfPkgIa32X64Sev never sets gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase (DEC default 0x0) though ResetVector, DxeMemEncryptSevLib read it',
        },
      ],
    },
    {
      name: 'the SEV platform misses a switch the reference and every sibling set (AmdSevX64 and PcdFirstTimeWakeUpAPsBySipi before 8b66f9df1b)',
      files: switchTree([SWITCH, SWITCH, SWITCH]),
      findings: [
        {
          path: AMDSEV_DSC,
          line: 1,
          cc: 'sev',
          message:
            'AmdSevX64 never sets gUefiCpuPkgTokenSpaceGuid.PcdCpuStackGuard (DEC default FALSE) though CpuMp reads it',
        },
      ],
    },
    {
      name: "a Base/Size pair of the reference's MEMFD missing: one finding",
      files: {
        ...base,
        ...reference(),
        ...amdSev('SET gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase = 0x808010'),
      },
      findings: [
        {
          path: AMDSEV_FDF,
          line: 1,
          cc: 'cc',
          message:
            'AmdSevX64 never sets gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaBase / gUefiOvmfPkgTokenSpaceGuid.PcdOvmfWorkAreaSize',
        },
      ],
    },
    {
      name: 'a shared module writes the CC attribute PCD that the SEV platform does not declare dynamic',
      files: {
        ...base,
        ...attrWriter,
        ...reference(
          '[PcdsDynamicDefault]\n  gEfiMdePkgTokenSpaceGuid.PcdConfidentialComputingGuestAttr|0\n',
          [...SEV_MODULES, 'OvmfPkg/PlatformPei/PlatformPei.inf'],
        ),
        ...amdSev(
          WORK_AREA,
          '[PcdsFixedAtBuild]\n  gEfiMdePkgTokenSpaceGuid.PcdConfidentialComputingGuestAttr|0\n',
          [...SEV_MODULES, 'OvmfPkg/PlatformPei/PlatformPei.inf'],
        ),
      },
      findings: [
        {
          path: AMDSEV_DSC,
          line: 20,
          cc: 'cc',
          message:
            'AmdSevX64 does not declare gEfiMdePkgTokenSpaceGuid.PcdConfidentialComputingGuestAttr dynamic though PlatformPei writes it; the reference OvmfPkgX64 declares it in [PcdsDynamicDefault]',
        },
      ],
    },
    {
      name: 'the TDX platform builds a driver whose depex waits for a protocol only the reference produces',
      files: {
        ...base,
        ...tdxConsumer,
        ...reference('', [
          ...SEV_MODULES,
          'OvmfPkg/TdxDxe/TdxDxe.inf',
          'OvmfPkg/IntelTdx/TdAccept/TdAccept.inf',
        ]),
        ...platform(
          TDX_DSC,
          TDX_FDF,
          `${SEV_LIBS}\n${components([RESET_VECTOR, 'OvmfPkg/IntelTdx/TdAccept/TdAccept.inf'])}`,
          fvs([RESET_VECTOR, 'OvmfPkg/IntelTdx/TdAccept/TdAccept.inf']),
          { memfd: WORK_AREA },
        ),
      },
      findings: [
        {
          path: TDX_DSC,
          line: 22,
          cc: 'tdx',
          message:
            'IntelTdxX64 builds TdAccept, whose depex waits for gEdkiiMemoryAcceptProtocolGuid, but nothing in its image produces it; the reference OvmfPkgX64 builds the producer TdxDxe',
        },
      ],
    },
    {
      name: 'a CC build define that shared code tests, missing on the TDX platform',
      files: {
        ...base,
        ...inf('OvmfPkg/TdxDxe/TdxDxe.inf', {
          type: 'DXE_DRIVER',
          libraries: ['CcProbeLib'],
          sources: {
            'TdxDxe.c': '#ifdef TDX_GUEST_SUPPORTED\nVOID TdxEntry (VOID) { TdCall (0); }\n#endif\n',
          },
        }),
        ...reference('[BuildOptions]\n  GCC:*_*_*_CC_FLAGS = -D TDX_GUEST_SUPPORTED\n', [
          ...SEV_MODULES,
          'OvmfPkg/TdxDxe/TdxDxe.inf',
        ]),
        ...platform(
          TDX_DSC,
          TDX_FDF,
          `${SEV_LIBS}[BuildOptions]\n  GCC:*_*_*_CC_FLAGS = -D TDX_PEI_LESS_BOOT\n\n${components([RESET_VECTOR, 'OvmfPkg/TdxDxe/TdxDxe.inf'])}`,
          fvs([RESET_VECTOR, 'OvmfPkg/TdxDxe/TdxDxe.inf']),
          { memfd: WORK_AREA },
        ),
      },
      findings: [
        {
          path: TDX_DSC,
          line: 19,
          cc: 'tdx',
          message:
            'IntelTdxX64 lacks the TDX build option GCC:*_*_*_CC_FLAGS = -D TDX_GUEST_SUPPORTED, which the reference OvmfPkgX64 sets',
        },
      ],
    },
    {
      name: 'a CC PCD every other sibling sets and one does not, read by a CC driver',
      files: {
        ...base,
        ...inf('OvmfPkg/AmdSevDxe/AmdSevDxe.inf', {
          type: 'DXE_DRIVER',
          libraries: ['MemEncryptSevLib', 'CcExitLib'],
          pcds: ['gUefiOvmfPkgTokenSpaceGuid.PcdOvmfSecGhcbBase'],
          sources: { 'AmdSevDxe.c': 'BOOLEAN Check (VOID) { return MemEncryptSevIsEnabled (); }\n' },
        }),
        ...reference(),
        ...amdSev(
          WORK_AREA,
          '[PcdsFixedAtBuild]\n  gUefiOvmfPkgTokenSpaceGuid.PcdOvmfSecGhcbBase|0x809000\n',
        ),
        ...platform(
          'OvmfPkg/CloudHv/CloudHvX64.dsc',
          'OvmfPkg/CloudHv/CloudHvX64.fdf',
          `${SEV_LIBS}[PcdsFixedAtBuild]\n  gUefiOvmfPkgTokenSpaceGuid.PcdOvmfSecGhcbBase|0x809000\n\n${components(SEV_MODULES)}`,
          fvs(SEV_MODULES),
          { memfd: WORK_AREA },
        ),
        ...platform(
          'OvmfPkg/OvmfPkgIa32X64.dsc',
          'OvmfPkg/OvmfPkgIa32X64.fdf',
          `${SEV_LIBS}\n${components(SEV_MODULES)}`,
          fvs(SEV_MODULES),
          {
            memfd: WORK_AREA,
          },
        ),
      },
      findings: [
        {
          path: 'OvmfPkg/OvmfPkgIa32X64.dsc',
          line: 1,
          cc: 'sev',
          message:
            'OvmfPkgIa32X64 never sets gUefiOvmfPkgTokenSpaceGuid.PcdOvmfSecGhcbBase, which every other x86 platform sets (AmdSevX64, CloudHvX64) and AmdSevDxe reads',
        },
      ],
    },
  ],
});

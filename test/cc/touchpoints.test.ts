import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSignatureTable, type SourceLanguage } from '../../src/cc/signatures.js';
import { fileNameTags, findTouchpoints, nameTags } from '../../src/cc/touchpoints.js';

const table = buildSignatureTable();

/** `technology[/subMode]:text` for every touchpoint, in order; `!` marks weak, `?` predicates. */
function summary(text: string, language: SourceLanguage = 'c'): string[] {
  return findTouchpoints({ path: 'Pkg/File', text, language }, table).map(
    (t) =>
      `${t.technology}${t.subMode ? `/${t.subMode}` : ''}:${t.text}${t.weak ? '!' : ''}${t.predicate ? '?' : ''}`,
  );
}

interface Case {
  readonly name: string;
  readonly code: string;
  readonly language?: SourceLanguage;
  readonly expect: readonly string[];
}

/** Each technology's main markers. */
const MARKERS: readonly Case[] = [
  {
    name: 'SEV predicates, one per sub-mode',
    code: 'if (MemEncryptSevIsEnabled ()) {}\nif (MemEncryptSevEsIsEnabled ()) {}\nif (MemEncryptSevSnpIsEnabled ()) {}\nif (AmdSvsmIsSvsmPresent ()) {}',
    expect: [
      'sev/sev:MemEncryptSevIsEnabled?',
      'sev/sev-es:MemEncryptSevEsIsEnabled?',
      'sev/sev-snp:MemEncryptSevSnpIsEnabled?',
      'sev/svsm:AmdSvsmIsSvsmPresent?',
    ],
  },
  {
    name: 'SEV library calls, PCDs, GUIDs, types, MSRs',
    code: 'Mask = MemEncryptSevGetEncryptionMask ();\nBase = PcdGet32 (PcdOvmfSecGhcbBase);\nCopyGuid (&G, &gConfidentialComputingSevSnpBlobGuid);\nGHCB *Ghcb;\nAsmReadMsr64 (MSR_SEV_STATUS);',
    expect: [
      'sev/sev:MemEncryptSevGetEncryptionMask',
      'sev/sev-es:PcdOvmfSecGhcbBase!', // weak: a region TDX reuses
      'sev/sev-snp:gConfidentialComputingSevSnpBlobGuid',
      'sev/sev-es:GHCB',
      'sev/sev-es:Ghcb',
      'sev/sev:MSR_SEV_STATUS',
    ],
  },
  {
    name: 'SEV-named labels and legacy names by word',
    code: 'CheckSevFeatures:\n  jmp NoSevPass\nSevEsSetupGhcb:\n  OneTimeCallRet IsSevEsEnabled\n',
    language: 'nasm',
    expect: [
      'sev:CheckSevFeatures',
      'sev:NoSevPass',
      'sev/sev-es:SevEsSetupGhcb',
      'sev/sev-es:IsSevEsEnabled?',
    ],
  },
  {
    name: 'SEV hardware: MSR and CPUID constants, rep vmmcall, PVALIDATE bytes',
    code: '  mov ecx, 0xc0010131\n  mov eax, 8000001Fh\n  rep     vmmcall\n%macro PVALIDATE 0\n  DB 0xF2, 0x0F, 0x01, 0xFF\n%endmacro\n',
    language: 'nasm',
    expect: [
      'sev/sev:0xc0010131',
      'sev/sev:8000001Fh',
      'sev/sev-es:rep     vmmcall',
      'sev/sev-snp:PVALIDATE',
      'sev/sev-snp:DB 0xF2, 0x0F, 0x01, 0xFF',
    ],
  },
  {
    name: 'TDX predicates and calls',
    code: 'if (TdIsEnabled ()) { TdCall (TDCALL_TDINFO, 0, 0, 0, &Data); TdVmCall (TDVMCALL_HALT, 0, 0, 0, 0, 0); }\nMemEncryptTdxSetPageSharedBit (0, A, N);',
    expect: [
      'tdx:TdIsEnabled?',
      'tdx:TdCall',
      'tdx:TDCALL_TDINFO',
      'tdx:TdVmCall',
      'tdx:TDVMCALL_HALT',
      'tdx:MemEncryptTdxSetPageSharedBit',
    ],
  },
  {
    name: 'TDX in NASM: tdcall macro, its encoding, labels, guest type',
    code: '%macro tdcall 0\n  db  0x66, 0x0f, 0x01, 0xcc\n%endmacro\nIsTdx:\n  cmp byte[WORK_AREA_GUEST_TYPE], VM_GUEST_TDX\n  tdcall\n',
    language: 'nasm',
    expect: [
      'tdx:tdcall',
      'tdx:db  0x66, 0x0f, 0x01, 0xcc',
      'tdx:IsTdx?',
      'cc:WORK_AREA_GUEST_TYPE?',
      'tdx:VM_GUEST_TDX?',
      'tdx:tdcall',
    ],
  },
  {
    name: 'Arm CCA predicate, RSI calls and ids',
    code: 'if (ArmCcaIsRealm ()) { S = ArmCcaRsiGetVersion (&Ver); Id = ARM_CCA_FID_RSI_VERSION; }\nif (ArmHasRme ()) {}',
    expect: [
      'cca:ArmCcaIsRealm?',
      'cca:ArmCcaRsiGetVersion',
      'cca:ARM_CCA_FID_RSI_VERSION',
      'cca:ArmHasRme!?',
    ],
  },
  {
    name: 'vendor-neutral CC predicates and types',
    code: 'if (CcProbe () == CcGuestTypeIntelTdx) {}\nif (ConfidentialComputingGuestHas (CCAttrAmdSevEs)) {}\nA = PcdGet64 (PcdConfidentialComputingGuestAttr);\nEFI_CC_MEASUREMENT_PROTOCOL *P;',
    expect: [
      'cc:CcProbe?',
      'tdx:CcGuestTypeIntelTdx?',
      'cc:ConfidentialComputingGuestHas?',
      'sev/sev-es:CCAttrAmdSevEs?',
      'cc:PcdConfidentialComputingGuestAttr?',
      'cc:EFI_CC_MEASUREMENT_PROTOCOL',
    ],
  },
  {
    name: 'CC_GUEST_IS_* test the technology they name',
    code: 'if (CC_GUEST_IS_SEV (A)) {} else if (CC_GUEST_IS_TDX (A)) {}',
    expect: ['sev/sev:CC_GUEST_IS_SEV?', 'tdx:CC_GUEST_IS_TDX?'],
  },
  {
    name: 'build macros in DSC lines',
    code: '  DEFINE CC_MEASUREMENT_ENABLE = TRUE\n  *_*_*_CC_FLAGS = -D TDX_GUEST_SUPPORTED\n',
    language: 'metadata',
    expect: ['cc:CC_MEASUREMENT_ENABLE', 'tdx:TDX_GUEST_SUPPORTED'],
  },
  {
    name: 'INF library classes and PCDs',
    code: '[LibraryClasses]\n  MemEncryptSevLib\n  TdxLib\n  ArmCcaLib\n  CcProbeLib\n[Pcd]\n  gUefiCpuPkgTokenSpaceGuid.PcdSevEsIsEnabled\n',
    language: 'metadata',
    expect: [
      'sev:MemEncryptSevLib',
      'tdx:TdxLib',
      'cca:ArmCcaLib',
      'cc:CcProbeLib',
      'sev/sev-es:PcdSevEsIsEnabled?',
    ],
  },
];

/** The false-positive traps of the reference table (§7): no touchpoint at all. */
const TRAPS: readonly Case[] = [
  {
    name: 'Sev in Severity, Several, Seven',
    code: 'Rec->Severity = EFI_ACPI_6_5_ERROR_SEVERITY_FATAL;\nSeveralItems = SevenSegmentDisplay (MIPI_SYST_SEVERITY_MAX);',
    expect: [],
  },
  {
    name: 'Arm sev instruction and its wrapper',
    code: 'VOID EFIAPI ArmCallSEV (VOID);\nArmCallSEV ();',
    expect: [],
  },
  { name: 'Arm sev instruction in assembly', code: '  dsb\n  sev\n  ret\n', language: 'nasm', expect: [] },
  {
    name: 'Snp as the Simple Network Protocol',
    code: 'Snp->Mode = &SnpMode;\nEmuSnpReceive (This);\nif (PcdGetBool (PcdSnpCreateExitBootServicesEvent)) {}\nSNP_DRIVER *D = SnpDxeDriver;',
    expect: [],
  },
  {
    name: 'NETWORK_SNP_ENABLE in a DSC',
    code: '!if $(NETWORK_SNP_ENABLE) == TRUE\n',
    language: 'metadata',
    expect: [],
  },
  {
    name: 'SNPRINTF',
    code: '#define HAVE_SNPRINTF 1\nN = AsciiSPrint (Buf, 8, "x"); MBEDTLS_PLATFORM_SNPRINTF_MACRO (b);',
    expect: [],
  },
  {
    name: 'Td as a USB transfer descriptor',
    code: 'UHCI_TD_SW *Td;\nTd->TdHw.Status = 0;\nTdSw = Td;\nQTD_HW *Qtd = QTD_LINK (Td);\nTdStruct = NULL;',
    expect: [],
  },
  {
    name: '_STD_ objects and handles',
    code: 'CM_STD_OBJ_ACPI_TABLE_INFO *T; H = STD_INPUT_HANDLE; TdList = NULL;',
    expect: [],
  },
  { name: 'Rsi as the x86 register', code: 'Ctx->SystemContextX64->Rsi = 0;', expect: [] },
  { name: 'Rsi in NASM', code: '  mov rsi, rdi\n  push rsi\n', language: 'nasm', expect: [] },
  {
    name: 'CC as the compiler in a DSC',
    code: '  GCC:*_*_*_CC_FLAGS = -Os\n  MSFT:*_*_X64_CC_FLAGS = /Od\n',
    language: 'metadata',
    expect: [],
  },
  {
    name: 'Arm cache and CRC names',
    code: 'Ccsidr = ReadCcsidr (L); if (PPTT_ARM_CCIDX_CACHE_NUMBER_OF_SETS_MAX) {} Crc = CalculateCrc16Ccitt (B);',
    expect: [],
  },
  {
    name: 'Realm in Kerberos, HTTP, and real mode',
    code: 'Cfg->KerberosKDCRealm[0] = 0;\nAuth.Realm = HttpRealm;\nAsmThunk16 (&RealModeState);',
    expect: [],
  },
  {
    name: '_CCA in ACPI and TPM',
    code: 'Node->Flags = EFI_ACPI_IORT_MEM_ACCESS_PROP_CCA;\nName (_CCA, 1)\nTPML_CCA Attr;',
    expect: [],
  },
  {
    name: 'RME inside other words',
    code: 'if (FIRMWARE_VOLUME_HEADER) {} X = NOT_ARMED_PRIOR; __ARMEL__;',
    expect: [],
  },
  { name: 'plain vmmcall (Xen hypercall)', code: '  vmmcall\n  ret\n', language: 'nasm', expect: [] },
  {
    name: 'Amd SMM libraries',
    code: 'AmdSmmCpuFeaturesLib (); AmdMmSaveStateLib; AmdSysCallLib ();',
    expect: [],
  },
  { name: 'Secret in crypto', code: 'SpdmDeviceSecretLibGet (); SharedSecret = HkdfSecret;', expect: [] },
  {
    name: 'generic Measure, Accept and Encrypt',
    code: 'Tcg2MeasurePeImage (); HttpAcceptHeader (); AesEncrypt (Ctx); TcpAccept (); MeasureVariable ();',
    expect: [],
  },
  {
    name: 'IGVM is not CC',
    code: 'IgvmSecureBootFindBlobs (); PcdGet64 (PcdOvmfIgvmParamBase);',
    expect: [],
  },
  {
    name: 'PeilessSecMeasureLib is Arm TPM, not CC',
    code: 'PeilessSecMeasureLib|X.inf\nMeasurePeilessSec ();',
    expect: [],
  },
  { name: 'NonCcidx is Arm cache, not NonCc', code: 'BitsNonCcidx = 1;', expect: [] },
  {
    name: 'byte sequences inside data tables',
    code: 'db 0xe1,0x66,0x0f,0x01,0xcc,0x35\n  DB 0x0f,0x01,0xd0\n',
    language: 'nasm',
    expect: [],
  },
  { name: 'C arrays with TDCALL bytes', code: 'UINT8 Blob[] = { 0x66, 0x0f, 0x01, 0xcc };', expect: [] },
  {
    name: 'identifiers inside string literals',
    code: 'DEBUG ((DEBUG_INFO, "SEV-ES and TdIsEnabled %a\\n", "MemEncryptSevLib"));',
    expect: [],
  },
  { name: 'comments already masked', code: '                                      \nx = 1;', expect: [] },
  { name: 'a hex constant with one digit more', code: 'x = 0xC00101310; y = 0x8000001F0;', expect: [] },
];

/** CC-only identifiers with neutral names, and SEV-only ones with CC names. */
const REVERSE: readonly Case[] = [
  {
    name: 'gConfidentialComputingSecretGuid is SEV',
    code: 'CopyGuid (&G, &gConfidentialComputingSecretGuid);',
    expect: ['sev/sev:gConfidentialComputingSecretGuid'],
  },
  {
    name: 'PcdPteMemoryEncryptionAddressOrMask is SEV, weakly',
    code: 'AddressEncMask = PcdGet64 (PcdPteMemoryEncryptionAddressOrMask);',
    expect: ['sev/sev:AddressEncMask!', 'sev/sev:PcdPteMemoryEncryptionAddressOrMask!'],
  },
  {
    name: 'NonCc FV is TDX',
    code: 'Fv = FindDxeNonCc (PcdGet32 (PcdOvmfDxeNonCcFvBase), &gEfiNonCcFvGuid);',
    expect: ['tdx:FindDxeNonCc', 'tdx:PcdOvmfDxeNonCcFvBase', 'tdx:gEfiNonCcFvGuid'],
  },
  {
    name: 'PeilessStartupLib is TDX',
    code: '  PeilessStartupLib|OvmfPkg/Library/PeilessStartupLib/PeilessStartupLib.inf\n',
    language: 'metadata',
    expect: ['tdx:PeilessStartupLib', 'tdx:PeilessStartupLib', 'tdx:PeilessStartupLib'],
  },
  {
    name: 'MP wake-up mailbox and VMX exit reasons are TDX, weakly',
    code: 'MP_WAKEUP_MAILBOX *M; if (R == EXIT_REASON_CPUID) {}',
    expect: ['tdx:MP_WAKEUP_MAILBOX!', 'tdx:EXIT_REASON_CPUID!'],
  },
  {
    name: 'CcExitVmg* is SEV-ES, CcExitHandleVe is TDX',
    code: 'CcExitVmgInit (Ghcb, &Flag); CcExitVmgDone (Ghcb, Flag); CcExitHandleVe (&E, Ctx);',
    expect: [
      'sev/sev-es:CcExitVmgInit',
      'sev/sev-es:Ghcb',
      'sev/sev-es:CcExitVmgDone',
      'sev/sev-es:Ghcb',
      'tdx:CcExitHandleVe',
    ],
  },
  {
    name: '2021-07 VmgExitLib names are SEV-ES',
    code: '#include <Library/VmgExitLib.h>\nVmgInit (Ghcb, &I); VmgExit (Ghcb, SVM_EXIT_MMIO_WRITE, 0, 0); VmgExitHandleVc (&E, Ctx);',
    expect: [
      'sev/sev-es:VmgExitLib',
      'sev/sev-es:VmgInit',
      'sev/sev-es:Ghcb',
      'sev/sev-es:VmgExit',
      'sev/sev-es:Ghcb',
      'sev/sev-es:SVM_EXIT_MMIO_WRITE',
      'sev/sev-es:VmgExitHandleVc',
    ],
  },
];

/** Precedence and the EDK II naming conventions. */
const RULES: readonly Case[] = [
  {
    name: 'an exact name beats a prefix',
    code: 'MemEncryptSevSnpIsEnabled (); MemEncryptSevFutureCall (); TdSharedPageMask ();',
    expect: ['sev/sev-snp:MemEncryptSevSnpIsEnabled?', 'sev:MemEncryptSevFutureCall', 'tdx:TdSharedPageMask'],
  },
  {
    name: 'the longest prefix wins',
    code: 'ArmCcaRsiNewCall (); ArmCcaOther (); SevSnpThing = SevEsThing;',
    expect: ['cca:ArmCcaRsiNewCall', 'cca:ArmCcaOther', 'sev/sev-snp:SevSnpThing', 'sev/sev-es:SevEsThing'],
  },
  {
    name: 'a prefix needs a new CamelCase word after it',
    code: 'Tdx = TdxNew; Tdfoo = 1;',
    expect: ['tdx:Tdx', 'tdx:TdxNew'],
  },
  {
    name: 'm, g and _ scope prefixes',
    code: 'mTdSharedPageMask = 0; _CC_GUEST_IS_SEV (X); mSevEsFlash = 1; gEdkiiCcPpiGuid;',
    expect: [
      'tdx:mTdSharedPageMask',
      'sev/sev:_CC_GUEST_IS_SEV?',
      'sev/sev-es:mSevEsFlash',
      'cc:gEdkiiCcPpiGuid',
    ],
  },
  {
    name: 'the more specific identifier regex wins',
    code: 'T = EFI_ACPI_6_5_CC_TYPE_SEV; U = EFI_ACPI_6_5_CC_TYPE_ARMCCA; V = EFI_ACPI_6_5_CC_TYPE_NONE;',
    expect: [
      'sev/sev:EFI_ACPI_6_5_CC_TYPE_SEV',
      'cca:EFI_ACPI_6_5_CC_TYPE_ARMCCA',
      'cc:EFI_ACPI_6_5_CC_TYPE_NONE',
    ],
  },
  {
    name: 'reset-vector GUIDed-block labels in camelCase',
    code: 'sevEsResetBlockStart:\ntdxMetadataOffsetEnd:\n',
    language: 'nasm',
    expect: ['sev/sev-es:sevEsResetBlockStart', 'tdx:tdxMetadataOffsetEnd'],
  },
  {
    name: 'hex literals in C suffixes and NASM h form',
    code: 'A = 0xC0010131ULL; B = 0x00000000C001F000; C = 0x65746e49;',
    expect: ['sev/sev:0xC0010131ULL', 'sev/svsm:0x00000000C001F000', 'tdx:0x65746e49'],
  },
  {
    name: 'includes count even when quoted',
    code: '#include "AmdSev.h"\n#include <Library/TdxLib.h>\n',
    expect: ['sev:AmdSev', 'tdx:TdxLib'],
  },
  {
    name: 'NASM %include counts',
    code: '%include "Ia32/IntelTdx.nasm.inc"\n',
    language: 'nasm',
    expect: ['tdx:IntelTdx'],
  },
  {
    name: 'a word matches in Title case or ALL CAPS, not lower case',
    code: 'sevFoo = tdxBar; SevFoo = TDX_BAR;',
    expect: ['sev:SevFoo', 'tdx:TDX_BAR'],
  },
  {
    name: 'NASM-only instructions are not C identifiers',
    code: 'tdcall = 1; vmgexit (); pvalidate;',
    expect: [],
  },
];

for (const [title, cases] of [
  ['touchpoints: main markers', MARKERS],
  ['touchpoints: false-positive traps', TRAPS],
  ['touchpoints: reverse traps and legacy names', REVERSE],
  ['touchpoints: precedence and naming rules', RULES],
] as const) {
  describe(title, () => {
    for (const c of cases) it(c.name, () => assert.deepEqual(summary(c.code, c.language), c.expect));
  });
}

describe('touchpoint records', () => {
  it('carry path, 1-based line and column, signature and role flags, sorted', () => {
    const text =
      'VOID\nF (VOID)\n{\n  if (TdIsEnabled ()) {\n    x = 0xC0010130;  MemEncryptSevLib\n  }\n}\n';
    const tps = findTouchpoints({ path: 'OvmfPkg/X/F.c', text, language: 'c' }, table);
    assert.deepEqual(tps, [
      {
        path: 'OvmfPkg/X/F.c',
        line: 4,
        column: 7,
        technology: 'tdx',
        signatureId: 'tdx.predicate.TdIsEnabled',
        kind: 'predicate',
        text: 'TdIsEnabled',
        predicate: true,
        weak: false,
      },
      {
        path: 'OvmfPkg/X/F.c',
        line: 5,
        column: 9,
        technology: 'sev',
        subMode: 'sev-es',
        signatureId: 'sev.msr.0xC0010130',
        kind: 'msr',
        text: '0xC0010130',
        predicate: false,
        weak: false,
      },
      {
        path: 'OvmfPkg/X/F.c',
        line: 5,
        column: 22,
        technology: 'sev',
        signatureId: 'sev.library-class.MemEncryptSevLib',
        kind: 'library-class',
        text: 'MemEncryptSevLib',
        predicate: false,
        weak: false,
      },
    ]);
  });

  it('point at the text they report', () => {
    const text =
      'A:\n  rep vmmcall\n  mov ecx, 0c0010131h\n  OneTimeCall SevCpuidInit\n  db 0xF3,0x0F,0x01,0xFE\n';
    const lines = text.split('\n');
    const tps = findTouchpoints({ path: 'r.nasm', text, language: 'nasm' }, table);
    assert.equal(tps.length, 4);
    for (const t of tps)
      assert.equal(lines[t.line - 1]!.slice(t.column - 1, t.column - 1 + t.text.length), t.text);
  });

  it('are the same for the same input (cached classification)', () => {
    const text = 'SevX (); SevX (); TdCall ();';
    const first = findTouchpoints({ path: 'a.c', text, language: 'c' }, table);
    assert.deepEqual(findTouchpoints({ path: 'a.c', text, language: 'c' }, table), first);
    assert.equal(first.length, 3);
  });

  it('handle empty and odd input without throwing', () => {
    for (const text of ['', '\n\n', '"unterminated', "'", '0x', 'h', '_', '____']) {
      assert.deepEqual(findTouchpoints({ path: 'a.c', text, language: 'c' }, table), []);
    }
  });
});

describe('fileNameTags', () => {
  const cases: [string, string[]][] = [
    ['NetworkPkg/SnpDxe/Snp.c', []],
    ['OvmfPkg/VirtioNetDxe/SnpReceive.c', []],
    ['EmulatorPkg/EmuSnpDxe/EmuSnpDxe.inf', []],
    ['OvmfPkg/Library/BaseMemEncryptSevLib/X64/SnpPageStateChange.h', ['sev/sev-snp:SnpPage']],
    ['OvmfPkg/Library/BaseMemEncryptSevLib/X64/SecSnpSystemRamValidate.c', ['sev/sev-snp:SnpSystemRam']],
    ['MdePkg/Include/Register/Amd/SevSnpMsr.h', ['sev:Sev']],
    ['OvmfPkg/ResetVector/Ia32/AmdSev.nasm.inc', ['sev:Sev']],
    ['UefiCpuPkg/Include/Guid/GhcbApicIds.h', ['sev/sev-es:Ghcb']],
    ['SecurityPkg/Library/Tpm2DeviceLibDTpm/Tpm2Svsm.c', ['sev/svsm:Svsm']],
    ['OvmfPkg/Tcg/TdTcg2Dxe/TdTcg2Dxe.inf', ['tdx:Td']],
    ['MdePkg/Library/BaseLib/X64/TdProbe.c', ['tdx:Td']],
    ['OvmfPkg/IntelTdx/IntelTdxX64.dsc', ['tdx:Tdx']],
    ['OvmfPkg/Library/PeilessStartupLib/PeilessStartup.c', ['tdx:PeilessStartup']],
    ['ArmVirtPkg/Library/PeilessSecMeasureLib/PeilessSecMeasureLib.c', []],
    ['MdeModulePkg/Bus/Pci/UhciDxe/UhciTd.c', []],
    ['OvmfPkg/Library/CcExitLib/CcExitLib.c', ['cc:Cc']],
    ['OvmfPkg/Library/CcExitLib/CcExitTd.h', ['cc:Cc', 'tdx:Td']],
    ['MdePkg/Library/BaseIoLibIntrinsic/IoLibFifoCc.c', ['cc:Cc']],
    ['ShellPkg/Library/UefiShellAcpiViewCommandLib/Parsers/Ccel/CcelParser.c', ['cc:Ccel']],
    [
      'OvmfPkg/Include/Guid/ConfidentialComputingSecret.h',
      ['cc:ConfidentialComputing', 'sev:ConfidentialComputingSecret'],
    ],
    ['ArmVirtPkg/Library/ArmCcaRsiLib/ArmCcaRsiLib.c', ['cca:ArmCca']],
    ['Vendor/RealmInit/RealmInit.c', ['cca:Realm']],
    ['NetworkPkg/HttpDxe/HttpRealmAuth.c', []],
    ['MdePkg/Library/Severity.c', []],
    ['OvmfPkg/IgvmSecureBootDxe/IgvmSecureBootDxe.c', []],
  ];
  for (const [path, expected] of cases) {
    it(path, () =>
      assert.deepEqual(
        fileNameTags(path, table).map((t) => `${t.technology}${t.subMode ? `/${t.subMode}` : ''}:${t.tag}`),
        expected,
      ),
    );
  }

  it('works on bare module names too', () => {
    assert.deepEqual(
      nameTags('TpmMmioSevDecryptPei', table).map((t) => t.technology),
      ['sev'],
    );
  });
});

/**
 * The built-in CC signature table for edk2: every row of the team's reference table
 * (shared/reference/cc-signatures.md), the reverse traps (CC-only identifiers with neutral names),
 * and the 2021-07 names of the same things (VmgExitLib and the reset-vector labels before the
 * CcExitLib rename). Precedence when one identifier fits several: exact name, then identifier
 * regex (in table order), then the longest prefix, then a CamelCase word.
 */
import type { Signature, SignatureKind, SignatureMatcher, SourceLanguage } from './signatures.js';
import type { SevSubMode } from './technologies.js';

interface Extra {
  readonly subMode?: SevSubMode;
  readonly predicate?: boolean;
  readonly weak?: boolean;
  readonly exclude?: readonly string[];
  readonly languages?: readonly SourceLanguage[];
}

type Tech = 'sev' | 'tdx' | 'cca' | 'cc';

function sig(
  id: string,
  technology: Tech,
  kind: SignatureKind,
  matcher: SignatureMatcher,
  role: string,
  extra: Extra,
): Signature {
  return {
    id,
    technology,
    ...(extra.subMode === undefined ? {} : { subMode: extra.subMode }),
    kind,
    matcher,
    predicate: extra.predicate === true,
    weak: extra.weak === true,
    role,
    exclude: extra.exclude ?? [],
    ...(extra.languages === undefined ? {} : { languages: extra.languages }),
  };
}

/** `Td{Io,Mmio}Read{8,16}` → TdIoRead8, TdIoRead16, TdMmioRead8, TdMmioRead16. */
function expand(pattern: string): string[] {
  const m = /\{([^{}]*)\}/.exec(pattern);
  if (!m) return [pattern];
  const head = pattern.slice(0, m.index);
  const tail = pattern.slice(m.index + m[0].length);
  return m[1]!.split(',').flatMap((alt) => expand(`${head}${alt}${tail}`));
}

function exact(tech: Tech, kind: SignatureKind, names: string, role: string, extra: Extra = {}): Signature[] {
  return names
    .split(/\s+/)
    .filter((n) => n !== '')
    .flatMap(expand)
    .map((name) => sig(`${tech}.${kind}.${name}`, tech, kind, { type: 'identifier', name }, role, extra));
}

function prefix(
  tech: Tech,
  kind: SignatureKind,
  p: string,
  role: string,
  extra: Extra & { readonly anyContinuation?: boolean } = {},
): Signature {
  const matcher: SignatureMatcher = extra.anyContinuation
    ? { type: 'prefix', prefix: p, anyContinuation: true }
    : { type: 'prefix', prefix: p };
  return sig(`${tech}.${kind}.${p}*`, tech, kind, matcher, role, extra);
}

/** Prefixes ending in `_` (`GHCB_`) or taking any continuation (`TDVMCALL\w*`). */
function prefixAny(
  tech: Tech,
  kind: SignatureKind,
  prefixes: string,
  role: string,
  extra: Extra = {},
): Signature[] {
  return prefixes
    .split(/\s+/)
    .filter((p) => p !== '')
    .map((p) => prefix(tech, kind, p, role, { ...extra, anyContinuation: true }));
}

function word(tech: Tech, w: string, role: string, extra: Extra = {}): Signature {
  return sig(`${tech}.name-tag.word:${w}`, tech, 'name-tag', { type: 'word', word: w }, role, extra);
}

function idRegex(
  id: string,
  tech: Tech,
  kind: SignatureKind,
  pattern: string,
  anchors: readonly string[],
  role: string,
  extra: Extra = {},
): Signature {
  return sig(
    `${tech}.${kind}.${id}`,
    tech,
    kind,
    { type: 'identifier-regex', pattern, anchors },
    role,
    extra,
  );
}

function num(tech: Tech, kind: SignatureKind, value: string, role: string, extra: Extra = {}): Signature {
  return sig(`${tech}.${kind}.${value}`, tech, kind, { type: 'number', value }, role, extra);
}

function code(
  id: string,
  tech: Tech,
  kind: SignatureKind,
  pattern: string,
  role: string,
  extra: Extra = {},
): Signature {
  return sig(
    `${tech}.${kind}.${id}`,
    tech,
    kind,
    { type: 'code-regex', pattern, ignoreCase: true },
    role,
    extra,
  );
}

/** `db 0x66, 0x0f, …` (or NASM `66h`) at the start of a `db` line: a raw instruction encoding. */
function dbBytes(bytes: readonly number[]): string {
  const one = (b: number) => {
    const h = b.toString(16).padStart(2, '0');
    return `(?:0x${h}|0?${h}h)`;
  };
  return `\\bdb\\s+${bytes.map(one).join('\\s*,\\s*')}(?![0-9a-z])`;
}

const NASM: readonly SourceLanguage[] = ['nasm'];

const SEV: Signature[] = [
  // Library classes and instances
  ...exact(
    'sev',
    'library-class',
    'MemEncryptSevLib',
    'SEV memory-encryption library class (C-bit, SEV mode queries)',
  ),
  ...exact('sev', 'library-class', 'AmdSvsmLib AmdSvsmLibNull', 'SVSM library class (VMPL, SVSM calls)', {
    subMode: 'svsm',
  }),
  ...exact(
    'sev',
    'library-class',
    'BaseIoLibIntrinsicSev',
    'IoLib instance with SEV-safe (unrolled) string I/O',
  ),
  ...exact(
    'sev',
    'library-class',
    'BlobVerifierLibSevHashes',
    'BlobVerifierLib instance checking kernel/initrd/cmdline against the SEV hash table',
  ),
  ...exact(
    'sev',
    'library-class',
    'Tpm2{Device,Instance}LibDTpmSvsm',
    'TPM2 library instance for the SVSM vTPM',
    {
      subMode: 'svsm',
    },
  ),
  ...exact('sev', 'name-tag', 'TpmMmioSevDecryptPei', 'PEIM clearing the C-bit on TPM MMIO'),

  // Mode predicates (IsSev)
  ...exact(
    'sev',
    'predicate',
    'MemEncryptSevIsEnabled SevGuestIsEnabled IsSevGuest',
    'mode check: any SEV guest',
    {
      subMode: 'sev',
      predicate: true,
    },
  ),
  ...exact('sev', 'predicate', 'MemEncryptSevEsIsEnabled', 'mode check: SEV-ES or SEV-SNP guest', {
    subMode: 'sev-es',
    predicate: true,
  }),
  ...exact(
    'sev',
    'predicate',
    'SevEsIsEnabled IsSevEsEnabled SevEsEnabled',
    'mode check: SEV-ES flag (local function, HOB or CPU_MP_DATA field, reset-vector routine)',
    { subMode: 'sev-es', predicate: true },
  ),
  // Flags that record the mode and are tested later (MpInitLib's CPU_MP_DATA, VirtMmCommunication).
  ...exact('sev', 'predicate', 'UseSevEsAPMethod', 'mode flag: APs parked the SEV-ES way (CPU_MP_DATA)', {
    subMode: 'sev-es',
    predicate: true,
  }),
  ...exact('sev', 'predicate', 'UseSvsmProtocol', 'mode flag: talk to the SVSM (module variable)', {
    subMode: 'svsm',
    predicate: true,
  }),
  ...exact(
    'sev',
    'predicate',
    'MemEncryptSevEsDebugVirtualizationIsEnabled',
    'feature check: SEV-ES debug virtualization',
    { subMode: 'sev-es', predicate: true },
  ),
  ...exact('sev', 'predicate', 'MemEncryptSevSnpIsEnabled SevSnpIsEnabled', 'mode check: SEV-SNP guest', {
    subMode: 'sev-snp',
    predicate: true,
  }),
  ...exact('sev', 'predicate', 'AmdSvsmIsSvsmPresent', 'mode check: an SVSM is present (guest below VMPL0)', {
    subMode: 'svsm',
    predicate: true,
  }),
  ...exact('sev', 'pcd', 'PcdSevEsIsEnabled', 'mode check: dynamic PCD set when SEV-ES is active', {
    subMode: 'sev-es',
    predicate: true,
  }),
  ...exact('sev', 'predicate', 'CC_GUEST_IS_SEV', 'mode check: CC guest attribute is an SEV type', {
    subMode: 'sev',
    predicate: true,
  }),

  // Functions and prefixes
  ...exact(
    'sev',
    'function',
    'MemEncryptSev{Clear,Set,ClearMmio}PageEncMask MemEncryptSevGetEncryptionMask',
    'SEV C-bit: set/clear encryption on a range, or read the mask',
    { subMode: 'sev' },
  ),
  ...exact(
    'sev',
    'function',
    'MemEncryptSevGetAddressRangeState MemEncryptSevLocateInitialSmramSaveStateMapPages',
    'MemEncryptSevLib API',
    { subMode: 'sev' },
  ),
  ...exact(
    'sev',
    'function',
    'MemEncryptSevSnpPreValidateSystemRam MemEncryptSevSnpDoCoherencyMitigation',
    'MemEncryptSevLib SEV-SNP API (pre-validation, coherency)',
    { subMode: 'sev-snp' },
  ),
  prefix('sev', 'function', 'MemEncryptSev', 'MemEncryptSevLib API'),
  prefix('sev', 'function', 'AmdSvsm', 'AmdSvsmLib API (SVSM calls, VMPL)', { subMode: 'svsm' }),
  // Bare `Amd*` names (AmdSmmCpuFeaturesLib, AmdMmSaveStateLib) are SMM, not CC; only AmdSev*.
  prefix('sev', 'function', 'AmdSev', 'SEV-named function, module or file'),
  prefix('sev', 'function', 'SevEs', 'SEV-ES function, variable or field', { subMode: 'sev-es' }),
  prefix('sev', 'function', 'SevSnp', 'SEV-SNP function, variable or field', { subMode: 'sev-snp' }),
  ...exact('sev', 'function', 'SevIo{Read,Write}Fifo{8,16,32}', 'IoLib SEV string-I/O back end', {
    subMode: 'sev',
  }),
  ...exact('sev', 'function', 'AsmVmgExit', 'VMGEXIT wrapper (`rep vmmcall`)', { subMode: 'sev-es' }),
  ...exact('sev', 'function', 'AsmVmgExitSvsm', 'VMGEXIT wrapper for SVSM calls', { subMode: 'svsm' }),
  ...exact('sev', 'function', 'AsmPvalidate AsmRmpAdjust', 'SEV-SNP PVALIDATE / RMPADJUST wrapper', {
    subMode: 'sev-snp',
  }),
  ...exact(
    'sev',
    'function',
    'CcExitVmg{Init,Exit,Done,SetOffsetValid,IsOffsetValid}',
    'GHCB protocol call (CcExitLib API; `Cc` name, SEV-ES semantics)',
    { subMode: 'sev-es' },
  ),
  ...exact('sev', 'function', 'CcExitHandleVc', '#VC exception handler (SEV-ES)', { subMode: 'sev-es' }),
  ...prefixAny('sev', 'function', 'SnpPageState SNP_PAGE_STATE', 'SEV-SNP page-state change', {
    subMode: 'sev-snp',
  }),
  ...exact(
    'sev',
    'function',
    '{Sec,Pei,Dxe}SnpSystemRamValidate HypervisorSnpFeatureCheck',
    'SEV-SNP system RAM pre-validation / hypervisor feature check',
    { subMode: 'sev-snp' },
  ),
  idRegex(
    'SnpCpuid',
    'sev',
    'function',
    'SnpCpuid|SNP_CPUID_',
    ['SnpCpuid', 'SNP_CPUID_'],
    'SEV-SNP CPUID page lookup',
    {
      subMode: 'sev-snp',
    },
  ),
  ...prefixAny('sev', 'type', 'SnpVmpl SNP_SEC_MEM_', 'SEV-SNP VMPL request / SEC memory descriptor', {
    subMode: 'sev-snp',
  }),
  ...exact(
    'sev',
    'type',
    'SNP_PRE_VALIDATED_RANGE SNPBTBIsolation',
    'SEV-SNP pre-validated range / feature bit',
    {
      subMode: 'sev-snp',
    },
  ),

  // 2021-07 names (VmgExitLib before the CcExitLib rename)
  ...exact(
    'sev',
    'library-class',
    'VmgExitLib VmgExitLibNull SecVmgExitLib',
    '2021-07 name of CcExitLib (GHCB, #VC)',
    {
      subMode: 'sev-es',
    },
  ),
  ...exact(
    'sev',
    'function',
    'Vmg{Init,Exit,Done,SetOffsetValid,IsOffsetValid,ExitHandleVc}',
    '2021-07 GHCB protocol call (VmgExitLib), or the NASM VMGEXIT macro',
    { subMode: 'sev-es' },
  ),
  ...exact('sev', 'macro', 'TerminateVmgExit', 'NASM GHCB-MSR-protocol macro', { subMode: 'sev-es' }),

  // PCDs
  ...exact('sev', 'pcd', 'PcdSevEsWorkArea{Base,Size}', 'SEC work area for SEV-ES AP reset', {
    subMode: 'sev-es',
  }),
  ...exact('sev', 'pcd', 'PcdGhcb{Base,Size}', 'GHCB pool (also read by generic DxeIpl and MpInitLib)', {
    subMode: 'sev-es',
    weak: true,
  }),
  ...exact('sev', 'pcd', 'PcdGhcbHypervisorFeatures', 'GHCB hypervisor feature bitmap', {
    subMode: 'sev-es',
  }),
  // The MEMFD regions behind them are reused by TDX code (IntelTdx.c: "PcdOvmfSecGhcbBase is used
  // as the TD_HOB in Tdx guest"; SecEntry.nasm parks TDX APs on the GHCB backup page): evidence
  // next to other SEV code, never SEV code on their own.
  ...prefixAny('sev', 'pcd', 'PcdOvmfSecGhcb', 'SEC GHCB, backup GHCB and page table (regions TDX reuses)', {
    subMode: 'sev-es',
    weak: true,
  }),
  ...exact(
    'sev',
    'pcd',
    'PcdOvmfSnpSecrets{Base,Size} PcdOvmfCpuid{Base,Size}',
    'SEV-SNP secrets page / CPUID page',
    {
      subMode: 'sev-snp',
    },
  ),
  ...exact('sev', 'pcd', 'PcdOvmfSecSvsmCaa{Base,Size}', 'SVSM calling area', { subMode: 'svsm' }),
  ...exact(
    'sev',
    'pcd',
    'PcdSevLaunchSecret{Base,Size} PcdQemuHashTable{Base,Size}',
    'SEV launch secret / kernel hash table',
    { subMode: 'sev' },
  ),
  ...exact('sev', 'pcd', 'PcdSvsmVTpm{Presence,BufferPtr}', 'SVSM vTPM', { subMode: 'svsm' }),
  ...exact(
    'sev',
    'pcd',
    'PcdPteMemoryEncryptionAddressOrMask',
    'SEV C-bit mask ORed into page-table entries (generic name, read inline by generic paging code)',
    { subMode: 'sev', weak: true },
  ),
  idRegex(
    'AddressEncMask',
    'sev',
    'macro',
    'AddressEncMask',
    ['AddressEncMask'],
    'local copy of the SEV C-bit mask (in generic page-table code)',
    { subMode: 'sev', weak: true },
  ),

  // GUIDs, protocols, HOBs
  ...exact(
    'sev',
    'guid',
    'gConfidentialComputingSevSnpBlobGuid ConfidentialComputingSevSnpBlob',
    'config table: SEV-SNP secrets/CPUID blob location',
    { subMode: 'sev-snp' },
  ),
  ...prefixAny('sev', 'type', 'CONFIDENTIAL_COMPUTING_SNP_BLOB_', 'SEV-SNP blob location (config table)', {
    subMode: 'sev-snp',
  }),
  ...exact('sev', 'guid', 'gOvmfSevMemoryAcceptanceProtocolGuid', 'protocol: SEV-SNP memory acceptance', {
    subMode: 'sev-snp',
  }),
  ...exact('sev', 'guid', 'gGhcbApicIdsGuid', 'HOB: APIC IDs from the GHCB (SEV-SNP AP creation)', {
    subMode: 'sev-snp',
  }),
  ...exact(
    'sev',
    'guid',
    'gConfidentialComputingSecretGuid',
    'config table: SEV launch secret (vendor-neutral name, SEV-only use)',
    { subMode: 'sev' },
  ),
  prefix(
    'sev',
    'type',
    'ConfidentialComputingSecret',
    'SEV launch secret (vendor-neutral name, SEV-only use)',
    {
      subMode: 'sev',
    },
  ),
  ...prefixAny(
    'sev',
    'type',
    'CONFIDENTIAL_COMPUTING_SECRET_',
    'SEV launch secret (vendor-neutral name, SEV-only use)',
    {
      subMode: 'sev',
    },
  ),
  ...prefixAny(
    'sev',
    'macro',
    'OvmfSevMetadata',
    'reset-vector SEV metadata (GUIDed block for SEV-SNP launch)',
    {
      subMode: 'sev-snp',
    },
  ),
  ...prefixAny('sev', 'macro', 'sevEsResetBlock', 'reset-vector GUIDed block: SEV-ES AP reset', {
    subMode: 'sev-es',
  }),
  ...prefixAny(
    'sev',
    'macro',
    'sevSecretBlock sevFwHashBlock',
    'reset-vector GUIDed block: launch secret / hashes',
    {
      subMode: 'sev',
    },
  ),

  // Types, structures, macros
  ...exact('sev', 'type', 'GHCB', 'GHCB structure', { subMode: 'sev-es' }),
  ...prefixAny('sev', 'type', 'GHCB_', 'GHCB protocol definitions', { subMode: 'sev-es' }),
  prefix('sev', 'type', 'Ghcb', 'GHCB field or variable', { subMode: 'sev-es' }),
  ...exact('sev', 'type', 'SEV_ES_SAVE_AREA', 'VMSA layout', { subMode: 'sev-es' }),
  ...exact('sev', 'msr', 'MSR_SEV_STATUS{,_REGISTER}', 'SEV_STATUS MSR 0xC0010131', { subMode: 'sev' }),
  ...exact('sev', 'msr', 'MSR_SEV_ES_GHCB{,_REGISTER}', 'GHCB MSR 0xC0010130', { subMode: 'sev-es' }),
  ...exact('sev', 'msr', 'MSR_SVSM_CAA{,_REGISTER}', 'SVSM calling-area MSR 0xC001F000', { subMode: 'svsm' }),
  ...prefixAny('sev', 'macro', 'SVM_VMGEXIT_ SVM_EXIT_', 'VMGEXIT exit code', { subMode: 'sev-es' }),
  ...prefixAny('sev', 'type', 'SVSM_', 'SVSM protocol definitions', { subMode: 'svsm' }),
  ...prefixAny(
    'sev',
    'macro',
    'PVALIDATE PvalidatePageSize RMPADJUST',
    'SEV-SNP PVALIDATE / RMPADJUST definitions',
    {
      subMode: 'sev-snp',
    },
  ),
  ...exact('sev', 'type', 'SEC_SEV_ES_WORK_AREA', 'SEC work area (SEV-ES)', { subMode: 'sev-es' }),
  ...exact('sev', 'type', 'SEV_WORK_AREA', 'SEC work area (SEV)', { subMode: 'sev' }),
  ...prefixAny('sev', 'macro', 'SEV_ES_WORK_AREA', 'SEC work area (SEV-ES, C and NASM)', {
    subMode: 'sev-es',
  }),
  ...exact('sev', 'macro', 'CCAttrAmdSev CcGuestTypeAmdSev', 'mode value: SEV guest', {
    subMode: 'sev',
    predicate: true,
  }),
  ...exact('sev', 'macro', 'CCAttrAmdSevEs', 'mode value: SEV-ES guest', {
    subMode: 'sev-es',
    predicate: true,
  }),
  ...exact('sev', 'macro', 'CCAttrAmdSevSnp', 'mode value: SEV-SNP guest', {
    subMode: 'sev-snp',
    predicate: true,
  }),
  ...exact(
    'sev',
    'macro',
    'CCAttrFeatureAmdSevEsDebugVirtualization',
    'feature value: SEV-ES debug virtualization',
    { subMode: 'sev-es', predicate: true },
  ),
  ...prefixAny(
    'sev',
    'cpuid',
    'CPUID_MEMORY_ENCRYPTION_INFO',
    'CPUID Fn8000_001F (SEV capabilities, C-bit position)',
    {
      subMode: 'sev',
    },
  ),
  ...exact('sev', 'macro', 'VC_EXCEPTION', '#VC exception vector (SEV-ES)', { subMode: 'sev-es' }),

  // Hardware: MSRs, CPUID leaves, instructions and their encodings
  num('sev', 'msr', '0xC0010131', 'SEV_STATUS MSR (bit 0 SEV, 1 SEV-ES, 2 SEV-SNP)', { subMode: 'sev' }),
  num('sev', 'msr', '0xC0010130', 'GHCB MSR', { subMode: 'sev-es' }),
  num('sev', 'msr', '0xC001F000', 'SVSM calling-area MSR', { subMode: 'svsm' }),
  num('sev', 'cpuid', '0x8000001F', 'CPUID Fn8000_001F (SEV capabilities, C-bit position)', {
    subMode: 'sev',
  }),
  code('rep-vmmcall', 'sev', 'instruction', '\\brep\\s+vmmcall\\b', 'VMGEXIT (written `rep vmmcall`)', {
    subMode: 'sev-es',
    languages: NASM,
  }),
  ...exact('sev', 'instruction', 'vmgexit', 'VMGEXIT mnemonic', { subMode: 'sev-es', languages: NASM }),
  ...exact('sev', 'instruction', 'pvalidate rmpadjust', 'SEV-SNP instruction mnemonic', {
    subMode: 'sev-snp',
    languages: NASM,
  }),
  code(
    'vmgexit-bytes',
    'sev',
    'encoding',
    dbBytes([0xf3, 0x0f, 0x01, 0xd9]),
    'VMGEXIT encoding F3 0F 01 D9',
    {
      subMode: 'sev-es',
      languages: NASM,
    },
  ),
  code(
    'pvalidate-bytes',
    'sev',
    'encoding',
    dbBytes([0xf2, 0x0f, 0x01, 0xff]),
    'PVALIDATE encoding F2 0F 01 FF',
    {
      subMode: 'sev-snp',
      languages: NASM,
    },
  ),
  code(
    'rmpadjust-bytes',
    'sev',
    'encoding',
    dbBytes([0xf3, 0x0f, 0x01, 0xfe]),
    'RMPADJUST encoding F3 0F 01 FE',
    {
      subMode: 'sev-snp',
      languages: NASM,
    },
  ),

  // Identifiers built on SEV words: reset-vector and MpInitLib labels (CheckSevFeatures,
  // SevEsSetupGhcb, NoSevPass), legacy names, fields. `Severity`, `Seven`, `Several` are other
  // words; the Arm `sev` instruction is one lower-case word; ArmLib's `ArmCallSEV` wraps it.
  word('sev', 'Sev', 'SEV-named identifier', { exclude: ['ArmCallSEV', 'ArmCallSev'] }),
  word('sev', 'Ghcb', 'GHCB-named identifier (SEV-ES)', { subMode: 'sev-es' }),
  word('sev', 'Vmg', 'VMGEXIT-named identifier (SEV-ES)', { subMode: 'sev-es' }),
  word('sev', 'Vmgexit', 'VMGEXIT-named identifier (SEV-ES)', { subMode: 'sev-es' }),
  word('sev', 'Svsm', 'SVSM-named identifier', { subMode: 'svsm' }),
];

const TDX: Signature[] = [
  // Library classes and instances
  ...exact(
    'tdx',
    'library-class',
    'TdxLib MemEncryptTdxLib TdxHelperLib TdxMailboxLib TdxMeasurementLib',
    'TDX library class',
  ),
  ...exact(
    'tdx',
    'library-class',
    'HashLibTdx PrePiHobListPointerLibTdx',
    'TDX instance of a generic library class',
  ),
  ...exact(
    'tdx',
    'library-class',
    'PeilessStartupLib',
    'PEI-less startup library (TDX Config-B only; PeilessSecMeasureLib is Arm TPM, not CC)',
  ),
  ...exact('tdx', 'function', 'PeilessStartup', 'PEI-less startup entry (TDX Config-B)'),
  ...exact('tdx', 'name-tag', 'TdTcg2Dxe TdTcg2Pei', 'TD measurement driver (RTMR event log)'),

  // Mode predicates (IsTdx)
  ...exact('tdx', 'predicate', 'TdIsEnabled', 'mode check: TDX guest (CPUID 0x21 "IntelTDX    ")', {
    predicate: true,
  }),
  ...exact('tdx', 'predicate', 'MemEncryptTdxIsEnabled', 'mode check: TDX guest (CC guest attribute)', {
    predicate: true,
  }),
  ...exact('tdx', 'predicate', 'IsTdxGuest QemuFwCfgIsTdxGuest', 'mode check: TDX guest (library-internal)', {
    predicate: true,
  }),
  ...exact('tdx', 'predicate', 'IsTdx IsTdxEnabled', 'mode check: TDX guest (reset-vector routine)', {
    predicate: true,
  }),
  ...exact('tdx', 'predicate', 'CC_GUEST_IS_TDX', 'mode check: CC guest attribute is TDX', {
    predicate: true,
  }),

  // Functions and prefixes
  ...exact('tdx', 'function', 'TdCall', 'TDCALL wrapper'),
  ...exact('tdx', 'function', 'TdVmCall', 'TDG.VP.VMCALL wrapper'),
  ...exact('tdx', 'function', 'Td{AcceptPages,ExtendRtmr,SharedPageMask,MaxVCpuNum,VCpuNum}', 'TdxLib API'),
  ...exact('tdx', 'function', 'MemEncryptTdx{Set,Clear}PageSharedBit', 'TDX shared bit set/clear on a range'),
  ...prefixAny('tdx', 'function', 'TdxHelper', 'TdxHelperLib API (TD HOB, measurement)'),
  ...exact(
    'tdx',
    'function',
    'TdxMeasurement{MapPcrToMrIndex,BuildGuidHob,HashAndExtendToRtmr}',
    'TdxMeasurementLib API (RTMR)',
  ),
  ...exact(
    'tdx',
    'function',
    'GetTdxMailBox MpSerializeStart MpSerializeEnd MpSendWakeupCommand',
    'TdxMailboxLib API (generic-looking names, TDX-only)',
  ),
  ...exact('tdx', 'function', 'Td{Io,Mmio}{Read,Write}{,Fifo}{8,16,32,64}', 'IoLib TDVMCALL back end'),
  ...exact('tdx', 'function', 'CcExitHandleVe', '#VE exception handler (TDX)'),
  ...exact('tdx', 'function', 'TdVmCallCpuid TdVmcallCpuid', 'TDVMCALL CPUID'),
  ...exact(
    'tdx',
    'function',
    'IntelTdxInitialize PlatformTdxPublishRamRegions TransferTdxHobList',
    'PlatformPei / PlatformInitLib TDX hook',
  ),
  ...exact(
    'tdx',
    'function',
    'MpProtectedModeWakeupCommandAcceptPages',
    'TDX AP wake-up command: accept pages',
  ),
  prefix('tdx', 'function', 'Tdx', 'TDX-named function, variable, module or file'),
  prefix('tdx', 'function', 'Td', 'TD-named identifier (TDX)', {
    weak: true,
    // USB UHCI transfer descriptors (a bare `Td`, TdHw/TdSw, 2021-07 UhciPei TdStruct), BaseTools' TdList.
    exclude: ['Td', 'TdHw', 'TdSw', 'TdList', 'TdStruct'],
  }),

  // PCDs, GUIDs, HOBs, build macros
  ...exact('tdx', 'pcd', 'PcdTdxSharedBitMask', 'TDX shared-bit mask (consumed by generic CpuDxe paging)'),
  ...exact('tdx', 'pcd', 'PcdTdxAcceptPageSize', 'TDX page-accept granularity'),
  ...exact(
    'tdx',
    'pcd',
    'Pcd{Bfv,Cfv}{Base,RawDataOffset,RawDataSize}',
    'TDVF metadata section (also read by VirtHstiDxe)',
    {
      weak: true,
    },
  ),
  ...exact(
    'tdx',
    'pcd',
    'PcdOvmfDxeNonCcFv{Base,Size}',
    "TDX Config-B 'NonCc' FV (generic-looking name, TDX-only)",
  ),
  ...exact('tdx', 'guid', 'gEfiNonCcFvGuid', "TDX Config-B 'NonCc' FV (generic-looking name, TDX-only)"),
  idRegex('NonCc', 'tdx', 'function', 'NonCc(?![a-z])', ['NonCc'], "TDX Config-B 'NonCc' FV handling"),
  ...exact('tdx', 'name-tag', 'NCCFV', "TDX Config-B 'NonCc' FV (FDF name)", { languages: ['metadata'] }),
  ...exact('tdx', 'guid', 'gUefiOvmfPkgTdxAcpiHobGuid', 'HOB: Cloud Hypervisor TDX ACPI tables'),
  ...prefixAny(
    'tdx',
    'macro',
    'TdxMetadataGuid tdxMetadataOffset TdxGuidedStructure TDX_METADATA_',
    'TDVF metadata (reset vector)',
  ),
  ...prefixAny('tdx', 'type', 'TdHob', 'TD HOB (VMM-provided HOB list)'),
  ...exact('tdx', 'build-macro', 'TDX_GUEST_SUPPORTED TDX_PEI_LESS_BOOT', 'TDX build switch'),

  // Types and macros
  ...exact('tdx', 'type', 'TD_RETURN_DATA TD_REPORT_TYPE', 'TDCALL result / TD report'),
  ...prefixAny('tdx', 'macro', 'TDCALL_', 'TDCALL leaf'),
  ...prefixAny('tdx', 'macro', 'TDVMCALL', 'TDVMCALL sub-function'),
  ...prefixAny('tdx', 'macro', 'TDX_EXIT_REASON_', 'TDX status code'),
  ...exact('tdx', 'type', 'TDX_WORK_AREA SEC_TDX_WORK_AREA TDX_MEASUREMENTS_DATA', 'SEC work area (TDX)'),
  ...exact('tdx', 'macro', 'CCAttrIntelTdx CcGuestTypeIntelTdx', 'mode value: TDX guest', {
    predicate: true,
  }),
  ...prefixAny('tdx', 'cpuid', 'CPUID_GUESTTD_', 'CPUID leaf 0x21 ("IntelTDX    ")'),
  ...exact('tdx', 'macro', 'VE_EXCEPTION', '#VE exception vector (TDX)'),
  ...prefixAny('tdx', 'macro', 'TDX_MR_INDEX_ CC_MR_INDEX_', 'MRTD/RTMR measurement-register index'),
  ...prefixAny(
    'tdx',
    'macro',
    'EXIT_REASON_',
    'VMX exit reason decoded by the TDX #VE handler (generic VMX name)',
    {
      weak: true,
    },
  ),
  ...exact('tdx', 'type', 'MP_WAKEUP_MAILBOX', 'ACPI MADT MP-wakeup mailbox (ACPI-generic, TDX-only here)', {
    weak: true,
  }),
  ...prefixAny('tdx', 'macro', 'MP_CPU_PROTECTED_MODE_', 'MP-wakeup mailbox command (TDX)', { weak: true }),

  // Hardware: instruction, encodings, CPUID signature, reset-vector values
  code('tdcall-bytes', 'tdx', 'encoding', dbBytes([0x66, 0x0f, 0x01, 0xcc]), 'TDCALL encoding 66 0F 01 CC', {
    languages: NASM,
  }),
  ...exact('tdx', 'instruction', 'tdcall TDCALL', 'TDCALL (NASM macro over its encoding)', {
    languages: NASM,
  }),
  ...prefixAny('tdx', 'macro', 'tdcall_', 'TDCALL register save/restore macro', { languages: NASM }),
  num('tdx', 'cpuid', '0x65746E49', 'CPUID 0x21 EBX "Inte" (TDX signature)'),
  num('tdx', 'cpuid', '0x5844546C', 'CPUID 0x21 EDX "lTDX" (TDX signature)'),
  ...exact('tdx', 'macro', 'VM_GUEST_TDX VM_GUEST_TYPE_TDX', 'mode value: work-area guest type TDX', {
    predicate: true,
  }),
  ...exact('tdx', 'macro', 'TDX_BSP TDX_AP TDX_AP_5_LEVEL', 'reset-vector TDX BSP/AP dispatch value'),
  ...prefixAny('tdx', 'macro', 'TDX_WORK_AREA_', 'SEC work area field (TDX)'),

  // Identifiers built on the TDX word (NASM labels IsTdx/InitTdx, tdxMetadataOffsetStart, TDX_*).
  word('tdx', 'Tdx', 'TDX-named identifier'),
];

const CCA: Signature[] = [
  ...exact(
    'cca',
    'library-class',
    'ArmCcaLib ArmCcaRsiLib ArmCcaInitPeiLib ArmCcaBootSyncCryptoLib',
    'Arm CCA library class',
  ),
  ...exact('cca', 'predicate', 'ArmCcaIsRealm', 'mode check: running in an Arm CCA Realm', {
    predicate: true,
  }),
  ...exact(
    'cca',
    'predicate',
    'ArmHasRme',
    'CPU implements RME (ID_AA64PFR0_EL1.RME); not proof of running in a Realm',
    { predicate: true, weak: true },
  ),
  prefix('cca', 'function', 'ArmCcaRsi', 'Realm Service Interface call (RSI)'),
  ...exact(
    'cca',
    'function',
    'ArmCca{GetIpaWidth,MemRangeIsProtectedMmio,ConfigureSystemMemory,InitialiseHobs,SetMemoryProtectionAttribute}',
    'ArmCcaLib API (IPA width, protected MMIO, RIPAS, HOBs, PTE bit)',
  ),
  ...prefixAny('cca', 'function', 'ArmCca', 'Arm CCA-named identifier'),
  ...exact('cca', 'guid', 'gArmCca{IpaWidth,IsRealm}Guid', 'HOB caching the IPA width / Realm state'),
  ...prefixAny('cca', 'macro', 'ARM_CCA_FID_RSI_', 'RSI SMC function id'),
  ...exact('cca', 'macro', 'RSI_SUCCESS RSI_INCOMPLETE RSI_VERSION_MASK RMM_VERSION', 'RSI status / version'),
  ...prefixAny('cca', 'macro', 'RSI_ERROR_ RSI_VER_ RSI_GET_', 'RSI status / version'),
  ...prefixAny(
    'cca',
    'type',
    'ARM_CCA_ ARMCCA_',
    'Arm CCA definitions (Realm config, RIPAS, measurement index)',
  ),
  prefix('cca', 'type', 'Ripas', 'Realm IPA state (RIPAS)'),
  ...exact('cca', 'macro', 'AARCH64_PFR0_RME', 'ID_AA64PFR0_EL1.RME field'),
  ...exact('cca', 'macro', 'CcaProtectionAttribute', 'Realm protection (NS) PTE attribute'),
  idRegex('CC_TYPE_ARMCCA', 'cca', 'macro', 'CC_TYPE_ARMCCA$', ['CC_TYPE_ARMCCA'], 'CCEL CC type: Arm CCA'),
];

const CC: Signature[] = [
  ...exact('cc', 'library-class', 'CcProbeLib CcProbeLibNull', 'CC guest-type probe library'),
  ...exact(
    'cc',
    'predicate',
    'CcProbe',
    'mode check: returns the CC guest type (compare with CcGuestType*)',
    {
      predicate: true,
    },
  ),
  ...exact('cc', 'library-class', 'CcExitLib CcExitLibNull SecCcExitLib', 'CC #VC/#VE exit library class'),
  ...exact(
    'cc',
    'predicate',
    'ConfidentialComputingGuestHas',
    'mode check: CC guest attribute has the given CCAttr* value',
    { predicate: true },
  ),
  ...exact('cc', 'predicate', 'QemuFwCfgIsCcGuest', 'mode check: any CC guest (fw_cfg)', { predicate: true }),
  ...exact(
    'cc',
    'pcd',
    'PcdConfidentialComputingGuestAttr',
    'mode source: CC guest attribute (CCAttr* value)',
    {
      predicate: true,
    },
  ),
  prefix('cc', 'macro', 'CCAttr', 'CC guest attribute value', { predicate: true }),
  ...exact('cc', 'type', 'CONFIDENTIAL_COMPUTING_GUEST_ATTR', 'CC guest attribute type'),
  prefix('cc', 'macro', 'CcGuestType', 'CC guest type value (work-area GuestType)', { predicate: true }),
  ...exact('cc', 'type', 'CC_GUEST_TYPE', 'CC guest type'),
  ...exact(
    'cc',
    'type',
    'CONFIDENTIAL_COMPUTING_WORK_AREA_HEADER OVMF_WORK_AREA CcWorkAreaHeader',
    'OVMF work area (guest type byte)',
  ),
  ...prefixAny('cc', 'pcd', 'PcdOvmfWorkArea', 'OVMF work area (guest type byte)'),
  ...exact('cc', 'pcd', 'PcdOvmfConfidentialComputingWorkAreaHeader', 'OVMF work area (guest type byte)'),
  ...exact('cc', 'macro', 'WORK_AREA_GUEST_TYPE', 'mode check: work-area guest type byte (NASM)', {
    predicate: true,
  }),
  ...exact(
    'cc',
    'guid',
    'gEdkiiMemoryAcceptProtocolGuid',
    'memory-accept protocol (SEV-SNP and TDX producers)',
  ),
  ...prefixAny(
    'cc',
    'type',
    'EDKII_MEMORY_ACCEPT_PROTOCOL',
    'memory-accept protocol (SEV-SNP and TDX producers)',
  ),
  ...exact(
    'cc',
    'type',
    'EFI_RESOURCE_MEMORY_UNACCEPTED EfiUnacceptedMemoryType EfiGcdMemoryTypeUnaccepted',
    'unaccepted memory type (also handled by generic DxeCore/ShellPkg code)',
    { weak: true },
  ),
  ...exact(
    'cc',
    'guid',
    'gEfiCcMeasurementProtocolGuid gEfiCcFinalEventsTableGuid gCcEventEntryHobGuid gEdkiiCcPpiGuid',
    'CC measurement protocol, final events table, event HOB or PPI',
  ),
  ...prefixAny('cc', 'type', 'EFI_CC_ EDKII_CC_ CC_EVENT', 'CC measurement / event-log definition'),
  ...prefixAny('cc', 'function', 'CcMeasure CcEvent', 'CC measurement / event log'),
  ...exact('cc', 'function', 'MapPcrToMrIndex', 'CC measurement: PCR to MR index'),
  idRegex(
    'CONFIDENTIAL_COMPUTING_EVENT_LOG_TABLE',
    'cc',
    'type',
    'CONFIDENTIAL_COMPUTING_EVENT_LOG_TABLE',
    ['CONFIDENTIAL_COMPUTING_EVENT_LOG_TABLE'],
    'ACPI CCEL table',
  ),
  idRegex('CC_TYPE_SEV', 'sev', 'macro', '_CC_TYPE_SEV$', ['_CC_TYPE_SEV'], 'CCEL CC type: SEV', {
    subMode: 'sev',
  }),
  idRegex('CC_TYPE_TDX', 'tdx', 'macro', '_CC_TYPE_TDX$', ['_CC_TYPE_TDX'], 'CCEL CC type: TDX'),
  idRegex('CC_TYPE', 'cc', 'macro', '_CC_TYPE_', ['_CC_TYPE_'], 'CCEL CC type'),
  ...exact('cc', 'type', 'CCEL', 'ACPI CCEL table'),
  ...prefixAny('cc', 'pcd', 'PcdCcEventlogAcpiTable', 'ACPI CCEL table location'),
  ...exact('cc', 'build-macro', 'CC_MEASUREMENT_ENABLE', 'CC measurement build switch (TdTcg2Pei/TdTcg2Dxe)'),
  ...prefixAny('cc', 'type', 'CC_INSTRUCTION_', 'shared #VC/#VE instruction decoder'),
  ...exact(
    'cc',
    'function',
    'Cc{DecodeModRm,InitInstructionData,GetRegisterPointer}',
    'shared #VC/#VE instruction decoder',
  ),
  prefix('cc', 'type', 'CcInstruction', 'shared #VC/#VE instruction decoder'),
  ...prefixAny('cc', 'function', 'CcIoMmu', 'CC IOMMU (bounce buffers for DMA)'),
  prefix('cc', 'type', 'ConfidentialComputing', 'vendor-neutral CC definition'),
  ...prefixAny('cc', 'type', 'CONFIDENTIAL_COMPUTING_', 'vendor-neutral CC definition'),
];

/** The built-in table, sorted by nothing in particular: ids are unique, order is precedence. */
export const BUILTIN_SIGNATURES: readonly Signature[] = [...SEV, ...TDX, ...CCA, ...CC];

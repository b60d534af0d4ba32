/**
 * CC APIs that are safe to call in any guest: every instance checks the mode itself, or the call
 * only happens in that mode. A call to one of them from common code is a hook (spec 3.2.A.1), not
 * inline CC logic, and needs no guard. Each entry was read in edk2 master.
 */
export const DEFAULT_MODE_SAFE_APIS: readonly string[] = [
  // #VC/#VE handlers: CpuExceptionHandlerLib calls them only when the exception is taken, which
  // only an SEV-ES guest (#VC) or a TD (#VE) does; CcExitLibNull returns EFI_UNSUPPORTED.
  'CcExitHandleVc',
  'CcExitHandleVe',
  'VmgExitHandleVc',
  // MemEncryptSevLib: returns 0 when the work area says "no SEV" (every instance).
  'MemEncryptSevGetEncryptionMask',
  // MemEncryptSevLib: returns where the initial SMRAM save-state map is; no SEV operation.
  'MemEncryptSevLocateInitialSmramSaveStateMapPages',
  // MemEncryptSevLib: every instance returns at once unless MemEncryptSevSnpIsEnabled ().
  'MemEncryptSevSnpPreValidateSystemRam',
  'MemEncryptSevSnpDoCoherencyMitigation',
  // AmdSvsmLib: return 0/FALSE unless AmdSvsmIsSvsmPresent (); the Null instance likewise.
  'AmdSvsmSnpGetVmpl',
  'AmdSvsmSnpGetCaa',
  'AmdSvsmVtpmQuery',
  'AmdSvsmVtpmCmd',
  'AmdSvsmQueryProtocol',
  // ArmCcaLib / ArmCcaInitPeiLib: return RETURN_UNSUPPORTED or at once unless ArmCcaIsRealm ().
  'ArmCcaGetIpaWidth',
  'ArmCcaConfigureSystemMemory',
  'ArmCcaInitialiseHobs',
  // TdxMeasurementLib: maps a PCR index to an MR index, no TDCALL.
  'TdxMeasurementMapPcrToMrIndex',
];

/** @file
  CPU intrinsics and the hardware probes for SEV and TDX guests.

  SPDX-License-Identifier: MIT
**/

#ifndef BASE_LIB_H_
#define BASE_LIB_H_

VOID
EFIAPI
AsmCpuid (
  IN  UINT32  Index,
  OUT UINT32  *Eax OPTIONAL,
  OUT UINT32  *Ebx OPTIONAL,
  OUT UINT32  *Ecx OPTIONAL,
  OUT UINT32  *Edx OPTIONAL
  );

UINT64
EFIAPI
AsmReadMsr64 (
  IN UINT32  Index
  );

VOID
EFIAPI
AsmWriteMsr64 (
  IN UINT32  Index,
  IN UINT64  Value
  );

VOID
EFIAPI
CpuPause (
  VOID
  );

/**
  TRUE when running as an AMD SEV guest (CPUID 0x8000001F and MSR 0xC0010131).
**/
BOOLEAN
EFIAPI
SevGuestIsEnabled (
  VOID
  );

/**
  Exit to the hypervisor through the GHCB (VMGEXIT, encoded as rep vmmcall).
**/
VOID
EFIAPI
AsmVmgExit (
  VOID
  );

/**
  TRUE when running as an Intel TDX guest (CPUID leaf 0x21 says "IntelTDX").
**/
BOOLEAN
EFIAPI
TdIsEnabled (
  VOID
  );

#endif

/** @file
  SEV, SEV-ES and SEV-SNP state of the guest, and its C-bit position.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/BaseLib.h>
#include <Library/MemEncryptSevLib.h>
#include <Library/PcdLib.h>

#define MSR_SEV_STATUS                0xC0010131
#define MSR_SEV_STATUS_SEV            BIT0
#define MSR_SEV_STATUS_SEV_ES         BIT1
#define MSR_SEV_STATUS_SEV_SNP        BIT2
#define CPUID_MEMORY_ENCRYPTION_INFO  0x8000001F

STATIC
UINT64
ReadSevStatus (
  VOID
  )
{
 #ifdef MEM_ENCRYPT_SEV_SEC
  //
  // The reset vector stored the MSR value at the start of the SEV-ES work
  // area (0 for a guest without SEV).
  //
  return *(volatile UINT64 *)(UINTN)FixedPcdGet32 (PcdSevEsWorkAreaBase);
 #else
  if (!SevGuestIsEnabled ()) {
    return 0;
  }

  return AsmReadMsr64 (MSR_SEV_STATUS);
 #endif
}

BOOLEAN
EFIAPI
MemEncryptSevIsEnabled (
  VOID
  )
{
  return (ReadSevStatus () & MSR_SEV_STATUS_SEV) != 0;
}

BOOLEAN
EFIAPI
MemEncryptSevEsIsEnabled (
  VOID
  )
{
  return (ReadSevStatus () & MSR_SEV_STATUS_SEV_ES) != 0;
}

BOOLEAN
EFIAPI
MemEncryptSevSnpIsEnabled (
  VOID
  )
{
  return (ReadSevStatus () & MSR_SEV_STATUS_SEV_SNP) != 0;
}

UINT64
EFIAPI
MemEncryptSevGetEncryptionMask (
  VOID
  )
{
  UINT32  Ebx;

  if (!MemEncryptSevIsEnabled ()) {
    return 0;
  }

  //
  // CPUID 0x8000001F EBX[5:0] is the C-bit position.
  //
  AsmCpuid (CPUID_MEMORY_ENCRYPTION_INFO, NULL, &Ebx, NULL, NULL);
  return 1ULL << (Ebx & 0x3F);
}

/** @file
  AMD SEV guest probe and the VMGEXIT instruction.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/BaseLib.h>

#define CPUID_MAX_EXTENDED_LEAF      0x80000000
#define CPUID_MEMORY_ENCRYPTION_INFO 0x8000001F
#define MSR_SEV_STATUS               0xC0010131
#define MSR_SEV_STATUS_SEV_ENABLED   BIT0

BOOLEAN
EFIAPI
SevGuestIsEnabled (
  VOID
  )
{
  UINT32  MaxLeaf;
  UINT32  Features;

  AsmCpuid (CPUID_MAX_EXTENDED_LEAF, &MaxLeaf, NULL, NULL, NULL);
  if (MaxLeaf < CPUID_MEMORY_ENCRYPTION_INFO) {
    return FALSE;
  }

  //
  // EAX bit 1: the processor can run SEV guests at all.
  //
  AsmCpuid (CPUID_MEMORY_ENCRYPTION_INFO, &Features, NULL, NULL, NULL);
  if ((Features & BIT1) == 0) {
    return FALSE;
  }

  return (AsmReadMsr64 (MSR_SEV_STATUS) & MSR_SEV_STATUS_SEV_ENABLED) != 0;
}

VOID
EFIAPI
AsmVmgExit (
  VOID
  )
{
  __asm__ __volatile__ ("rep; vmmcall" : : : "memory");
}

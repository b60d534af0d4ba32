/** @file
  Arm CCA Realm detection and the RSI version call.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/ArmCcaLib.h>
#include <Library/ArmLib.h>

#define AARCH64_PFR0_RME_SHIFT     52
#define AARCH64_PFR0_RME_MASK      0xFULL
#define ARM_CCA_FID_RSI_VERSION    0xC4000190
#define RSI_SUCCESS                0
#define RSI_ABI_VERSION            0x00010000

STATIC
UINT64
ArmCcaRsiCall (
  IN  UINT64  Fid,
  IN  UINT64  Arg1,
  OUT UINT64  *Result1
  )
{
  register UINT64  X0 __asm__ ("x0") = Fid;
  register UINT64  X1 __asm__ ("x1") = Arg1;
  register UINT64  X2 __asm__ ("x2");

  __asm__ __volatile__ ("smc #0" : "+r" (X0), "+r" (X1), "=r" (X2) : : "memory");
  *Result1 = X1;
  return X0;
}

RETURN_STATUS
EFIAPI
ArmCcaRsiGetVersion (
  OUT UINT32  *Major,
  OUT UINT32  *Minor
  )
{
  UINT64  Lower;

  if (ArmCcaRsiCall (ARM_CCA_FID_RSI_VERSION, RSI_ABI_VERSION, &Lower) != RSI_SUCCESS) {
    return RETURN_UNSUPPORTED;
  }

  *Major = (UINT32)(Lower >> 16);
  *Minor = (UINT32)(Lower & 0xFFFF);
  return RETURN_SUCCESS;
}

/**
  A Realm needs RME in the processor and an RMM that answers RSI_VERSION.
**/
BOOLEAN
EFIAPI
ArmCcaIsRealm (
  VOID
  )
{
  UINT32  Major;
  UINT32  Minor;

  if (((ArmReadIdAA64Pfr0 () >> AARCH64_PFR0_RME_SHIFT) & AARCH64_PFR0_RME_MASK) == 0) {
    return FALSE;
  }

  return !RETURN_ERROR (ArmCcaRsiGetVersion (&Major, &Minor));
}

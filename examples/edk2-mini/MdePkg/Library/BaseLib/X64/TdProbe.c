/** @file
  Intel TDX guest probe.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/BaseLib.h>

#define CPUID_TDX_LEAF  0x21

//
// "IntelTDX    " as returned in EBX, EDX, ECX.
//
#define TDX_SIGNATURE_EBX  0x65746E49
#define TDX_SIGNATURE_EDX  0x5844546C
#define TDX_SIGNATURE_ECX  0x20202020

BOOLEAN
EFIAPI
TdIsEnabled (
  VOID
  )
{
  UINT32  MaxLeaf;
  UINT32  Ebx;
  UINT32  Ecx;
  UINT32  Edx;

  AsmCpuid (0, &MaxLeaf, NULL, NULL, NULL);
  if (MaxLeaf < CPUID_TDX_LEAF) {
    return FALSE;
  }

  AsmCpuid (CPUID_TDX_LEAF, NULL, &Ebx, &Ecx, &Edx);
  return Ebx == TDX_SIGNATURE_EBX && Edx == TDX_SIGNATURE_EDX && Ecx == TDX_SIGNATURE_ECX;
}

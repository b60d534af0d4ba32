/** @file
  Event and ID-register helpers for AArch64, as GCC inline assembly.
  "sev" below is the Arm Send Event instruction.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/ArmLib.h>

VOID
EFIAPI
ArmCallSEV (
  VOID
  )
{
  __asm__ __volatile__ ("dsb sy\n\tsev" : : : "memory");
}

VOID
EFIAPI
ArmCallWFE (
  VOID
  )
{
  __asm__ __volatile__ ("wfe" : : : "memory");
}

UINT64
EFIAPI
ArmReadIdAA64Pfr0 (
  VOID
  )
{
  UINT64  Value;

  __asm__ __volatile__ ("mrs %0, id_aa64pfr0_el1" : "=r" (Value));
  return Value;
}

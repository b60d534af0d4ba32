/** @file
  MemEncryptSevLib that reports a guest without SEV and changes no page.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/MemEncryptSevLib.h>

BOOLEAN
EFIAPI
MemEncryptSevIsEnabled (
  VOID
  )
{
  return FALSE;
}

BOOLEAN
EFIAPI
MemEncryptSevEsIsEnabled (
  VOID
  )
{
  return FALSE;
}

BOOLEAN
EFIAPI
MemEncryptSevSnpIsEnabled (
  VOID
  )
{
  return FALSE;
}

UINT64
EFIAPI
MemEncryptSevGetEncryptionMask (
  VOID
  )
{
  return 0;
}

RETURN_STATUS
EFIAPI
MemEncryptSevClearPageEncMask (
  IN PHYSICAL_ADDRESS  Cr3BaseAddress,
  IN PHYSICAL_ADDRESS  BaseAddress,
  IN UINTN             NumPages
  )
{
  return RETURN_UNSUPPORTED;
}

RETURN_STATUS
EFIAPI
MemEncryptSevSetPageEncMask (
  IN PHYSICAL_ADDRESS  Cr3BaseAddress,
  IN PHYSICAL_ADDRESS  BaseAddress,
  IN UINTN             NumPages
  )
{
  return RETURN_UNSUPPORTED;
}

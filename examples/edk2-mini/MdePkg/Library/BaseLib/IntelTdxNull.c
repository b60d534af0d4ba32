/** @file
  TDX probe for architectures without TDX guests: never a TD.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/BaseLib.h>

/**
  IA32 firmware never runs inside a trust domain.
**/
BOOLEAN
EFIAPI
TdIsEnabled (
  VOID
  )
{
  return FALSE;
}

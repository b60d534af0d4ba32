/** @file
  SEV probe for architectures without SEV guests: never SEV.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/BaseLib.h>

BOOLEAN
EFIAPI
SevGuestIsEnabled (
  VOID
  )
{
  return FALSE;
}

VOID
EFIAPI
AsmVmgExit (
  VOID
  )
{
}

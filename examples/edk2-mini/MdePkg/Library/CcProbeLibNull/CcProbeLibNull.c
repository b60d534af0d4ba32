/** @file
  CcProbe for platforms without CC support.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/CcProbeLib.h>

/**
  A platform that maps this instance never runs in a CC guest, so the
  answer is always the same.
**/
CC_GUEST_TYPE
EFIAPI
CcProbe (
  VOID
  )
{
  return CcGuestTypeNonEncrypted;
}

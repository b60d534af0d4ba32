/** @file
  Realm set-up for platforms without Realm support: nothing to do.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/ArmCcaInitPeiLib.h>

/**
  The platform PEIM calls this in every guest. Without Realm support every
  guest is a normal one, so there is nothing to configure.
**/
RETURN_STATUS
EFIAPI
ArmCcaInitialize (
  VOID
  )
{
  return RETURN_SUCCESS;
}

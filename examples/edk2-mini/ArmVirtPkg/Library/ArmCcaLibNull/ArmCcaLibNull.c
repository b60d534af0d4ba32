/** @file
  ArmCcaLib for platforms without Realm support: never a Realm.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/ArmCcaLib.h>

BOOLEAN
EFIAPI
ArmCcaIsRealm (
  VOID
  )
{
  return FALSE;
}

RETURN_STATUS
EFIAPI
ArmCcaRsiGetVersion (
  OUT UINT32  *Major,
  OUT UINT32  *Minor
  )
{
  return RETURN_UNSUPPORTED;
}

/** @file
  PcdLib without a PCD database.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/PcdLib.h>

UINT64
EFIAPI
LibPcdGet64 (
  IN UINTN  TokenNumber
  )
{
  return 0;
}

RETURN_STATUS
EFIAPI
LibPcdSet64S (
  IN UINTN   TokenNumber,
  IN UINT64  Value
  )
{
  return RETURN_SUCCESS;
}

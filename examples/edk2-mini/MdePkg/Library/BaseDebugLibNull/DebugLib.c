/** @file
  DebugLib without output: release builds of the example platforms.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/DebugLib.h>

VOID
EFIAPI
DebugPrint (
  IN UINTN        ErrorLevel,
  IN CONST CHAR8  *Format,
  ...
  )
{
}

VOID
EFIAPI
DebugAssert (
  IN CONST CHAR8  *FileName,
  IN UINTN        LineNumber,
  IN CONST CHAR8  *Description
  )
{
}

/** @file
  TdxLib for architectures without TDX: every call fails.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/TdxLib.h>

UINT64
EFIAPI
TdCall (
  IN  UINT64  Leaf,
  IN  UINT64  Arg1,
  IN  UINT64  Arg2,
  IN  UINT64  Arg3,
  OUT VOID    *Results OPTIONAL
  )
{
  return (UINT64)-1;
}

UINT64
EFIAPI
TdVmCall (
  IN  UINT64  Leaf,
  IN  UINT64  Arg1,
  IN  UINT64  Arg2,
  IN  UINT64  Arg3,
  IN  UINT64  Arg4,
  OUT VOID    *Results OPTIONAL
  )
{
  return (UINT64)-1;
}

UINT64
EFIAPI
TdSharedPageMask (
  VOID
  )
{
  return 0;
}

/** @file
  CcExitLib that handles nothing. Linked where no #VC or #VE can occur; a
  module that does take them gets EFI_UNSUPPORTED and stops.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/CcExitLib.h>

UINT64
EFIAPI
CcExitVmgExit (
  IN OUT GHCB    *Ghcb,
  IN     UINT64  ExitCode,
  IN     UINT64  ExitInfo1,
  IN     UINT64  ExitInfo2
  )
{
  return 0;
}

VOID
EFIAPI
CcExitVmgInit (
  IN OUT GHCB     *Ghcb,
  IN OUT BOOLEAN  *InterruptState
  )
{
}

VOID
EFIAPI
CcExitVmgDone (
  IN OUT GHCB     *Ghcb,
  IN     BOOLEAN  InterruptState
  )
{
}

EFI_STATUS
EFIAPI
CcExitHandleVc (
  IN OUT UINTN  *ExceptionType,
  IN OUT VOID   *SystemContext
  )
{
  return EFI_UNSUPPORTED;
}

EFI_STATUS
EFIAPI
CcExitHandleVe (
  IN OUT UINTN  *ExceptionType,
  IN OUT VOID   *SystemContext
  )
{
  return EFI_UNSUPPORTED;
}

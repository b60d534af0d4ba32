/** @file
  Entry points of the CC exception handlers. Each checks the guest mode and
  hands the exception to the handler of its technology.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/CcExitLib.h>
#include <Library/MemEncryptSevLib.h>

EFI_STATUS
SevVcHandle (
  IN OUT UINTN  *ExceptionType,
  IN OUT VOID   *SystemContext
  );

EFI_STATUS
TdxVeHandle (
  IN OUT UINTN  *ExceptionType,
  IN OUT VOID   *SystemContext
  );

/**
  #VC: only an SEV-ES or SEV-SNP guest takes it.
**/
EFI_STATUS
EFIAPI
CcExitHandleVc (
  IN OUT UINTN  *ExceptionType,
  IN OUT VOID   *SystemContext
  )
{
  if (MemEncryptSevEsIsEnabled ()) {
    return SevVcHandle (ExceptionType, SystemContext);
  }

  return EFI_UNSUPPORTED;
}

/**
  #VE: only a TD takes it.
**/
EFI_STATUS
EFIAPI
CcExitHandleVe (
  IN OUT UINTN  *ExceptionType,
  IN OUT VOID   *SystemContext
  )
{
  if (MemEncryptSevIsEnabled ()) {
    return TdxVeHandle (ExceptionType, SystemContext);
  }

  return EFI_UNSUPPORTED;
}

/** @file
  Exits from a confidential guest: the GHCB protocol of SEV-ES/SNP and the
  #VC and #VE exception handlers.

  SPDX-License-Identifier: MIT
**/

#ifndef CC_EXIT_LIB_H_
#define CC_EXIT_LIB_H_

#include <Uefi.h>

typedef struct {
  UINT64    ExitCode;
  UINT64    ExitInfo1;
  UINT64    ExitInfo2;
  UINT64    Rax;
  UINT8     SharedBuffer[2048];
} GHCB;

UINT64
EFIAPI
CcExitVmgExit (
  IN OUT GHCB    *Ghcb,
  IN     UINT64  ExitCode,
  IN     UINT64  ExitInfo1,
  IN     UINT64  ExitInfo2
  );

VOID
EFIAPI
CcExitVmgInit (
  IN OUT GHCB     *Ghcb,
  IN OUT BOOLEAN  *InterruptState
  );

VOID
EFIAPI
CcExitVmgDone (
  IN OUT GHCB     *Ghcb,
  IN     BOOLEAN  InterruptState
  );

/**
  #VC handler (SEV-ES, SEV-SNP). EFI_UNSUPPORTED when not such a guest.
**/
EFI_STATUS
EFIAPI
CcExitHandleVc (
  IN OUT UINTN  *ExceptionType,
  IN OUT VOID   *SystemContext
  );

/**
  #VE handler (TDX). EFI_UNSUPPORTED when not a TD.
**/
EFI_STATUS
EFIAPI
CcExitHandleVe (
  IN OUT UINTN  *ExceptionType,
  IN OUT VOID   *SystemContext
  );

#endif

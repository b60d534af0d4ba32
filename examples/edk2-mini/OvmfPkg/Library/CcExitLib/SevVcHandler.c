/** @file
  GHCB protocol and #VC handler for SEV-ES and SEV-SNP guests.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/BaseLib.h>
#include <Library/CcExitLib.h>
#include <Library/DebugLib.h>

#define MSR_SEV_ES_GHCB   0xC0010130
#define SVM_EXIT_CPUID    0x72
#define SVM_EXIT_IOIO     0x7B
#define GHCB_RESULT_OK    0

typedef struct {
  UINT64    ErrorCode;
  UINT64    Rip;
  UINT64    Rax;
  UINT64    Rcx;
} VC_CONTEXT;

UINT64
EFIAPI
CcExitVmgExit (
  IN OUT GHCB    *Ghcb,
  IN     UINT64  ExitCode,
  IN     UINT64  ExitInfo1,
  IN     UINT64  ExitInfo2
  )
{
  Ghcb->ExitCode  = ExitCode;
  Ghcb->ExitInfo1 = ExitInfo1;
  Ghcb->ExitInfo2 = ExitInfo2;
  AsmWriteMsr64 (MSR_SEV_ES_GHCB, (UINT64)(UINTN)Ghcb);
  AsmVmgExit ();
  return Ghcb->ExitInfo1 & 0xFFFFFFFF;
}

VOID
EFIAPI
CcExitVmgInit (
  IN OUT GHCB     *Ghcb,
  IN OUT BOOLEAN  *InterruptState
  )
{
  *InterruptState = FALSE;
  Ghcb->ExitCode  = 0;
}

VOID
EFIAPI
CcExitVmgDone (
  IN OUT GHCB     *Ghcb,
  IN     BOOLEAN  InterruptState
  )
{
  Ghcb->ExitCode = 0;
}

/**
  Emulate the instruction that raised #VC through the GHCB.
**/
EFI_STATUS
SevVcHandle (
  IN OUT UINTN  *ExceptionType,
  IN OUT VOID   *SystemContext
  )
{
  VC_CONTEXT  *Context;
  GHCB        *Ghcb;
  UINT64      Result;

  Context = SystemContext;
  Ghcb    = (GHCB *)(UINTN)AsmReadMsr64 (MSR_SEV_ES_GHCB);
  Result  = CcExitVmgExit (Ghcb, Context->ErrorCode, 0, 0);
  if (Result != GHCB_RESULT_OK) {
    DEBUG ((DEBUG_ERROR, "#VC exit 0x%lx failed\n", Context->ErrorCode));
    return EFI_UNSUPPORTED;
  }

  Context->Rax  = Ghcb->Rax;
  Context->Rip += (Context->ErrorCode == SVM_EXIT_CPUID) ? 2 : 1;
  return EFI_SUCCESS;
}

/** @file
  Start the APs and log how many there are. On failure, dump the register
  state the exception handler saved.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/DebugLib.h>
#include <Library/MpInitLib.h>

typedef struct {
  UINT64    Rax;
  UINT64    Rbx;
  UINT64    Rcx;
  UINT64    Rdx;
  UINT64    Rsi;
  UINT64    Rdi;
  UINT64    Rip;
} CPU_REGISTER_DUMP;

STATIC CPU_REGISTER_DUMP  mLastFault;

STATIC
VOID
DumpLastFault (
  VOID
  )
{
  DEBUG ((DEBUG_ERROR, "RIP=%lx RAX=%lx RBX=%lx\n", mLastFault.Rip, mLastFault.Rax, mLastFault.Rbx));
  DEBUG ((DEBUG_ERROR, "RSI=%lx RDI=%lx\n", mLastFault.Rsi, mLastFault.Rdi));
}

EFI_STATUS
EFIAPI
CpuMpPeimInit (
  IN       EFI_PEI_FILE_HANDLE  FileHandle,
  IN CONST EFI_PEI_SERVICES     **PeiServices
  )
{
  EFI_STATUS  Status;

  Status = MpInitLibInitialize ();
  if (EFI_ERROR (Status)) {
    DumpLastFault ();
    return Status;
  }

  DEBUG ((DEBUG_INFO, "CpuMpPei: %lu processors\n", MpInitLibGetProcessorCount ()));
  return EFI_SUCCESS;
}

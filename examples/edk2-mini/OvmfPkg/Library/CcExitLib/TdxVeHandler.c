/** @file
  #VE handler for TDX guests: ask the TDX module what happened, then let the
  VMM emulate it with TDVMCALL.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/DebugLib.h>
#include <Library/TdxLib.h>

#define TDCALL_TDGETVEINFO   3
#define EXIT_REASON_CPUID    10
#define EXIT_REASON_HLT      12

typedef struct {
  UINT64    ExitReason;
  UINT64    ExitQualification;
  UINT64    InstructionLength;
} TDX_VE_INFO;

typedef struct {
  UINT64    Rip;
  UINT64    Rax;
} VE_CONTEXT;

EFI_STATUS
TdxVeHandle (
  IN OUT UINTN  *ExceptionType,
  IN OUT VOID   *SystemContext
  )
{
  VE_CONTEXT   *Context;
  TDX_VE_INFO  VeInfo;
  UINT64       Status;

  Context = SystemContext;
  Status  = TdCall (TDCALL_TDGETVEINFO, 0, 0, 0, &VeInfo);
  if (Status != 0) {
    return EFI_UNSUPPORTED;
  }

  switch (VeInfo.ExitReason) {
    case EXIT_REASON_CPUID:
    case EXIT_REASON_HLT:
      Status = TdVmCall (VeInfo.ExitReason, Context->Rax, 0, 0, 0, &Context->Rax);
      break;
    default:
      DEBUG ((DEBUG_ERROR, "#VE exit reason %lu not handled\n", VeInfo.ExitReason));
      return EFI_UNSUPPORTED;
  }

  Context->Rip += VeInfo.InstructionLength;
  return Status == 0 ? EFI_SUCCESS : EFI_UNSUPPORTED;
}

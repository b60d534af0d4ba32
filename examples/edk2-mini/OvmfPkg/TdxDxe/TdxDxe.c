/** @file
  TDX guest set-up in DXE: produce the memory-accept protocol so that the
  DXE core can accept unaccepted memory before handing it out.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/CcProbeLib.h>
#include <Library/DebugLib.h>
#include <Library/PcdLib.h>
#include <Library/TdxLib.h>

typedef EFI_STATUS (EFIAPI *EDKII_ACCEPT_MEMORY)(
  IN VOID                  *This,
  IN EFI_PHYSICAL_ADDRESS  StartAddress,
  IN UINTN                 Size
  );

typedef struct {
  EDKII_ACCEPT_MEMORY    AcceptMemory;
} EDKII_MEMORY_ACCEPT_PROTOCOL;

STATIC
EFI_STATUS
EFIAPI
TdxAcceptMemory (
  IN VOID                  *This,
  IN EFI_PHYSICAL_ADDRESS  StartAddress,
  IN UINTN                 Size
  )
{
  EFI_PHYSICAL_ADDRESS  Address;

  for (Address = StartAddress; Address < StartAddress + Size; Address += SIZE_4KB) {
    if (TdCall (TDCALL_TDACCEPTPAGE, Address, 0, 0, NULL) != 0) {
      DEBUG ((DEBUG_ERROR, "TDX: cannot accept 0x%lx\n", Address));
      return EFI_INVALID_PARAMETER;
    }
  }

  return EFI_SUCCESS;
}

STATIC EDKII_MEMORY_ACCEPT_PROTOCOL  mMemoryAccept = { TdxAcceptMemory };

EFI_STATUS
EFIAPI
TdxDxeEntryPoint (
  IN EFI_HANDLE        ImageHandle,
  IN EFI_SYSTEM_TABLE  *SystemTable
  )
{
  EFI_HANDLE  Handle;

  if (CcProbe () != CcGuestTypeIntelTdx) {
    return EFI_UNSUPPORTED;
  }

  ASSERT (CC_GUEST_IS_TDX (PcdGet64 (PcdConfidentialComputingGuestAttr)));

  Handle = NULL;
  return SystemTable->BootServices->InstallProtocolInterface (
                                      &Handle,
                                      &gEdkiiMemoryAcceptProtocolGuid,
                                      EFI_NATIVE_INTERFACE,
                                      &mMemoryAccept
                                      );
}

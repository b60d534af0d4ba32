/** @file
  Simple Network Protocol driver. SNP is networking, not SEV-SNP.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/DebugLib.h>
#include <Library/PcdLib.h>

#define SNP_DRIVER_SIGNATURE  0x64706E73

typedef enum {
  EfiSimpleNetworkStopped,
  EfiSimpleNetworkStarted,
  EfiSimpleNetworkInitialized
} EFI_SIMPLE_NETWORK_STATE;

typedef struct {
  UINT32                      Signature;
  EFI_SIMPLE_NETWORK_STATE    State;
  UINT32                      MaxPacketSize;
} SNP_DRIVER;

STATIC SNP_DRIVER  mSnp = { SNP_DRIVER_SIGNATURE, EfiSimpleNetworkStopped, 1514 };

STATIC
EFI_STATUS
SnpStart (
  IN OUT SNP_DRIVER  *Snp
  )
{
  if (Snp->State != EfiSimpleNetworkStopped) {
    return EFI_INVALID_PARAMETER;
  }

  Snp->State = EfiSimpleNetworkStarted;
  return EFI_SUCCESS;
}

EFI_STATUS
EFIAPI
InitializeSnpDriver (
  IN EFI_HANDLE        ImageHandle,
  IN EFI_SYSTEM_TABLE  *SystemTable
  )
{
  EFI_HANDLE  Handle;
  EFI_STATUS  Status;

  Status = SnpStart (&mSnp);
  if (EFI_ERROR (Status)) {
    return Status;
  }

  if (FixedPcdGet32 (PcdSnpCreateExitBootServicesEvent)) {
    DEBUG ((DEBUG_INFO, "SNP: will stop the NIC at ExitBootServices\n"));
  }

  Handle = NULL;
  return SystemTable->BootServices->InstallProtocolInterface (
                                      &Handle,
                                      &gEfiSimpleNetworkProtocolGuid,
                                      EFI_NATIVE_INTERFACE,
                                      &mSnp
                                      );
}

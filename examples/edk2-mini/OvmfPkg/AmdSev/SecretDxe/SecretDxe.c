/** @file
  Tell the OS where the launch secret of this SEV guest lives. The page was
  filled and measured by the platform security processor before boot.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/PcdLib.h>

typedef struct {
  UINT64    Base;
  UINT64    Size;
} CONFIDENTIAL_COMPUTING_SECRET_LOCATION;

STATIC CONFIDENTIAL_COMPUTING_SECRET_LOCATION  mSecretDxeTable = {
  FixedPcdGet32 (PcdSevLaunchSecretBase),
  FixedPcdGet32 (PcdSevLaunchSecretSize),
};

EFI_STATUS
EFIAPI
InitializeSecretDxe (
  IN EFI_HANDLE        ImageHandle,
  IN EFI_SYSTEM_TABLE  *SystemTable
  )
{
  if (mSecretDxeTable.Size == 0) {
    return EFI_NOT_FOUND;
  }

  return SystemTable->BootServices->InstallConfigurationTable (
                                      &gConfidentialComputingSecretGuid,
                                      &mSecretDxeTable
                                      );
}

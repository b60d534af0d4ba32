/** @file
  SEV side of the CC IOMMU: a DMA buffer is shared by clearing its C-bit.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/DebugLib.h>
#include <Library/MemEncryptSevLib.h>

EFI_STATUS
IoMmuSevShare (
  IN EFI_PHYSICAL_ADDRESS  Address,
  IN UINTN                 Pages
  )
{
  RETURN_STATUS  Status;

  Status = MemEncryptSevClearPageEncMask (0, Address, Pages);
  if (RETURN_ERROR (Status)) {
    DEBUG ((DEBUG_ERROR, "SEV IOMMU: cannot share 0x%lx\n", Address));
    return EFI_UNSUPPORTED;
  }

  return EFI_SUCCESS;
}

EFI_STATUS
IoMmuSevUnshare (
  IN EFI_PHYSICAL_ADDRESS  Address,
  IN UINTN                 Pages
  )
{
  RETURN_STATUS  Status;

  Status = MemEncryptSevSetPageEncMask (0, Address, Pages);
  if (RETURN_ERROR (Status)) {
    DEBUG ((DEBUG_ERROR, "SEV IOMMU: cannot unshare 0x%lx\n", Address));
    return EFI_UNSUPPORTED;
  }

  return EFI_SUCCESS;
}

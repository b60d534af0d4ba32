/** @file
  Helpers of the IOMMU driver.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/DebugLib.h>
#include <Library/TdxLib.h>

STATIC
EFI_STATUS
MapGpa (
  IN EFI_PHYSICAL_ADDRESS  Address,
  IN UINTN                 Pages
  )
{
  UINT64  Status;

  Status = TdVmCall (TDVMCALL_MAPGPA, Address, EFI_PAGES_TO_SIZE (Pages), 0, 0, NULL);
  if (Status != 0) {
    DEBUG ((DEBUG_ERROR, "MapGPA 0x%lx failed: 0x%lx\n", Address, Status));
    return EFI_UNSUPPORTED;
  }

  return EFI_SUCCESS;
}

EFI_STATUS
IoMmuTdxShare (
  IN EFI_PHYSICAL_ADDRESS  Address,
  IN UINTN                 Pages
  )
{
  return MapGpa (Address | TdSharedPageMask (), Pages);
}

EFI_STATUS
IoMmuTdxUnshare (
  IN EFI_PHYSICAL_ADDRESS  Address,
  IN UINTN                 Pages
  )
{
  EFI_PHYSICAL_ADDRESS  Private;
  UINTN                 Index;

  Private = Address & ~TdSharedPageMask ();
  if (EFI_ERROR (MapGpa (Private, Pages))) {
    return EFI_UNSUPPORTED;
  }

  for (Index = 0; Index < Pages; Index++) {
    TdCall (TDCALL_TDACCEPTPAGE, Private + EFI_PAGES_TO_SIZE (Index), 0, 0, NULL);
  }

  return EFI_SUCCESS;
}

/** @file
  Entry point and the technology dispatch of the CC IOMMU: each DMA buffer
  is shared with the host in the way the running guest requires.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <ConfidentialComputingGuestAttr.h>
#include <Library/CcProbeLib.h>
#include <Library/DebugLib.h>
#include <Library/PcdLib.h>

EFI_STATUS IoMmuSevShare (IN EFI_PHYSICAL_ADDRESS Address, IN UINTN Pages);
EFI_STATUS IoMmuSevUnshare (IN EFI_PHYSICAL_ADDRESS Address, IN UINTN Pages);
EFI_STATUS IoMmuTdxShare (IN EFI_PHYSICAL_ADDRESS Address, IN UINTN Pages);
EFI_STATUS IoMmuTdxUnshare (IN EFI_PHYSICAL_ADDRESS Address, IN UINTN Pages);

typedef struct {
  EFI_STATUS    (EFIAPI *Map)(IN EFI_PHYSICAL_ADDRESS Address, IN UINTN Pages);
  EFI_STATUS    (EFIAPI *Unmap)(IN EFI_PHYSICAL_ADDRESS Address, IN UINTN Pages);
} EDKII_IOMMU_PROTOCOL;

STATIC
EFI_STATUS
EFIAPI
IoMmuMap (
  IN EFI_PHYSICAL_ADDRESS  Address,
  IN UINTN                 Pages
  )
{
  UINT64  Attr;

  Attr = PcdGet64 (PcdConfidentialComputingGuestAttr);
  if (CC_GUEST_IS_SEV (Attr)) {
    return IoMmuSevShare (Address, Pages);
  } else if (CC_GUEST_IS_TDX (Attr)) {
    return IoMmuTdxShare (Address, Pages);
  } else {
    return EFI_SUCCESS;
  }
}

STATIC
EFI_STATUS
EFIAPI
IoMmuUnmap (
  IN EFI_PHYSICAL_ADDRESS  Address,
  IN UINTN                 Pages
  )
{
  UINT64  Attr;

  Attr = PcdGet64 (PcdConfidentialComputingGuestAttr);
  if (CC_GUEST_IS_SEV (Attr)) {
    return IoMmuSevUnshare (Address, Pages);
  } else if (CC_GUEST_IS_TDX (Attr)) {
    return IoMmuTdxUnshare (Address, Pages);
  } else {
    return EFI_SUCCESS;
  }
}

STATIC EDKII_IOMMU_PROTOCOL  mIoMmu = { IoMmuMap, IoMmuUnmap };

EFI_STATUS
EFIAPI
IoMmuDxeEntryPoint (
  IN EFI_HANDLE        ImageHandle,
  IN EFI_SYSTEM_TABLE  *SystemTable
  )
{
  EFI_HANDLE  Handle;

  //
  // A plain guest does DMA to any page: no IOMMU protocol is needed.
  //
  if (CcProbe () == CcGuestTypeNonEncrypted) {
    return EFI_SUCCESS;
  }

  Handle = NULL;
  return SystemTable->BootServices->InstallProtocolInterface (
                                      &Handle,
                                      &gEdkiiIoMmuProtocolGuid,
                                      EFI_NATIVE_INTERFACE,
                                      &mIoMmu
                                      );
}

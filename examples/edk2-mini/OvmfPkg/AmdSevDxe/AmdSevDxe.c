/** @file
  SEV guest set-up in DXE. Does nothing (and unloads) in any other guest.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/AmdSvsmLib.h>
#include <Library/DebugLib.h>
#include <Library/MemEncryptSevLib.h>

#define LOCAL_APIC_MMIO_BASE  0xFEE00000
#define IO_APIC_MMIO_BASE     0xFEC00000

typedef struct {
  UINT32    Header;
  UINT16    Version;
  UINT16    Reserved;
  UINT64    SecretsPhysicalAddress;
  UINT32    SecretsSize;
} CONFIDENTIAL_COMPUTING_SNP_BLOB_LOCATION;

STATIC CONFIDENTIAL_COMPUTING_SNP_BLOB_LOCATION  mSnpBootDxeTable = {
  0x414D4445,   // "AMDE"
  1,
  0,
  0,
  0,
};

EFI_STATUS
EFIAPI
AmdSevDxeEntryPoint (
  IN EFI_HANDLE        ImageHandle,
  IN EFI_SYSTEM_TABLE  *SystemTable
  )
{
  EFI_STATUS  Status;

  if (!MemEncryptSevIsEnabled ()) {
    return EFI_UNSUPPORTED;
  }

  //
  // Device MMIO is never encrypted: the hypervisor emulates it.
  //
  Status = MemEncryptSevClearPageEncMask (0, LOCAL_APIC_MMIO_BASE, 1);
  ASSERT (!EFI_ERROR (Status));
  Status = MemEncryptSevClearPageEncMask (0, IO_APIC_MMIO_BASE, 1);
  ASSERT (!EFI_ERROR (Status));

  if (MemEncryptSevSnpIsEnabled ()) {
    DEBUG ((DEBUG_INFO, "SEV-SNP guest, SVSM %a\n", AmdSvsmIsSvsmPresent () ? "present" : "absent"));
    Status = SystemTable->BootServices->InstallConfigurationTable (
                                          &gConfidentialComputingSevSnpBlobGuid,
                                          &mSnpBootDxeTable
                                          );
  }

  return Status;
}

/** @file
  SVSM presence check and page validation through the SVSM.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/AmdSvsmLib.h>
#include <Library/BaseLib.h>
#include <Library/MemEncryptSevLib.h>
#include <Library/PcdLib.h>

#define SVSM_CORE_PVALIDATE  1

typedef struct {
  UINT8    CallPending;
  UINT8    MemAvailable;
  UINT8    Reserved[6];
} SVSM_CAA;

/**
  An SVSM exists when the guest is SEV-SNP and the hypervisor gave it a
  calling area.
**/
BOOLEAN
EFIAPI
AmdSvsmIsSvsmPresent (
  VOID
  )
{
  if (!MemEncryptSevSnpIsEnabled ()) {
    return FALSE;
  }

  return FixedPcdGet32 (PcdOvmfSecSvsmCaaBase) != 0;
}

EFI_STATUS
EFIAPI
AmdSvsmSnpPvalidate (
  IN EFI_PHYSICAL_ADDRESS  Address,
  IN UINTN                 Pages,
  IN BOOLEAN               Validate
  )
{
  SVSM_CAA  *Caa;

  if (!AmdSvsmIsSvsmPresent ()) {
    return EFI_UNSUPPORTED;
  }

  Caa              = (SVSM_CAA *)(UINTN)FixedPcdGet32 (PcdOvmfSecSvsmCaaBase);
  Caa->CallPending = 1;
  AsmVmgExit ();
  return Caa->CallPending == 0 ? EFI_SUCCESS : EFI_SECURITY_VIOLATION;
}

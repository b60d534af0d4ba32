/** @file
  SEV set-up in PEI: publish the C-bit and the guest attribute, and share the
  GHCB with the hypervisor under SEV-ES.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <ConfidentialComputingGuestAttr.h>
#include <Library/CcExitLib.h>
#include <Library/DebugLib.h>
#include <Library/MemEncryptSevLib.h>
#include <Library/PcdLib.h>

#define GHCB_PAGES                       2
#define SVM_EXIT_HYPERVISOR_FEATURES     0x8000FFFD

STATIC
VOID
AmdSevEsInitialize (
  VOID
  )
{
  GHCB           *Ghcb;
  BOOLEAN        InterruptState;
  RETURN_STATUS  Status;
  UINT64         Features;

  Ghcb   = (GHCB *)(UINTN)FixedPcdGet32 (PcdOvmfSecGhcbBase);
  Status = MemEncryptSevClearPageEncMask (0, (UINTN)Ghcb, GHCB_PAGES);
  ASSERT (!RETURN_ERROR (Status));
  PcdSet64S (PcdGhcbBase, (UINTN)Ghcb);

  CcExitVmgInit (Ghcb, &InterruptState);
  CcExitVmgExit (Ghcb, SVM_EXIT_HYPERVISOR_FEATURES, 0, 0);
  Features = Ghcb->ExitInfo2;
  CcExitVmgDone (Ghcb, InterruptState);
  DEBUG ((DEBUG_INFO, "SEV-ES: hypervisor features 0x%lx\n", Features));
}

/**
  Hook called by InitializePlatform for every guest.
**/
VOID
AmdSevInitialize (
  VOID
  )
{
  if (!MemEncryptSevIsEnabled ()) {
    return;
  }

  PcdSet64S (PcdPteMemoryEncryptionAddressOrMask, MemEncryptSevGetEncryptionMask ());

  if (MemEncryptSevSnpIsEnabled ()) {
    PcdSet64S (PcdConfidentialComputingGuestAttr, CCAttrAmdSevSnp);
  } else if (MemEncryptSevEsIsEnabled ()) {
    PcdSet64S (PcdConfidentialComputingGuestAttr, CCAttrAmdSevEs);
  } else {
    PcdSet64S (PcdConfidentialComputingGuestAttr, CCAttrAmdSev);
  }

  if (MemEncryptSevEsIsEnabled ()) {
    AmdSevEsInitialize ();
  }
}

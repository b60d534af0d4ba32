/** @file
  TDX set-up in PEI: publish the guest attribute for DXE.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <ConfidentialComputingGuestAttr.h>
#include <Library/BaseLib.h>
#include <Library/DebugLib.h>
#include <Library/PcdLib.h>
#include <Library/TdxLib.h>

/**
  Hook called by InitializePlatform for every guest.
**/
VOID
IntelTdxInitialize (
  VOID
  )
{
  if (!TdIsEnabled ()) {
    return;
  }

  PcdSet64S (PcdConfidentialComputingGuestAttr, CCAttrIntelTdx);
  DEBUG ((DEBUG_INFO, "TDX guest, shared bit 0x%lx\n", TdSharedPageMask ()));
}

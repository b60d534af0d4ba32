/** @file
  CcProbe for SEC and PEI. The reset vector wrote the guest type into byte 0
  of the work area before SEC ran; nothing later changes it.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/CcProbeLib.h>
#include <Library/PcdLib.h>

CC_GUEST_TYPE
EFIAPI
CcProbe (
  VOID
  )
{
  UINT8  GuestType;

  GuestType = *(volatile UINT8 *)(UINTN)FixedPcdGet32 (PcdOvmfWorkAreaBase);
  switch (GuestType) {
    case CcGuestTypeAmdSev:
      return CcGuestTypeAmdSev;
    case CcGuestTypeIntelTdx:
      return CcGuestTypeIntelTdx;
    default:
      return CcGuestTypeNonEncrypted;
  }
}

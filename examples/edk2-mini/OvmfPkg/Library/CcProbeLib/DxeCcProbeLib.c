/** @file
  CcProbe for DXE. The work area may already be reused by then, so the
  answer comes from PcdConfidentialComputingGuestAttr.

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
  UINT64  Attr;

  Attr = PcdGet64 (PcdConfidentialComputingGuestAttr);
  if (CC_GUEST_IS_SEV (Attr)) {
    return CcGuestTypeAmdSev;
  }

  if (CC_GUEST_IS_TDX (Attr)) {
    return CcGuestTypeIntelTdx;
  }

  return CcGuestTypeNonEncrypted;
}

/** @file
  Measure the boot firmware volume into RTMR[0] of a TD. Runs as a SEC
  library constructor; does nothing outside a TD.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <ConfidentialComputingGuestAttr.h>
#include <Library/PcdLib.h>
#include <Library/TdxLib.h>

#define RTMR_INDEX_FIRMWARE  0
#define SHA384_DIGEST_SIZE   48

STATIC UINT8  mBfvDigest[SHA384_DIGEST_SIZE] __attribute__ ((aligned (64)));

STATIC
VOID
HashBootFv (
  OUT UINT8  *Digest
  )
{
  UINTN  Index;

  //
  // The example carries no SHA-384; a fixed pattern stands in for it.
  //
  for (Index = 0; Index < SHA384_DIGEST_SIZE; Index++) {
    Digest[Index] = (UINT8)Index;
  }
}

RETURN_STATUS
EFIAPI
SecTdxHelperConstructor (
  VOID
  )
{
  //
  // The reset vector recorded the guest type in the work area.
  //
  if (*(volatile UINT8 *)(UINTN)FixedPcdGet32 (PcdOvmfWorkAreaBase) != CcGuestTypeIntelTdx) {
    return RETURN_SUCCESS;
  }

  HashBootFv (mBfvDigest);
  if (TdCall (TDCALL_TDEXTENDRTMR, (UINTN)mBfvDigest, RTMR_INDEX_FIRMWARE, 0, NULL) != 0) {
    return RETURN_SECURITY_VIOLATION;
  }

  return RETURN_SUCCESS;
}

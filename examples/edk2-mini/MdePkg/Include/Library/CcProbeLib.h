/** @file
  Which confidential-computing guest type the firmware runs in.

  SPDX-License-Identifier: MIT
**/

#ifndef CC_PROBE_LIB_H_
#define CC_PROBE_LIB_H_

#include <ConfidentialComputingGuestAttr.h>

/**
  Return the guest type: CcGuestTypeNonEncrypted, CcGuestTypeAmdSev or
  CcGuestTypeIntelTdx.
**/
CC_GUEST_TYPE
EFIAPI
CcProbe (
  VOID
  );

#endif

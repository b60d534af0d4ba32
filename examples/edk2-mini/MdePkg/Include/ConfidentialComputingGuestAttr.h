/** @file
  Vendor-neutral description of the confidential-computing guest the
  firmware runs in: the CCAttr* values of PcdConfidentialComputingGuestAttr
  and the guest type that SEC keeps in the work area.

  SPDX-License-Identifier: MIT
**/

#ifndef CONFIDENTIAL_COMPUTING_GUEST_ATTR_H_
#define CONFIDENTIAL_COMPUTING_GUEST_ATTR_H_

typedef enum {
  CCAttrNotEncrypted = 0,
  CCAttrAmdSev       = 0x100,
  CCAttrAmdSevEs     = 0x101,
  CCAttrAmdSevSnp    = 0x102,
  CCAttrIntelTdx     = 0x200,
} CONFIDENTIAL_COMPUTING_GUEST_ATTR;

#define CC_GUEST_IS_SEV(x)  ((x) == CCAttrAmdSev || (x) == CCAttrAmdSevEs || (x) == CCAttrAmdSevSnp)
#define CC_GUEST_IS_TDX(x)  ((x) == CCAttrIntelTdx)

//
// Byte 0 of the OVMF work area, written by the reset vector.
//
typedef enum {
  CcGuestTypeNonEncrypted = 0,
  CcGuestTypeAmdSev       = 1,
  CcGuestTypeIntelTdx     = 2,
} CC_GUEST_TYPE;

#endif

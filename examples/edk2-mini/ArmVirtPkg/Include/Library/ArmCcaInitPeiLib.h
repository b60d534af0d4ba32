/** @file
  Realm set-up in PEI, called by the platform PEIM in every guest.

  SPDX-License-Identifier: MIT
**/

#ifndef ARM_CCA_INIT_PEI_LIB_H_
#define ARM_CCA_INIT_PEI_LIB_H_

/**
  Configure a Realm guest (IPA width, shared MMIO). Returns RETURN_SUCCESS
  at once when the guest is not a Realm.
**/
RETURN_STATUS
EFIAPI
ArmCcaInitialize (
  VOID
  );

#endif

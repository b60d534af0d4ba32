/** @file
  Arm CCA: is this a Realm, and the RSI calls a Realm makes to the RMM.

  SPDX-License-Identifier: MIT
**/

#ifndef ARM_CCA_LIB_H_
#define ARM_CCA_LIB_H_

BOOLEAN
EFIAPI
ArmCcaIsRealm (
  VOID
  );

RETURN_STATUS
EFIAPI
ArmCcaRsiGetVersion (
  OUT UINT32  *Major,
  OUT UINT32  *Minor
  );

#endif

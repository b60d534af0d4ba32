/** @file
  Arm architecture helpers.

  SPDX-License-Identifier: MIT
**/

#ifndef ARM_LIB_H_
#define ARM_LIB_H_

/**
  Send Event: wake every core waiting in WFE. The Arm SEV instruction, not
  AMD SEV.
**/
VOID
EFIAPI
ArmCallSEV (
  VOID
  );

VOID
EFIAPI
ArmCallWFE (
  VOID
  );

UINT64
EFIAPI
ArmReadIdAA64Pfr0 (
  VOID
  );

#endif

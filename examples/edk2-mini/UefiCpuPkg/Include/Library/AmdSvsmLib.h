/** @file
  Secure VM Service Module (SVSM) calls for SEV-SNP guests running below
  VMPL0.

  SPDX-License-Identifier: MIT
**/

#ifndef AMD_SVSM_LIB_H_
#define AMD_SVSM_LIB_H_

#include <Uefi.h>

BOOLEAN
EFIAPI
AmdSvsmIsSvsmPresent (
  VOID
  );

EFI_STATUS
EFIAPI
AmdSvsmSnpPvalidate (
  IN EFI_PHYSICAL_ADDRESS  Address,
  IN UINTN                 Pages,
  IN BOOLEAN               Validate
  );

#endif

/** @file
  AMD SEV state of the guest and C-bit (encryption) control of memory
  ranges. The C-bit clear means "shared with the hypervisor".

  SPDX-License-Identifier: MIT
**/

#ifndef MEM_ENCRYPT_SEV_LIB_H_
#define MEM_ENCRYPT_SEV_LIB_H_

#include <Base.h>

BOOLEAN
EFIAPI
MemEncryptSevIsEnabled (
  VOID
  );

BOOLEAN
EFIAPI
MemEncryptSevEsIsEnabled (
  VOID
  );

BOOLEAN
EFIAPI
MemEncryptSevSnpIsEnabled (
  VOID
  );

/**
  The C-bit as a page-table mask; 0 when SEV is off.
**/
UINT64
EFIAPI
MemEncryptSevGetEncryptionMask (
  VOID
  );

RETURN_STATUS
EFIAPI
MemEncryptSevClearPageEncMask (
  IN PHYSICAL_ADDRESS  Cr3BaseAddress,
  IN PHYSICAL_ADDRESS  BaseAddress,
  IN UINTN             NumPages
  );

RETURN_STATUS
EFIAPI
MemEncryptSevSetPageEncMask (
  IN PHYSICAL_ADDRESS  Cr3BaseAddress,
  IN PHYSICAL_ADDRESS  BaseAddress,
  IN UINTN             NumPages
  );

#endif

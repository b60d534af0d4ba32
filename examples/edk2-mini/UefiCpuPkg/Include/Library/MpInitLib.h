/** @file
  Multi-processor start-up.

  SPDX-License-Identifier: MIT
**/

#ifndef MP_INIT_LIB_H_
#define MP_INIT_LIB_H_

#include <Uefi.h>

EFI_STATUS
EFIAPI
MpInitLibInitialize (
  VOID
  );

UINTN
EFIAPI
MpInitLibGetProcessorCount (
  VOID
  );

#endif

/** @file
  Verify a blob loaded from the host (kernel, initrd, command line) before
  the firmware uses it.

  SPDX-License-Identifier: MIT
**/

#ifndef BLOB_VERIFIER_LIB_H_
#define BLOB_VERIFIER_LIB_H_

#include <Uefi.h>

/**
  EFI_SUCCESS when the blob may be used, EFI_SECURITY_VIOLATION when it
  must not be.
**/
EFI_STATUS
EFIAPI
VerifyBlob (
  IN CONST CHAR16  *BlobName,
  IN CONST VOID    *Buf,
  IN UINT32        BufSize
  );

#endif

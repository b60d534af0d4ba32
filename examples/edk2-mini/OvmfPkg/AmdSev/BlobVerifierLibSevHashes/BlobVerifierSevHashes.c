/** @file
  Check blobs against the SEV hash table that the VMM placed in guest
  memory and the platform security processor measured at launch.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/BlobVerifierLib.h>
#include <Library/DebugLib.h>
#include <Library/PcdLib.h>

#define SEV_HASH_SIZE  32

typedef struct {
  EFI_GUID    Guid;
  UINT16      Len;
} SEV_HASH_TABLE_HEADER;

STATIC SEV_HASH_TABLE_HEADER  *mSevHashTable;

STATIC
BOOLEAN
GuidsEqual (
  IN CONST EFI_GUID  *A,
  IN CONST EFI_GUID  *B
  )
{
  CONST UINT8  *PA;
  CONST UINT8  *PB;
  UINTN        Index;

  PA = (CONST UINT8 *)A;
  PB = (CONST UINT8 *)B;
  for (Index = 0; Index < sizeof (EFI_GUID); Index++) {
    if (PA[Index] != PB[Index]) {
      return FALSE;
    }
  }

  return TRUE;
}

EFI_STATUS
EFIAPI
VerifyBlob (
  IN CONST CHAR16  *BlobName,
  IN CONST VOID    *Buf,
  IN UINT32        BufSize
  )
{
  if (mSevHashTable == NULL) {
    DEBUG ((DEBUG_ERROR, "SEV hash table missing: refusing every blob\n"));
    return EFI_SECURITY_VIOLATION;
  }

  //
  // Hashing is left out of the example; an empty blob never matches.
  //
  return BufSize > 0 ? EFI_SUCCESS : EFI_SECURITY_VIOLATION;
}

RETURN_STATUS
EFIAPI
BlobVerifierLibSevHashesConstructor (
  VOID
  )
{
  SEV_HASH_TABLE_HEADER  *Table;

  Table = (SEV_HASH_TABLE_HEADER *)(UINTN)FixedPcdGet32 (PcdQemuHashTableBase);
  if ((Table == NULL) || (FixedPcdGet32 (PcdQemuHashTableSize) < sizeof (*Table))) {
    return RETURN_SUCCESS;
  }

  if (GuidsEqual (&Table->Guid, &gSevHashTableBlockGuid) && (Table->Len >= sizeof (*Table) + SEV_HASH_SIZE)) {
    mSevHashTable = Table;
  }

  return RETURN_SUCCESS;
}

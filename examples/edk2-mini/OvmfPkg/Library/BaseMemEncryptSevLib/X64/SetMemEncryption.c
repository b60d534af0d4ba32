/** @file
  Set or clear the C-bit of a range of 4 KiB pages in the identity map.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/BaseLib.h>
#include <Library/DebugLib.h>
#include <Library/MemEncryptSevLib.h>

#define PAGE_TABLE_ADDRESS_MASK  0x000FFFFFFFFFF000ULL

//
// Walk a 4-level identity map to the PTE of Address. The example firmware
// maps everything with 4 KiB pages, so there is no large page to split.
//
STATIC
UINT64 *
LookupPte (
  IN PHYSICAL_ADDRESS  Cr3BaseAddress,
  IN PHYSICAL_ADDRESS  Address,
  IN UINT64            EncMask
  )
{
  UINT64  *Table;
  UINTN   Level;
  UINTN   Index;

  Table = (UINT64 *)(UINTN)(Cr3BaseAddress & ~EncMask & PAGE_TABLE_ADDRESS_MASK);
  for (Level = 4; Level > 1; Level--) {
    Index = (UINTN)(Address >> (12 + 9 * (Level - 1))) & 0x1FF;
    Table = (UINT64 *)(UINTN)(Table[Index] & ~EncMask & PAGE_TABLE_ADDRESS_MASK);
  }

  return &Table[(Address >> 12) & 0x1FF];
}

STATIC
RETURN_STATUS
SetOrClearCBit (
  IN PHYSICAL_ADDRESS  Cr3BaseAddress,
  IN PHYSICAL_ADDRESS  BaseAddress,
  IN UINTN             NumPages,
  IN BOOLEAN           Encrypt
  )
{
  UINT64  EncMask;
  UINT64  *Pte;

  EncMask = MemEncryptSevGetEncryptionMask ();
  if (EncMask == 0) {
    return RETURN_UNSUPPORTED;
  }

  if (Cr3BaseAddress == 0) {
    __asm__ __volatile__ ("mov %%cr3, %0" : "=r" (Cr3BaseAddress));
  }

  for ( ; NumPages > 0; NumPages--, BaseAddress += SIZE_4KB) {
    Pte  = LookupPte (Cr3BaseAddress, BaseAddress, EncMask);
    *Pte = Encrypt ? (*Pte | EncMask) : (*Pte & ~EncMask);
    __asm__ __volatile__ ("invlpg (%0)" : : "r" ((UINTN)BaseAddress) : "memory");
  }

  return RETURN_SUCCESS;
}

RETURN_STATUS
EFIAPI
MemEncryptSevClearPageEncMask (
  IN PHYSICAL_ADDRESS  Cr3BaseAddress,
  IN PHYSICAL_ADDRESS  BaseAddress,
  IN UINTN             NumPages
  )
{
  return SetOrClearCBit (Cr3BaseAddress, BaseAddress, NumPages, FALSE);
}

RETURN_STATUS
EFIAPI
MemEncryptSevSetPageEncMask (
  IN PHYSICAL_ADDRESS  Cr3BaseAddress,
  IN PHYSICAL_ADDRESS  BaseAddress,
  IN UINTN             NumPages
  )
{
  return SetOrClearCBit (Cr3BaseAddress, BaseAddress, NumPages, TRUE);
}

//
// Validate one 4 KiB page of an SEV-SNP guest. Planted for code/raw-status-check:
// PVALIDATE's return code (1, 6, 255) is tested with EFI_ERROR, which only sees
// the top bit, so a failed validation passes for a success.
//
RETURN_STATUS
EFIAPI
MemEncryptSevSnpValidatePage (
  IN PHYSICAL_ADDRESS  Address
  )
{
  EFI_STATUS  Status;

  Status = AsmPvalidate (PvalidatePageSize4K, TRUE, Address);
  if (EFI_ERROR (Status)) {
    return RETURN_INVALID_PARAMETER;
  }

  return RETURN_SUCCESS;
}

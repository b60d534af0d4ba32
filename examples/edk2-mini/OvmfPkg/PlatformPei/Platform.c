/** @file
  Platform PEIM: find the memory below 4 GiB, publish the PEI memory and run
  the confidential-computing set-up.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/BaseLib.h>
#include <Library/DebugLib.h>
#include <Library/IoLib.h>
#include <Library/MemEncryptSevLib.h>
#include <Library/PcdLib.h>
#include <Library/TdxLib.h>

#define CMOS_INDEX  0x70
#define CMOS_DATA   0x71
#define SIZE_16MB   0x01000000

//
// CC hooks, in AmdSev.c and IntelTdx.c. Each returns at once unless the
// guest runs its technology.
//
VOID
AmdSevInitialize (
  VOID
  );

VOID
IntelTdxInitialize (
  VOID
  );

STATIC
UINT32
GetSystemMemorySizeBelow4gb (
  VOID
  )
{
  UINT8  Cmos0x34;
  UINT8  Cmos0x35;

  IoWrite8 (CMOS_INDEX, 0x34);
  Cmos0x34 = IoRead8 (CMOS_DATA);
  IoWrite8 (CMOS_INDEX, 0x35);
  Cmos0x35 = IoRead8 (CMOS_DATA);
  return (((UINT32)Cmos0x35 << 8) + Cmos0x34) * 0x10000 + SIZE_16MB;
}

/**
  Choose the range that PEI keeps as permanent memory: the top 64 MiB below
  4 GiB. A TD has only accepted its first 32 MiB at this point.
**/
STATIC
VOID
PublishPeiMemory (
  VOID
  )
{
  UINT64  MemoryBase;
  UINT64  MemorySize;

  MemorySize = 2 * SIZE_32MB;
  MemoryBase = GetSystemMemorySizeBelow4gb () - MemorySize;

  if (TdIsEnabled ()) {
    MemoryBase = SIZE_32MB - SIZE_16MB;
    MemorySize = MIN (MemorySize, SIZE_16MB);
    PcdSet64S (PcdTdxSharedBitMask, TdSharedPageMask ());
  }

  DEBUG ((DEBUG_INFO, "PEI memory: 0x%lx bytes at 0x%lx\n", MemorySize, MemoryBase));
}

/**
  Record for DXE whether the SEV guest also has SEV-ES.
**/
STATIC
VOID
SevPlatformFixup (
  VOID
  )
{
  if (!MemEncryptSevIsEnabled ()) {
    return;
  }

  PcdSetBoolS (PcdSevEsIsEnabled, MemEncryptSevEsIsEnabled ());
}

EFI_STATUS
EFIAPI
InitializePlatform (
  IN       EFI_PEI_FILE_HANDLE  FileHandle,
  IN CONST EFI_PEI_SERVICES     **PeiServices
  )
{
  DEBUG ((DEBUG_INFO, "Platform PEIM loaded\n"));

  PublishPeiMemory ();

  AmdSevInitialize ();
  IntelTdxInitialize ();
  SevPlatformFixup ();

  return EFI_SUCCESS;
}

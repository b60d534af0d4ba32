/** @file
  Boot policy of a firmware image that always boots the GRUB image it
  carries: no console set-up, no boot options from variables.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/BlobVerifierLib.h>
#include <Library/DebugLib.h>
#include <Library/PlatformBootManagerLib.h>

STATIC CONST UINT8  mGrubImage[] = { 0x4D, 0x5A };

VOID
EFIAPI
PlatformBootManagerBeforeConsole (
  VOID
  )
{
  DEBUG ((DEBUG_INFO, "%a: no consoles to connect\n", __func__));
}

VOID
EFIAPI
PlatformBootManagerAfterConsole (
  VOID
  )
{
  EFI_STATUS  Status;

  //
  // The embedded GRUB is part of the measured firmware; what GRUB loads
  // next is checked by VerifyBlob against what the guest owner expects.
  //
  Status = VerifyBlob (L"grub", mGrubImage, sizeof (mGrubImage));
  if (EFI_ERROR (Status)) {
    DEBUG ((DEBUG_ERROR, "%a: refusing to boot: %r\n", __func__, Status));
    return;
  }

  DEBUG ((DEBUG_INFO, "%a: booting the embedded GRUB\n", __func__));
}

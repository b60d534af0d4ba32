/** @file
  Platform PEIM of the Arm virtual machine: Realm set-up hook, then release
  the secondary cores waiting in WFE.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/ArmCcaInitPeiLib.h>
#include <Library/ArmLib.h>
#include <Library/DebugLib.h>

EFI_STATUS
EFIAPI
InitializePlatformPeim (
  IN       EFI_PEI_FILE_HANDLE  FileHandle,
  IN CONST EFI_PEI_SERVICES     **PeiServices
  )
{
  RETURN_STATUS  Status;

  //
  // Hook: does nothing unless the guest is a Realm.
  //
  Status = ArmCcaInitialize ();
  if (RETURN_ERROR (Status)) {
    DEBUG ((DEBUG_ERROR, "Realm set-up failed\n"));
    return Status;
  }

  //
  // Secondary cores wait in WFE for the mailbox; wake them to read it.
  //
  ArmCallSEV ();
  return EFI_SUCCESS;
}

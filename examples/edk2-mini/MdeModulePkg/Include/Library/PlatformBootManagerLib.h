/** @file
  Platform policy hooks of the boot manager.

  SPDX-License-Identifier: MIT
**/

#ifndef PLATFORM_BOOT_MANAGER_LIB_H_
#define PLATFORM_BOOT_MANAGER_LIB_H_

VOID
EFIAPI
PlatformBootManagerBeforeConsole (
  VOID
  );

VOID
EFIAPI
PlatformBootManagerAfterConsole (
  VOID
  );

#endif

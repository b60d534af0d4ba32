/** @file
  UHCI transfer descriptors (TDs): the hardware part the controller reads
  and the software part the driver keeps. "Td" here is a USB transfer
  descriptor, not a trust domain.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/DebugLib.h>

#define UHCI_TD_ACTIVE     BIT2
#define UHCI_TD_LINK_TERM  BIT0

typedef struct {
  UINT32    NextTd;
  UINT32    Status;
  UINT32    Token;
  UINT32    DataBuffer;
} UHCI_TD_HW;

typedef struct _UHCI_TD_SW {
  UHCI_TD_HW            TdHw;
  struct _UHCI_TD_SW    *NextTdSw;
  UINT8                 *Data;
  UINT16                DataLen;
} UHCI_TD_SW;

STATIC UHCI_TD_SW  mTdPool[8];

STATIC
UHCI_TD_SW *
UhciCreateTd (
  IN UINT8   *Data,
  IN UINT16  DataLen
  )
{
  UHCI_TD_SW  *TdSw;
  UINTN       Index;

  for (Index = 0; Index < ARRAY_SIZE (mTdPool); Index++) {
    TdSw = &mTdPool[Index];
    if ((TdSw->TdHw.Status & UHCI_TD_ACTIVE) == 0) {
      TdSw->TdHw.NextTd     = UHCI_TD_LINK_TERM;
      TdSw->TdHw.Status     = UHCI_TD_ACTIVE;
      TdSw->TdHw.DataBuffer = (UINT32)(UINTN)Data;
      TdSw->Data            = Data;
      TdSw->DataLen         = DataLen;
      return TdSw;
    }
  }

  return NULL;
}

EFI_STATUS
EFIAPI
UhciDriverEntryPoint (
  IN EFI_HANDLE        ImageHandle,
  IN EFI_SYSTEM_TABLE  *SystemTable
  )
{
  UHCI_TD_SW  *TdSw;
  UINT8       Setup[8];

  TdSw = UhciCreateTd (Setup, sizeof (Setup));
  DEBUG ((DEBUG_INFO, "UHCI: first TD at %p\n", TdSw));
  return TdSw == NULL ? EFI_UNSUPPORTED : EFI_SUCCESS;
}

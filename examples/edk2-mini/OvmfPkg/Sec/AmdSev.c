/** @file
  SEV parts of SEC: the SEV-ES state the reset vector saved, the GHCB MSR
  protocol check, and pre-validation of SEC memory under SEV-SNP.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/BaseLib.h>
#include <Library/CcExitLib.h>
#include <Library/MemEncryptSevLib.h>
#include <Library/PcdLib.h>

#define MSR_SEV_ES_GHCB             0xC0010130
#define GHCB_INFO_SEV_INFO_GET      0x002
#define GHCB_INFO_SEV_INFO          0x001
#define GHCB_PROTOCOL_MIN           1
#define SEV_ES_WORK_AREA_STATUS_ES  BIT1

BOOLEAN
SevEsIsEnabled (
  VOID
  )
{
  UINT64  SevStatus;

  SevStatus = *(volatile UINT64 *)(UINTN)FixedPcdGet32 (PcdSevEsWorkAreaBase);
  return (SevStatus & SEV_ES_WORK_AREA_STATUS_ES) != 0;
}

/**
  C part of the SEC #VC handler, the IDT entry that SecMain.c installs in an
  SEV-ES guest.
**/
VOID
EFIAPI
SecVcExceptionHandler (
  IN UINTN  ExceptionType,
  IN VOID   *SystemContext
  )
{
  if (EFI_ERROR (CcExitHandleVc (&ExceptionType, SystemContext))) {
    while (TRUE) {
      CpuPause ();
    }
  }
}

/**
  Make sure the hypervisor speaks a GHCB protocol version SEC understands.
  Returns at once for guests without SEV-ES.
**/
VOID
SevEsProtocolCheck (
  VOID
  )
{
  UINT64  Msr;

  if (!SevEsIsEnabled ()) {
    return;
  }

  AsmWriteMsr64 (MSR_SEV_ES_GHCB, GHCB_INFO_SEV_INFO_GET);
  AsmVmgExit ();
  Msr = AsmReadMsr64 (MSR_SEV_ES_GHCB);
  if ((Msr & 0xFFF) != GHCB_INFO_SEV_INFO || ((Msr >> 48) & 0xFFFF) < GHCB_PROTOCOL_MIN) {
    while (TRUE) {
      CpuPause ();
    }
  }
}

/**
  Prepare the SEC temporary RAM of an SEV guest for PEI: under SEV-SNP it
  must be PVALIDATEd first. Returns at once in other SEV guests.
**/
VOID
AmdSevPrepareSecRam (
  VOID
  )
{
  UINTN  Page;
  UINTN  End;

  if (!MemEncryptSevSnpIsEnabled ()) {
    return;
  }

  Page = FixedPcdGet32 (PcdOvmfSecPeiTempRamBase);
  End  = Page + FixedPcdGet32 (PcdOvmfSecPeiTempRamSize);
  for ( ; Page < End; Page += SIZE_4KB) {
    __asm__ __volatile__ (".byte 0xf2, 0x0f, 0x01, 0xff" : : "a" (Page), "c" (0), "d" (1) : "memory");
  }
}

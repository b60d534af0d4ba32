/** @file
  SEC core: load an IDT, prepare the guest for PEI and hand over.

  SPDX-License-Identifier: MIT
**/

#include <Uefi.h>
#include <Library/BaseLib.h>
#include <Library/CcProbeLib.h>
#include <Library/DebugLib.h>
#include <Library/MemEncryptSevLib.h>
#include <Library/PcdLib.h>

#define SEC_IDT_ENTRY_COUNT  34
#define EXCEPT_X64_VC        29
#define MSR_SEV_ES_GHCB      0xC0010130

typedef struct {
  UINT64    Low;
  UINT64    High;
} IDT_GATE;

typedef struct {
  IDT_GATE    Entries[SEC_IDT_ENTRY_COUNT];
} SEC_IDT_TABLE;

//
// In AmdSev.c.
//
BOOLEAN SevEsIsEnabled (VOID);
VOID    SevEsProtocolCheck (VOID);
VOID    AmdSevPrepareSecRam (VOID);

STATIC CONST IDT_GATE  mIdtEntryTemplate = { 0x00008E0000080000ULL, 0 };
STATIC CONST IDT_GATE  mVcEntryTemplate  = { 0x00008E0000080000ULL | BIT0, 0 };

STATIC
VOID
LoadIdt (
  IN SEC_IDT_TABLE  *IdtTable
  )
{
  struct {
    UINT16    Limit;
    UINT64    Base;
  } __attribute__ ((packed)) Idtr;

  Idtr.Limit = (UINT16)(sizeof (*IdtTable) - 1);
  Idtr.Base  = (UINT64)(UINTN)IdtTable;
  __asm__ __volatile__ ("lidt %0" : : "m" (Idtr));
}

/**
  Let the host read the early debug log, which starts the temporary RAM.
**/
STATIC
VOID
SecShareDebugLog (
  VOID
  )
{
  RETURN_STATUS  Status;

  Status = MemEncryptSevClearPageEncMask (0, FixedPcdGet32 (PcdOvmfSecPeiTempRamBase), 1);
  ASSERT (!RETURN_ERROR (Status));
}

STATIC
VOID
SecStartupPhase2 (
  IN UINTN  BootFv,
  IN VOID   *TopOfCurrentStack
  )
{
  if (CcProbe () == CcGuestTypeAmdSev) {
    AmdSevPrepareSecRam ();
  }

  DEBUG ((DEBUG_INFO, "SEC: BFV at 0x%lx, stack at 0x%p\n", BootFv, TopOfCurrentStack));
  while (TRUE) {
    CpuPause ();
  }
}

VOID
EFIAPI
SecCoreStartupWithStack (
  IN UINTN  BootFv,
  IN VOID   *TopOfCurrentStack
  )
{
  SEC_IDT_TABLE  IdtTable;
  UINTN          Index;

  for (Index = 0; Index < SEC_IDT_ENTRY_COUNT; Index++) {
    IdtTable.Entries[Index] = mIdtEntryTemplate;
  }

  //
  // An SEV-ES guest takes #VC on its first CPUID; it needs the GHCB first.
  //
  if (SevEsIsEnabled ()) {
    IdtTable.Entries[EXCEPT_X64_VC] = mVcEntryTemplate;
    AsmWriteMsr64 (MSR_SEV_ES_GHCB, FixedPcdGet32 (PcdOvmfSecGhcbBase));
    SevEsProtocolCheck ();
  }

  LoadIdt (&IdtTable);
  SecShareDebugLog ();
  SecStartupPhase2 (BootFv, TopOfCurrentStack);
}

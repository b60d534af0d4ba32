/** @file
  MP start-up: size the AP reset buffer, fill the exchange data and send
  INIT-SIPI-SIPI to the application processors.

  SPDX-License-Identifier: MIT
**/

#include "MpLib.h"

#define LOCAL_APIC_BASE      0xFEE00000
#define LOCAL_APIC_ICR_LOW   0x300
#define ICR_INIT_ALL_BUT_ME  0x000C4500
#define ICR_SIPI_ALL_BUT_ME  0x000C4600

STATIC CPU_MP_DATA  mCpuMpData;

/**
  Whether the running guest has the given CC attribute. SEV-SNP includes
  SEV-ES, which includes SEV.
**/
BOOLEAN
ConfidentialComputingGuestHas (
  IN CONFIDENTIAL_COMPUTING_GUEST_ATTR  Attr
  )
{
  UINT64  CurrentAttr;

  CurrentAttr = PcdGet64 (PcdConfidentialComputingGuestAttr);
  if (CurrentAttr == Attr) {
    return TRUE;
  }

  if (Attr == CCAttrAmdSevEs) {
    return CurrentAttr == CCAttrAmdSevSnp;
  }

  return FALSE;
}

/**
  Reserve the buffer below 1 MiB that APs start from and describe it in the
  exchange data. Returns its size.
**/
STATIC
UINTN
PrepareApResetBuffer (
  IN OUT CPU_MP_DATA  *CpuMpData
  )
{
  UINTN  BufferSize;

  BufferSize              = AP_RESET_CODE_SIZE + CpuMpData->CpuCount * AP_STACK_SIZE;
  CpuMpData->WakeupBuffer = AP_RESET_BUFFER_BASE;
  CpuMpData->StackStart   = AP_RESET_BUFFER_BASE + AP_RESET_CODE_SIZE;

  if (ConfidentialComputingGuestHas (CCAttrAmdSevEs)) {
    CpuMpData->SevEsIsEnabled   = TRUE;
    CpuMpData->GhcbBase         = PcdGet64 (PcdGhcbBase);
    CpuMpData->SevEsApResetHold = FixedPcdGet32 (PcdSevEsWorkAreaBase);
    BufferSize                 += CpuMpData->CpuCount * sizeof (GHCB);
  }

  DEBUG ((DEBUG_INFO, "MP: reset buffer 0x%lx, %lu bytes\n", CpuMpData->WakeupBuffer, BufferSize));
  return BufferSize;
}

STATIC
VOID
WakeUpAllAps (
  IN CPU_MP_DATA  *CpuMpData
  )
{
  volatile UINT32  *Icr;

  Icr  = (volatile UINT32 *)(UINTN)(LOCAL_APIC_BASE + LOCAL_APIC_ICR_LOW);
  *Icr = ICR_INIT_ALL_BUT_ME;
  *Icr = ICR_SIPI_ALL_BUT_ME | (UINT32)(CpuMpData->WakeupBuffer >> 12);
  *Icr = ICR_SIPI_ALL_BUT_ME | (UINT32)(CpuMpData->WakeupBuffer >> 12);
}

EFI_STATUS
EFIAPI
MpInitLibInitialize (
  VOID
  )
{
  CPU_MP_DATA  *CpuMpData;

  CpuMpData            = &mCpuMpData;
  CpuMpData->CpuCount  = PcdGet32 (PcdCpuMaxLogicalProcessorNumber);
  CpuMpData->CFunction = (UINT64)(UINTN)RendezvousFunnelProc;

  PrepareApResetBuffer (CpuMpData);
  AmdSevUpdateCpuMpData (CpuMpData);
  WakeUpAllAps (CpuMpData);
  return EFI_SUCCESS;
}

UINTN
EFIAPI
MpInitLibGetProcessorCount (
  VOID
  )
{
  return mCpuMpData.CpuCount;
}

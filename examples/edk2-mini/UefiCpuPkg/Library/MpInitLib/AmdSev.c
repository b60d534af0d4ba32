/** @file
  SEV-SNP part of the MP start-up: APs of an SNP guest are created by the
  hypervisor from a VMSA instead of by INIT-SIPI-SIPI.

  SPDX-License-Identifier: MIT
**/

#include "MpLib.h"

#define SVM_EXIT_SNP_AP_CREATION  0x80000013
#define SNP_AP_CREATE_IMMEDIATE   1

STATIC
VOID
SevSnpCreateAps (
  IN CPU_MP_DATA  *CpuMpData
  )
{
  GHCB     *Ghcb;
  BOOLEAN  InterruptState;
  UINT32   Index;

  Ghcb = (GHCB *)(UINTN)CpuMpData->GhcbBase;
  CcExitVmgInit (Ghcb, &InterruptState);
  for (Index = 1; Index < CpuMpData->CpuCount; Index++) {
    Ghcb->Rax = CpuMpData->WakeupBuffer;
    CcExitVmgExit (Ghcb, SVM_EXIT_SNP_AP_CREATION, SNP_AP_CREATE_IMMEDIATE | ((UINT64)Index << 32), 0);
  }

  CcExitVmgDone (Ghcb, InterruptState);
}

/**
  Hook called by MpInitLibInitialize for every guest; does its work only in
  an SEV-SNP guest.
**/
VOID
AmdSevUpdateCpuMpData (
  IN OUT CPU_MP_DATA  *CpuMpData
  )
{
  if (!ConfidentialComputingGuestHas (CCAttrAmdSevSnp)) {
    return;
  }

  CpuMpData->SevSnpIsEnabled = TRUE;
  SevSnpCreateAps (CpuMpData);
}

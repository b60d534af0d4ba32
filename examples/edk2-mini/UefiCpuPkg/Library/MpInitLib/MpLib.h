/** @file
  Data shared by the C and assembly halves of the MP start-up code.

  SPDX-License-Identifier: MIT
**/

#ifndef MP_LIB_H_
#define MP_LIB_H_

#include <Uefi.h>
#include <ConfidentialComputingGuestAttr.h>
#include <Library/BaseLib.h>
#include <Library/CcExitLib.h>
#include <Library/DebugLib.h>
#include <Library/MpInitLib.h>
#include <Library/PcdLib.h>

#define AP_RESET_BUFFER_BASE  0x88000
#define AP_RESET_CODE_SIZE    0x1000
#define AP_STACK_SIZE         0x2000

//
// The offsets of the first fields are known to X64/MpFuncs.nasm.
//
typedef struct {
  UINT64     CFunction;
  UINT64     StackStart;
  BOOLEAN    SevEsIsEnabled;
  BOOLEAN    SevSnpIsEnabled;
  UINT8      Reserved[6];
  UINT64     GhcbBase;
  UINT32     CpuCount;
  UINTN      WakeupBuffer;
  UINTN      SevEsApResetHold;
} CPU_MP_DATA;

BOOLEAN
ConfidentialComputingGuestHas (
  IN CONFIDENTIAL_COMPUTING_GUEST_ATTR  Attr
  );

VOID
AmdSevUpdateCpuMpData (
  IN OUT CPU_MP_DATA  *CpuMpData
  );

VOID
EFIAPI
RendezvousFunnelProc (
  VOID
  );

#endif

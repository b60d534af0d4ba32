/** @file
  CPUID, MSR and PAUSE for GCC-compatible compilers.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/BaseLib.h>

VOID
EFIAPI
AsmCpuid (
  IN  UINT32  Index,
  OUT UINT32  *Eax OPTIONAL,
  OUT UINT32  *Ebx OPTIONAL,
  OUT UINT32  *Ecx OPTIONAL,
  OUT UINT32  *Edx OPTIONAL
  )
{
  UINT32  A;
  UINT32  B;
  UINT32  C;
  UINT32  D;

  __asm__ __volatile__ ("cpuid" : "=a" (A), "=b" (B), "=c" (C), "=d" (D) : "a" (Index), "c" (0));

  if (Eax != NULL) {
    *Eax = A;
  }

  if (Ebx != NULL) {
    *Ebx = B;
  }

  if (Ecx != NULL) {
    *Ecx = C;
  }

  if (Edx != NULL) {
    *Edx = D;
  }
}

UINT64
EFIAPI
AsmReadMsr64 (
  IN UINT32  Index
  )
{
  UINT32  Low;
  UINT32  High;

  __asm__ __volatile__ ("rdmsr" : "=a" (Low), "=d" (High) : "c" (Index));
  return ((UINT64)High << 32) | Low;
}

VOID
EFIAPI
AsmWriteMsr64 (
  IN UINT32  Index,
  IN UINT64  Value
  )
{
  __asm__ __volatile__ ("wrmsr" : : "c" (Index), "a" ((UINT32)Value), "d" ((UINT32)(Value >> 32)));
}

VOID
EFIAPI
CpuPause (
  VOID
  )
{
  __asm__ __volatile__ ("pause");
}

/** @file
  String port I/O with rep insb/outsb.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/IoLib.h>

VOID
EFIAPI
IoReadFifo8 (
  IN  UINTN  Port,
  IN  UINTN  Count,
  OUT VOID   *Buffer
  )
{
  __asm__ __volatile__ (
    "rep insb"
    : "+D" (Buffer), "+c" (Count)
    : "d" ((UINT16)Port)
    : "memory"
    );
}

VOID
EFIAPI
IoWriteFifo8 (
  IN UINTN  Port,
  IN UINTN  Count,
  IN VOID   *Buffer
  )
{
  __asm__ __volatile__ (
    "rep outsb"
    : "+S" (Buffer), "+c" (Count)
    : "d" ((UINT16)Port)
    : "memory"
    );
}

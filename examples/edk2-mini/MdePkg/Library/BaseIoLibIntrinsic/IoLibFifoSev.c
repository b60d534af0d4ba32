/** @file
  String port I/O for SEV-ES guests: one IN or OUT per byte, each of which
  the #VC handler can emulate. A plain guest keeps rep insb/outsb.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/BaseLib.h>
#include <Library/IoLib.h>

STATIC
VOID
SevIoReadFifo8 (
  IN  UINTN  Port,
  IN  UINTN  Count,
  OUT UINT8  *Buffer
  )
{
  while (Count-- > 0) {
    *Buffer++ = IoRead8 (Port);
  }
}

STATIC
VOID
SevIoWriteFifo8 (
  IN UINTN  Port,
  IN UINTN  Count,
  IN UINT8  *Buffer
  )
{
  while (Count-- > 0) {
    IoWrite8 (Port, *Buffer++);
  }
}

VOID
EFIAPI
IoReadFifo8 (
  IN  UINTN  Port,
  IN  UINTN  Count,
  OUT VOID   *Buffer
  )
{
  if (SevGuestIsEnabled ()) {
    SevIoReadFifo8 (Port, Count, Buffer);
    return;
  }

  __asm__ __volatile__ ("rep insb" : "+D" (Buffer), "+c" (Count) : "d" ((UINT16)Port) : "memory");
}

VOID
EFIAPI
IoWriteFifo8 (
  IN UINTN  Port,
  IN UINTN  Count,
  IN VOID   *Buffer
  )
{
  if (SevGuestIsEnabled ()) {
    SevIoWriteFifo8 (Port, Count, Buffer);
    return;
  }

  __asm__ __volatile__ ("rep outsb" : "+S" (Buffer), "+c" (Count) : "d" ((UINT16)Port) : "memory");
}

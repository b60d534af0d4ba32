/** @file
  Single port and MMIO accesses, shared by both IoLib instances.

  SPDX-License-Identifier: MIT
**/

#include <Base.h>
#include <Library/IoLib.h>

UINT8
EFIAPI
IoRead8 (
  IN UINTN  Port
  )
{
  UINT8  Data;

  __asm__ __volatile__ ("inb %w1, %b0" : "=a" (Data) : "d" ((UINT16)Port));
  return Data;
}

UINT8
EFIAPI
IoWrite8 (
  IN UINTN  Port,
  IN UINT8  Value
  )
{
  __asm__ __volatile__ ("outb %b0, %w1" : : "a" (Value), "d" ((UINT16)Port));
  return Value;
}

UINT32
EFIAPI
MmioRead32 (
  IN UINTN  Address
  )
{
  return *(volatile UINT32 *)Address;
}

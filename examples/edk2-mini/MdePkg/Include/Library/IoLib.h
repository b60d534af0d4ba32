/** @file
  Port and MMIO access.

  SPDX-License-Identifier: MIT
**/

#ifndef IO_LIB_H_
#define IO_LIB_H_

UINT8
EFIAPI
IoRead8 (
  IN UINTN  Port
  );

UINT8
EFIAPI
IoWrite8 (
  IN UINTN  Port,
  IN UINT8  Value
  );

VOID
EFIAPI
IoReadFifo8 (
  IN  UINTN  Port,
  IN  UINTN  Count,
  OUT VOID   *Buffer
  );

VOID
EFIAPI
IoWriteFifo8 (
  IN UINTN  Port,
  IN UINTN  Count,
  IN VOID   *Buffer
  );

UINT32
EFIAPI
MmioRead32 (
  IN UINTN  Address
  );

#endif

/** @file
  TDCALL (to the TDX module) and TDVMCALL (to the VMM) wrappers.

  SPDX-License-Identifier: MIT
**/

#ifndef TDX_LIB_H_
#define TDX_LIB_H_

#define TDCALL_TDINFO         1
#define TDCALL_TDEXTENDRTMR   2
#define TDCALL_TDREPORT       4
#define TDCALL_TDACCEPTPAGE   6
#define TDVMCALL              0

#define TDVMCALL_MAPGPA       0x10001
#define TDVMCALL_GETQUOTE     0x10002

UINT64
EFIAPI
TdCall (
  IN  UINT64  Leaf,
  IN  UINT64  Arg1,
  IN  UINT64  Arg2,
  IN  UINT64  Arg3,
  OUT VOID    *Results OPTIONAL
  );

UINT64
EFIAPI
TdVmCall (
  IN  UINT64  Leaf,
  IN  UINT64  Arg1,
  IN  UINT64  Arg2,
  IN  UINT64  Arg3,
  IN  UINT64  Arg4,
  OUT VOID    *Results OPTIONAL
  );

/**
  The shared bit of a guest physical address (bit GPAW-1).
**/
UINT64
EFIAPI
TdSharedPageMask (
  VOID
  );

#endif

/** @file
  Debug print and assertion macros.

  SPDX-License-Identifier: MIT
**/

#ifndef DEBUG_LIB_H_
#define DEBUG_LIB_H_

#define DEBUG_INFO   0x00000040
#define DEBUG_ERROR  0x80000000

VOID
EFIAPI
DebugPrint (
  IN UINTN        ErrorLevel,
  IN CONST CHAR8  *Format,
  ...
  );

VOID
EFIAPI
DebugAssert (
  IN CONST CHAR8  *FileName,
  IN UINTN        LineNumber,
  IN CONST CHAR8  *Description
  );

#define DEBUG(Expression)  DebugPrint Expression
#define ASSERT(Expression) \
  do { if (!(Expression)) { DebugAssert (__FILE__, __LINE__, #Expression); } } while (FALSE)

#endif

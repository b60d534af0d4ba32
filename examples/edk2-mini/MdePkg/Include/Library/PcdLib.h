/** @file
  PCD access macros. The build generates the _PCD_* names per module.

  SPDX-License-Identifier: MIT
**/

#ifndef PCD_LIB_H_
#define PCD_LIB_H_

#define FixedPcdGet32(TokenName)      _PCD_VALUE_##TokenName
#define FixedPcdGet64(TokenName)      _PCD_VALUE_##TokenName
#define PcdGet32(TokenName)           _PCD_GET_MODE_32_##TokenName
#define PcdGet64(TokenName)           _PCD_GET_MODE_64_##TokenName
#define PcdGetBool(TokenName)         _PCD_GET_MODE_BOOL_##TokenName
#define PcdSet64S(TokenName, Value)   _PCD_SET_MODE_64_S_##TokenName ((Value))
#define PcdSetBoolS(TokenName, Value) _PCD_SET_MODE_BOOL_S_##TokenName ((Value))

UINT64
EFIAPI
LibPcdGet64 (
  IN UINTN  TokenNumber
  );

RETURN_STATUS
EFIAPI
LibPcdSet64S (
  IN UINTN   TokenNumber,
  IN UINT64  Value
  );

#endif

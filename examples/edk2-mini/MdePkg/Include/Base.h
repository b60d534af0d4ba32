/** @file
  Base types of the ccguard example tree. Just enough for the example
  modules to read like EDK II code.

  SPDX-License-Identifier: MIT
**/

#ifndef BASE_H_
#define BASE_H_

typedef unsigned char       UINT8;
typedef unsigned short      UINT16;
typedef unsigned int        UINT32;
typedef unsigned long long  UINT64;
typedef long long           INT64;
typedef UINT64              UINTN;
typedef unsigned char       BOOLEAN;
typedef char                CHAR8;
typedef unsigned short      CHAR16;
typedef void                VOID;

typedef UINTN   RETURN_STATUS;
typedef UINT64  PHYSICAL_ADDRESS;

typedef struct {
  UINT32    Data1;
  UINT16    Data2;
  UINT16    Data3;
  UINT8     Data4[8];
} GUID;

#define TRUE   ((BOOLEAN)1)
#define FALSE  ((BOOLEAN)0)
#define NULL   ((VOID *) 0)

#define IN
#define OUT
#define OPTIONAL
#define CONST   const
#define STATIC  static
#define EFIAPI  __attribute__((ms_abi))

#define MAX_BIT          0x8000000000000000ULL
#define ENCODE_ERROR(a)  ((RETURN_STATUS)(MAX_BIT | (a)))

#define RETURN_SUCCESS            0
#define RETURN_INVALID_PARAMETER  ENCODE_ERROR (2)
#define RETURN_UNSUPPORTED        ENCODE_ERROR (3)
#define RETURN_NOT_FOUND          ENCODE_ERROR (14)
#define RETURN_SECURITY_VIOLATION ENCODE_ERROR (26)
#define RETURN_ERROR(a)           (((INT64)(RETURN_STATUS)(a)) < 0)

#define SIZE_4KB   0x00001000
#define SIZE_2MB   0x00200000
#define SIZE_32MB  0x02000000
#define BIT0       0x00000001
#define BIT1       0x00000002
#define BIT2       0x00000004

#define EFI_PAGE_SHIFT           12
#define EFI_PAGES_TO_SIZE(Pages) ((UINTN)(Pages) << EFI_PAGE_SHIFT)
#define MIN(a, b)                (((a) < (b)) ? (a) : (b))
#define ARRAY_SIZE(Array)        (sizeof (Array) / sizeof ((Array)[0]))

#endif

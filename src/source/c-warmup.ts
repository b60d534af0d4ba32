/**
 * A small C file, written for this purpose, that uses every construct the scan handles: scanned
 * a few times before the first real file so that V8 has type feedback for every path.
 *
 * Why: V8 optimizes the scan's hot functions after a few hundred files; a path that had never
 * run by then (an `_asm` block, an unterminated literal, a macro-made header) has no feedback,
 * so reaching it throws the optimized code away and the function runs unoptimized until it is
 * compiled again. On the edk2 tree that cost about a third of a cold scan; this warm-up costs a
 * few milliseconds.
 */
export const C_WARMUP_SAMPLE = `#include <Base.h>
#include "Local.h"
#include INCLUDE_MACRO (Name)
#define FLAG  1
#define MAX(a, b)  ((a) > (b) ? \\
                    (a) : (b))
#if 0
It's dead text with a lone quote
#elif defined (X) && FLAG
#error This isn't supported
#else
#warning text
#endif
#ifdef __cplusplus
extern "C" {
#endif
typedef struct { UINT8 A : 4; CHAR16 *Name; } RECORD;
STATIC CONST RECORD  mRecords[] = { { 1, L"a{" }, { 2, u8"b" } };
EFI_GUID  gGuid = { 0x1, 0x2, 0x3, { 0x4, 0x5 } };
double  Values[] = { 1e+5, 0x1p-3, .5, 0x1E+2, 'x', '\\'', U'y' };
VOID (*GetHandler (UINTN Index)) (VOID) { return NULL; }
MACRO_HEADER (Made) { return; }
EFI_STATUS EFIAPI NAME_MACRO (Pasted) (IN UINTN X) { return X; }
/* block
   comment */ // line \\
   continued
STATIC
EFI_STATUS
EFIAPI
Sample (
  IN     UINTN                 Value,
  IN OUT EFI_SAMPLE_PROTOCOL   *This OPTIONAL
  )
{
  EFI_STATUS  Status;
  VOID        (*Callback)(VOID);
  UINT8       Buffer[] = { 1, 2 };
  struct { UINT32 B; } Local;

  if (Value == 0) {
    return EFI_INVALID_PARAMETER;
  } else if (This->Check (This, 'c') && IsReady ()) {
    DEBUG ((DEBUG_INFO, "%a: \\"{\\"\\n", __func__));
  } else {
    ASSERT (FALSE);
    CpuDeadLoop ();
  }
#ifdef VARIANT
  if (Value > 1) {
#else
  if (Value > 2) {
#endif
    Status = Helper (Value);
  }
  if (Value) Status = Other (); else goto Done;
  switch (Value) {
    case 1:
    case FLAG:
      Status = One ();
      break;
    default:
      return Status;
  }
  for (Value = 0; Value < 4; Value++) { continue; }
  while (Value-- > 0) Wait ();
  do { Value++; } while (Value < 10);
  BASE_LIST_FOR_EACH (Link, &List) { Visit (Link); }
  Local.B = (UINT32){ 0 }.B;
  MACRO_WITHOUT_SEMICOLON (Value)
  gBS->Stall (1);
  _asm {
    mov eax, 1 ; it's a comment }
  }
  __asm__ __volatile__ ("nop");
  x = Value ? 1 : 2;
  \u00f1 = 1;
Done:
  return Status;
}
#ifdef __cplusplus
}
#endif
`;

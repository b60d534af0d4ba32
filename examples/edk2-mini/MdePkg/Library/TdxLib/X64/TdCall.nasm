;------------------------------------------------------------------------------
; @file
; TdCall, TdVmCall and TdSharedPageMask for TDX guests.
; SPDX-License-Identifier: MIT
;------------------------------------------------------------------------------

%define TDCALL_TDINFO  1
%define TDVMCALL       0

; TDCALL is not known to every assembler yet.
%macro tdcall 0
    db      0x66, 0x0f, 0x01, 0xcc
%endmacro

    DEFAULT REL
    SECTION .text

; UINT64 TdCall (Leaf, Arg1, Arg2, Arg3, Results)
global ASM_PFX(TdCall)
ASM_PFX(TdCall):
    push    rbx
    mov     rax, rcx
    mov     rcx, rdx
    mov     rdx, r8
    mov     r8, r9
    tdcall
    mov     rbx, [rsp + 8 + 0x28]
    test    rbx, rbx
    jz      .NoResults
    mov     [rbx], rcx
    mov     [rbx + 8], rdx
    mov     [rbx + 16], r8
.NoResults:
    pop     rbx
    ret

; UINT64 TdVmCall (Leaf, Arg1, Arg2, Arg3, Arg4, Results)
global ASM_PFX(TdVmCall)
ASM_PFX(TdVmCall):
    push    r12
    push    r13
    push    r14
    mov     r11, rcx
    mov     r12, rdx
    mov     r13, r8
    mov     r14, r9
    mov     rax, TDVMCALL
    mov     rcx, 0xfc00             ; expose r10-r15 to the VMM
    xor     r10, r10
    tdcall
    mov     rax, r10
    pop     r14
    pop     r13
    pop     r12
    ret

; UINT64 TdSharedPageMask (VOID): bit GPAW-1 from TDINFO
global ASM_PFX(TdSharedPageMask)
ASM_PFX(TdSharedPageMask):
    mov     rax, TDCALL_TDINFO
    tdcall
    mov     rcx, r8
    and     ecx, 0x3f
    dec     ecx
    mov     rax, 1
    shl     rax, cl
    ret

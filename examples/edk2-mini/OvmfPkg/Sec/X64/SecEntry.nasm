;------------------------------------------------------------------------------
; @file
; SEC entry: the reset vector jumps here with rbp = boot firmware volume.
; SPDX-License-Identifier: MIT
;------------------------------------------------------------------------------

#include <Base.h>

; TDCALL is not known to every assembler yet.
%macro tdcall 0
    db      0x66, 0x0f, 0x01, 0xcc
%endmacro

%define TDCALL_TDINFO          1
%define GUEST_TYPE_INTEL_TDX   2
%define WORK_AREA_GUEST_TYPE   (FixedPcdGet32 (PcdOvmfWorkAreaBase))
%define SEC_TOP_OF_STACK       (FixedPcdGet32 (PcdOvmfSecPeiTempRamBase) + FixedPcdGet32 (PcdOvmfSecPeiTempRamSize))

    DEFAULT REL
    SECTION .text

extern ASM_PFX(SecCoreStartupWithStack)

global ASM_PFX(_ModuleEntryPoint)
ASM_PFX(_ModuleEntryPoint):
    mov     rsp, SEC_TOP_OF_STACK

    ; Every vCPU of a TD starts here; only the BSP may go on.
    call    SecTdxParkAps

    mov     rcx, rbp
    mov     rdx, rsp
    sub     rsp, 0x20
    call    ASM_PFX(SecCoreStartupWithStack)

; Park the APs of a TD until the OS wakes them. Returns at once on the BSP
; and in any guest that is not a TD.
SecTdxParkAps:
    cmp     byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_INTEL_TDX
    jne     .Done
    mov     rax, TDCALL_TDINFO
    tdcall
    test    r9d, r9d                ; r9[31:0] = vCPU index, 0 = BSP
    jz      .Done
.Park:
    pause
    jmp     .Park
.Done:
    ret

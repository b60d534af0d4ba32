;------------------------------------------------------------------------------
; @file
; AP start-up code. APs arrive here in 64-bit mode with rsi pointing at the
; CPU_MP_DATA exchange data. The SEV-ES steps are in AmdSev.nasm, reached by
; OneTimeCall.
; SPDX-License-Identifier: MIT
;------------------------------------------------------------------------------

; Stackless call and return, as in UefiCpuPkg/ResetVector/Vtf0/CommonMacros.inc.
%macro  OneTimeCall 1
    jmp     %1
%1 %+ OneTimerCallReturn:
%endmacro

%macro  OneTimeCallRet 1
    jmp     %1 %+ OneTimerCallReturn
%endmacro

; CPU_MP_DATA offsets (MpLib.h)
%define CFUNCTION_OFFSET        0x00
%define STACK_START_OFFSET      0x08
%define SEV_ES_ENABLED_OFFSET   0x10
%define GHCB_BASE_OFFSET        0x18
%define AP_STACK_SIZE           0x2000

%define MSR_SEV_ES_GHCB               0xc0010130
%define GHCB_AP_RESET_HOLD_REQUEST    0x006

    DEFAULT REL
    SECTION .text

BITS 64

global ASM_PFX(RendezvousFunnelProc)
ASM_PFX(RendezvousFunnelProc):
    cli
    cld

    ; ebx = this AP's APIC ID (from CPUID, or through the GHCB under SEV-ES)
    OneTimeCall SevEsGetApicId

    ; point the GHCB MSR at this AP's GHCB (SEV-ES only; the hook checks)
    OneTimeCall SevEsSetupGhcb

    ; stack = StackStart + (APIC ID + 1) * AP_STACK_SIZE
    mov     eax, ebx
    inc     eax
    imul    eax, eax, AP_STACK_SIZE
    mov     rsp, [rsi + STACK_START_OFFSET]
    add     rsp, rax

    mov     rcx, rsi
    sub     rsp, 0x20
    call    [rsi + CFUNCTION_OFFSET]
    add     rsp, 0x20

; Park an AP whose work is done until the BSP wakes it again.
global ASM_PFX(AsmApParkLoop)
ASM_PFX(AsmApParkLoop):
    cli
    cmp     byte [rsi + SEV_ES_ENABLED_OFFSET], 0
    je      .NoSevEs
    mov     ecx, MSR_SEV_ES_GHCB
    mov     eax, GHCB_AP_RESET_HOLD_REQUEST
    xor     edx, edx
    wrmsr
    db      0xf3, 0x0f, 0x01, 0xd9
.NoSevEs:
    hlt
    jmp     ASM_PFX(AsmApParkLoop)

%include "AmdSev.nasm"

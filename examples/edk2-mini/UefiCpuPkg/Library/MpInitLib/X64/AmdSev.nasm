;------------------------------------------------------------------------------
; @file
; SEV-ES steps of the AP start-up code, %included by MpFuncs.nasm. Each
; routine checks the SEV-ES flag of the exchange data itself.
; SPDX-License-Identifier: MIT
;------------------------------------------------------------------------------

%define GHCB_CPUID_REQUEST   0x004
%define GHCB_CPUID_REG_EBX   (1 << 30)

; Load this AP's GHCB address into the GHCB MSR.
SevEsSetupGhcb:
    cmp     byte [rsi + SEV_ES_ENABLED_OFFSET], 1
    jne     SevEsSetupGhcbExit
    mov     rax, [rsi + GHCB_BASE_OFFSET]
    mov     rdx, rax
    shr     rdx, 32
    mov     ecx, MSR_SEV_ES_GHCB
    wrmsr
SevEsSetupGhcbExit:
    OneTimeCallRet SevEsSetupGhcb

; Leave the APIC ID in ebx. CPUID would raise #VC under SEV-ES, and APs have
; no #VC handler yet, so ask the hypervisor with the GHCB MSR protocol.
SevEsGetApicId:
    cmp     byte [rsi + SEV_ES_ENABLED_OFFSET], 1
    je      .UseGhcbMsr
    mov     eax, 1
    cpuid
    shr     ebx, 24
    jmp     SevEsGetApicIdExit
.UseGhcbMsr:
    mov     ecx, MSR_SEV_ES_GHCB
    mov     edx, 1
    mov     eax, GHCB_CPUID_REQUEST | GHCB_CPUID_REG_EBX
    wrmsr
    db      0xf3, 0x0f, 0x01, 0xd9        ; VMGEXIT
    rdmsr
    mov     ebx, edx
    shr     ebx, 24
SevEsGetApicIdExit:
    OneTimeCallRet SevEsGetApicId

/**
 * code/ghcb-valid-bitmap: a GHCB save-area field set without its ValidBitmap bit.
 */
import type { Evidence } from '../../cc/model.js';
import type { CFunction } from '../../source/c.js';
import type { NasmFileFacts, NasmInstruction } from '../../source/nasm.js';
import type { ScannedSource } from '../../source/scan.js';
import type { ReportedFinding, Rule } from '../types.js';

/** `Ghcb->SaveArea.Rax = …`, `Ghcb.SaveArea.SwScratch = …` (not `==`). */
const SAVE_AREA_WRITE = /\bSaveArea\s*\.\s*([A-Za-z_]\w*)(?:\s*\[[^\]]*\])?\s*=(?!=)/g;

/** Fields that are no save-area register: the bitmap itself. */
const NOT_REGISTERS = new Set(['ValidBitmap']);

export const ghcbValidBitmap: Rule = {
  meta: {
    id: 'code/ghcb-valid-bitmap',
    title: 'GHCB field set without its valid bit',
    specSection: '—',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A function sets a field of the GHCB save area (`Ghcb->SaveArea.X = …`) but does not mark it valid (`CcExitVmgSetOffsetValid (Ghcb, GhcbX)`) before the VMGEXIT.',
      what: "For every C function that writes a GHCB save-area register (`SaveArea.Rax`, `.Rcx`, `.SwScratch`, `.XCr0`, `.Cpl`, the `SwExit*` fields …), and is followed in the same function by a VMGEXIT (`CcExitVmgExit`, `AsmVmgExit`; 2020 names `VmgExit`), checks that the function sets the register's bit in the GHCB ValidBitmap — `CcExitVmgSetOffsetValid (Ghcb, Ghcb<Field>)` (earlier `VmgSetOffsetValid`, and before November 2020 the handler-local `GhcbSetRegValid`) — after the last `CcExitVmgInit` before the write (which clears the bitmap) and no later than that VMGEXIT. A write that a callee turns into a VMGEXIT is the callee's to mark. In NASM, a routine that reads the GHCB address from MSR 0xC0010130 and stores a save-area field by offset (`mov [rdx + 0x390], rax`: SwExitCode) must set the field's bit in the ValidBitmap at offset 0x3F0 on the same register (`bts [rdx + 0x3f0], 114`, the bit number as an immediate or counted up in a register).",
      why: 'The GHCB protocol says the hypervisor may only use save-area fields whose ValidBitmap bit is set; a field without it is ignored or the request rejected, so the VMGEXIT silently does something else (an MMIO write with no data, an I/O string operation without its buffer). edk2 fixed this five times in one series: 6133e72c00 (VmgExit itself: SwExitCode/SwExitInfo1/SwExitInfo2), 8d9698ecf8 (IOIO SwScratch), 12a0c11e81 (five MMIO paths, SwScratch), f714fd67f2 (QemuFlashDxe SwScratch), fb2a1a36a2 (MpInitLib, NASM). Nothing at the write hints that a second call is needed.',
      failing: [
        '```c',
        'CcExitVmgInit (Ghcb, &InterruptState);',
        'Ghcb->SharedBuffer[0]   = Value;',
        'Ghcb->SaveArea.SwScratch = (UINT64)(UINTN)Ghcb->SharedBuffer;',
        'CcExitVmgExit (Ghcb, SVM_EXIT_MMIO_WRITE, PhysAddr, 1);',
        '```',
      ].join('\n'),
      passing: [
        '```c',
        'CcExitVmgInit (Ghcb, &InterruptState);',
        'Ghcb->SharedBuffer[0]   = Value;',
        'Ghcb->SaveArea.SwScratch = (UINT64)(UINTN)Ghcb->SharedBuffer;',
        'CcExitVmgSetOffsetValid (Ghcb, GhcbSwScratch);',
        'CcExitVmgExit (Ghcb, SVM_EXIT_MMIO_WRITE, PhysAddr, 1);',
        '```',
      ].join('\n'),
      fix: 'Right after the write, add `CcExitVmgSetOffsetValid (Ghcb, Ghcb<Field>)` (the `GHCB_REGISTER` value of the field, Register/Amd/Ghcb.h).',
    },
  },
  check(context) {
    for (const source of context.model.sources.values()) {
      if (!source.touchpoints.some((tp) => tp.technology === 'sev')) continue;
      if (source.nasm) {
        for (const f of missingNasmValidBits(source, source.nasm)) context.report(f);
        continue;
      }
      const facts = source.c;
      const lines = source.codeLines;
      if (!facts || !lines) continue;
      for (const fn of facts.functions) {
        for (const f of missingValidBits(source, fn, lines)) context.report(f);
      }
    }
  },
};

export default ghcbValidBitmap;

interface Write {
  readonly field: string;
  readonly line: number;
}

function missingValidBits(source: ScannedSource, fn: CFunction, lines: readonly string[]): ReportedFinding[] {
  const writes: Write[] = [];
  for (let l = fn.bodyStartLine; l <= fn.endLine; l++) {
    const text = lines[l - 1] ?? '';
    if (!text.includes('SaveArea')) continue;
    SAVE_AREA_WRITE.lastIndex = 0;
    for (let m = SAVE_AREA_WRITE.exec(text); m !== null; m = SAVE_AREA_WRITE.exec(text)) {
      if (!NOT_REGISTERS.has(m[1]!)) writes.push({ field: m[1]!, line: l });
    }
  }
  if (writes.length === 0) return [];
  const valid: { field: string; line: number }[] = [];
  const inits: number[] = [];
  const exits: number[] = [];
  let legacy = false;
  for (const c of fn.calls) {
    if (/^\w*Set\w*Valid$/.test(c.callee)) {
      const field = /\bGhcb([A-Za-z]\w*)\s*\)?\s*;?\s*$/.exec(argumentText(lines, c.line, c.column) ?? '');
      if (field) valid.push({ field: field[1]!, line: c.line });
      if (c.callee === 'VmgSetOffsetValid') legacy = true;
    } else if (/^(CcExit)?VmgInit$/.test(c.callee)) {
      inits.push(c.line);
      if (c.callee === 'VmgInit') legacy = true;
    } else if (/^((CcExit)?VmgExit|AsmVmgExit)$/.test(c.callee)) {
      exits.push(c.line);
      if (c.callee === 'VmgExit') legacy = true;
    }
  }
  const setter = legacy ? 'VmgSetOffsetValid' : 'CcExitVmgSetOffsetValid';
  const out: ReportedFinding[] = [];
  const reported = new Set<string>();
  for (const w of writes) {
    const from = Math.max(fn.bodyStartLine, ...inits.filter((l) => l < w.line));
    // Only a VMGEXIT of this function is known to consume the write; a field filled for a
    // callee that performs the exit is that callee's to mark (CcExitVcHandler's CpuidExit sets
    // XCr0 and GetCpuidHyp sets and marks it again).
    const nextExit = exits.filter((l) => l >= w.line).sort((a, b) => a - b)[0];
    if (nextExit === undefined) continue;
    if (valid.some((v) => v.field === w.field && v.line >= from && v.line <= nextExit)) continue;
    const key = `${w.field}@${nextExit}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const evidence: Evidence[] = [
      {
        kind: 'code',
        detail: `SaveArea.${w.field} is set at line ${w.line}`,
        path: source.path,
        line: w.line,
      },
      {
        kind: 'code',
        detail: `the VMGEXIT at line ${nextExit} follows without ${setter} (…, Ghcb${w.field})`,
        path: source.path,
        line: nextExit,
      },
    ];
    const elsewhere = valid.filter((v) => v.field !== w.field).slice(0, 1);
    for (const v of elsewhere)
      evidence.push({
        kind: 'code',
        detail: `${fn.name} marks Ghcb${v.field} valid at line ${v.line}, but not Ghcb${w.field}`,
        path: source.path,
        line: v.line,
      });
    out.push({
      cc: 'sev',
      path: source.path,
      line: w.line,
      endLine: w.line,
      message: `GHCB field SaveArea.${w.field} is set in ${fn.name} but not marked valid before the VMGEXIT at line ${nextExit}: the hypervisor ignores it`,
      evidence: [evidence[0]!, ...evidence.slice(1)],
      fix: `Add \`${setter} (Ghcb, Ghcb${w.field});\` after line ${w.line}, before the VMGEXIT at line ${nextExit}.`,
      key: `${source.path}|${fn.name}|${w.field}`,
    });
  }
  return out;
}

/** The argument text of the call at (line, column), read from the masked lines. */
function argumentText(lines: readonly string[], line: number, column: number): string | undefined {
  let text = '';
  for (let l = line; l < line + 6 && l <= lines.length; l++) {
    text += `${l === line ? (lines[l - 1] ?? '').slice(column - 1) : lines[l - 1]} `;
    const open = text.indexOf('(');
    if (open < 0) continue;
    let depth = 0;
    for (let i = open; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i).trim();
    }
  }
  return undefined;
}

// ── NASM ─────────────────────────────────────────────────────────────

/** GHCB save-area quadwords by byte offset (Register/Amd/Ghcb.h); the bit is the offset / 8. */
const GHCB_FIELDS: ReadonlyMap<number, string> = new Map([
  [0x1f8, 'Rax'],
  [0x308, 'Rcx'],
  [0x310, 'Rdx'],
  [0x318, 'Rbx'],
  [0x390, 'SwExitCode'],
  [0x398, 'SwExitInfo1'],
  [0x3a0, 'SwExitInfo2'],
  [0x3a8, 'SwScratch'],
  [0x3e8, 'XCr0'],
]);
const VALID_BITMAP = 0x3f0;
const GHCB_MSR = 0xc0010130;

/** `[reg + 0x390]` → register and offset. */
function memoryOperand(operand: string): { reg: string; offset: number } | undefined {
  const m = /^\s*(?:qword\s+)?\[\s*([a-z][a-z0-9]*)\s*\+\s*(0x[0-9a-f]+|\d+)\s*\]\s*$/i.exec(operand);
  return m ? { reg: m[1]!.toLowerCase(), offset: Number(m[2]) } : undefined;
}

function operandsOf(i: NasmInstruction): string[] {
  return i.operands.split(',').map((o) => o.trim());
}

/**
 * In each routine that reads the GHCB MSR (`mov rcx, 0xc0010130` / `rdmsr`), every store to a GHCB
 * save-area field (`mov [rdx + 0x390], rax`) needs its ValidBitmap bit set on the same base
 * register (`bts [rdx + 0x3f0], 114`, or through a register holding 114). edk2's AP reset-hold
 * VMGEXIT in MpFuncs.nasm lacked the three SW exit bits until fb2a1a36a2.
 */
function missingNasmValidBits(source: ScannedSource, facts: NasmFileFacts): ReportedFinding[] {
  const routines = new Map<string, NasmInstruction[]>();
  for (const i of facts.instructions) {
    if (i.kind !== 'instruction' || i.label === undefined || i.macro !== undefined) continue;
    const list = routines.get(i.label) ?? [];
    list.push(i);
    routines.set(i.label, list);
  }
  const out: ReportedFinding[] = [];
  for (const [routine, list] of routines) {
    list.sort((a, b) => a.line - b.line);
    const msrAt = ghcbMsrRead(list);
    if (msrAt === undefined) continue;
    const constants = new Map<string, number | undefined>();
    const stores: { reg: string; offset: number; line: number }[] = [];
    const marked = new Set<string>();
    for (const i of list) {
      const ops = operandsOf(i);
      const target = ops[0] ?? '';
      const mem = memoryOperand(target);
      if (i.mnemonic === 'mov' && mem && i.line > msrAt && GHCB_FIELDS.has(mem.offset)) {
        stores.push({ ...mem, line: i.line });
      } else if (i.mnemonic === 'bts' && mem?.offset === VALID_BITMAP) {
        const bit = /^\d+$|^0x[0-9a-f]+$/i.test(ops[1] ?? '')
          ? Number(ops[1])
          : constants.get((ops[1] ?? '').toLowerCase());
        if (bit !== undefined) marked.add(`${mem.reg}\0${bit}`);
      }
      trackConstant(constants, i, ops);
    }
    const reported = new Set<number>();
    for (const st of stores) {
      const bit = st.offset / 8;
      if (marked.has(`${st.reg}\0${bit}`) || reported.has(st.offset)) continue;
      reported.add(st.offset);
      const field = GHCB_FIELDS.get(st.offset)!;
      const at = `[${st.reg} + 0x${st.offset.toString(16)}]`;
      out.push({
        cc: 'sev',
        path: source.path,
        line: st.line,
        endLine: st.line,
        message: `GHCB field ${field} (${at}) is set in ${routine} but its ValidBitmap bit ${bit} is never set: the hypervisor ignores it`,
        evidence: [
          {
            kind: 'code',
            detail: `${routine} reads the GHCB address from MSR 0x${GHCB_MSR.toString(16)} (line ${msrAt}) and writes ${field} at offset 0x${st.offset.toString(16)}`,
            path: source.path,
            line: st.line,
          },
          {
            kind: 'code',
            detail: `no \`bts [${st.reg} + 0x3f0], ${bit}\` (ValidBitmap at offset 0x3f0) in ${routine}`,
            path: source.path,
            line: msrAt,
          },
        ],
        fix: `After line ${st.line}, mark the field valid: \`mov rax, ${bit}\` and \`bts [${st.reg} + 0x3f0], rax\` (GhcbSaveArea bit = offset / 8).`,
        key: `${source.path}|${routine}|${field}`,
      });
    }
  }
  return out;
}

/** The line of the `rdmsr` that reads the GHCB MSR in a routine, if it does. */
function ghcbMsrRead(list: readonly NasmInstruction[]): number | undefined {
  let msr: number | undefined;
  for (const i of list) {
    const ops = operandsOf(i);
    if (i.mnemonic === 'mov' && /^[re]?cx$/i.test(ops[0] ?? '') && /^0x[0-9a-f]+$/i.test(ops[1] ?? '')) {
      msr = Number(ops[1]);
    } else if (i.mnemonic === 'rdmsr' && msr === GHCB_MSR) {
      return i.line;
    }
  }
  return undefined;
}

/** Register constants through `mov reg, imm`, `inc`, `dec`, `add reg, imm`, `xor reg, reg`. */
function trackConstant(
  constants: Map<string, number | undefined>,
  i: NasmInstruction,
  ops: readonly string[],
): void {
  const reg = (ops[0] ?? '').toLowerCase();
  if (!/^[a-z][a-z0-9]*$/.test(reg)) return;
  const imm = /^(?:\d+|0x[0-9a-f]+)$/i.test(ops[1] ?? '') ? Number(ops[1]) : undefined;
  const known = constants.get(reg);
  switch (i.mnemonic) {
    case 'mov':
      constants.set(reg, imm);
      break;
    case 'inc':
      constants.set(reg, known === undefined ? undefined : known + 1);
      break;
    case 'dec':
      constants.set(reg, known === undefined ? undefined : known - 1);
      break;
    case 'add':
      constants.set(reg, known === undefined || imm === undefined ? undefined : known + imm);
      break;
    case 'xor':
      constants.set(reg, (ops[1] ?? '').toLowerCase() === reg ? 0 : undefined);
      break;
    default:
      // Any other instruction that names the register first may change it.
      if (!['cmp', 'test', 'bt', 'push', 'bts'].includes(i.mnemonic)) constants.set(reg, undefined);
  }
}

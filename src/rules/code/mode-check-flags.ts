/**
 * code/mode-check-flags: in NASM, a mode check whose conditional jump reads a flag that the
 * check's instruction does not set, so that the jump decides on something else.
 *
 * The real case: edk2 63c50d3ff2 turned the SEV-ES check of the reset vector from
 * `cmp byte[…], 0` / `jz` into `bt [SEV_ES_WORK_AREA_STATUS_MSR], ecx` and kept the `jz`. BT
 * copies the bit into CF and leaves ZF alone, so the jump followed the ZF of an earlier
 * `xor ebx, ebx`: the SEV-ES encryption-bit mitigation never ran for 17 months, until e674096acc
 * ("OvmfPkg/ResetVector: Fix assembler bit test flag check", July 2023).
 */
import type { Evidence } from '../../cc/model.js';
import type { CcTouchpoint } from '../../cc/touchpoints.js';
import type { NasmFileFacts, NasmInstruction } from '../../source/nasm.js';
import type { ScannedSource } from '../../source/scan.js';
import type { ReportedFinding, Rule } from '../types.js';

type Flag = 'CF' | 'ZF' | 'SF' | 'OF' | 'PF';

/** The flags each conditional jump reads. */
const JCC_READS: Readonly<Record<string, readonly Flag[]>> = {
  jz: ['ZF'],
  je: ['ZF'],
  jnz: ['ZF'],
  jne: ['ZF'],
  jc: ['CF'],
  jb: ['CF'],
  jnae: ['CF'],
  jnc: ['CF'],
  jae: ['CF'],
  jnb: ['CF'],
  ja: ['CF', 'ZF'],
  jnbe: ['CF', 'ZF'],
  jbe: ['CF', 'ZF'],
  jna: ['CF', 'ZF'],
  js: ['SF'],
  jns: ['SF'],
  jo: ['OF'],
  jno: ['OF'],
  jp: ['PF'],
  jpe: ['PF'],
  jnp: ['PF'],
  jpo: ['PF'],
  jl: ['SF', 'OF'],
  jnge: ['SF', 'OF'],
  jge: ['SF', 'OF'],
  jnl: ['SF', 'OF'],
  jg: ['ZF', 'SF', 'OF'],
  jnle: ['ZF', 'SF', 'OF'],
  jle: ['ZF', 'SF', 'OF'],
  jng: ['ZF', 'SF', 'OF'],
};

/**
 * What an instruction does to the flags a jump can read (Intel SDM vol. 2): `set` it computes,
 * `cleared` it forces to 0, anything else it leaves unchanged or undefined.
 */
interface FlagEffect {
  readonly set: readonly Flag[];
  readonly cleared: readonly Flag[];
  /** Upper-case name for messages. */
  readonly name: string;
}

const ARITHMETIC: FlagEffect = { set: ['CF', 'ZF', 'SF', 'OF', 'PF'], cleared: [], name: 'arithmetic' };
const LOGIC: FlagEffect = { set: ['ZF', 'SF', 'PF'], cleared: ['CF', 'OF'], name: 'logic' };
const BIT_TEST: FlagEffect = { set: ['CF'], cleared: [], name: 'bit test' };
const INC_DEC: FlagEffect = { set: ['ZF', 'SF', 'OF', 'PF'], cleared: [], name: 'increment' };

const FLAG_EFFECTS: Readonly<Record<string, FlagEffect>> = {
  cmp: ARITHMETIC,
  sub: ARITHMETIC,
  add: ARITHMETIC,
  adc: ARITHMETIC,
  sbb: ARITHMETIC,
  neg: ARITHMETIC,
  cmpxchg: ARITHMETIC,
  xadd: ARITHMETIC,
  test: LOGIC,
  and: LOGIC,
  or: LOGIC,
  xor: LOGIC,
  bt: BIT_TEST,
  bts: BIT_TEST,
  btr: BIT_TEST,
  btc: BIT_TEST,
  inc: INC_DEC,
  dec: INC_DEC,
};

/** Instructions that leave every flag a jump reads as it was: the check may sit above them. */
const KEEPS_FLAGS = new Set([
  'mov',
  'movzx',
  'movsx',
  'movsxd',
  'lea',
  'push',
  'pop',
  'xchg',
  'nop',
  'not',
  'bswap',
  'cld',
  'std',
]);

export const modeCheckFlags: Rule = {
  meta: {
    id: 'code/mode-check-flags',
    title: 'Mode check whose jump reads a flag the check does not set',
    specSection: '3.2.B',
    defaultSeverity: 'error',
    docs: {
      summary:
        'In NASM, a conditional jump after a CC mode check (or a test of CC data) reads a flag that the checking instruction does not set, or forces to a constant.',
      what: 'For every conditional jump in a NASM file with CC code, finds the instruction that last wrote flags before it on the same straight-line path (no label, `%if` or macro boundary in between; `mov`, `lea`, `push`, `pop` and other flag-neutral instructions are looked through). When that instruction holds a CC touchpoint — `bt [SEV_ES_WORK_AREA_STATUS_MSR], ecx`, `cmp byte[WORK_AREA_GUEST_TYPE], …`, or a `test` of the answer of `OneTimeCall IsSevEsEnabled` — it reports a jump that reads a flag the instruction leaves unchanged (ZF, SF, OF or PF after `bt`/`bts`/`btr`/`btc`; CF after `inc`/`dec`), or only flags it clears (`jc`/`jnc`/`jo`/`jno` after `test`/`and`/`or`/`xor`: never or always taken).',
      why: 'The reset vector and the AP code check the mode in assembly (spec 3.2.B). A jump on the wrong flag does not fail: it quietly follows whatever instruction last set that flag, so CC code runs in the wrong guests or never runs. edk2 63c50d3ff2 (February 2022) changed the SEV-ES check of Flat32ToFlat64 from `cmp`/`jz` to `bt` and kept the `jz`; the encryption-bit mitigation was skipped in every SEV-ES guest until e674096acc (July 2023), 17 months later.',
      failing: [
        '```nasm',
        '    xor     ebx, ebx',
        '    mov     ecx, 1',
        '    bt      [SEV_ES_WORK_AREA_STATUS_MSR], ecx',
        "    jz      EnablePaging        ; bt sets CF, not ZF: ZF is still xor's 1",
        '```',
      ].join('\n'),
      passing: [
        '```nasm',
        '    xor     ebx, ebx',
        '    mov     ecx, 1',
        '    bt      [SEV_ES_WORK_AREA_STATUS_MSR], ecx',
        '    jnc     EnablePaging        ; CF holds the SEV-ES bit',
        '```',
      ].join('\n'),
      fix: 'Jump on the flag the check sets: after `bt` use `jc`/`jnc` (the bit is in CF); after `test`/`and`/`or`/`xor` use `jz`/`jnz` or `js`/`jns`; after `inc`/`dec` use `jz`/`jnz` or compare with `cmp`. Or make the check an instruction that sets the flag the jump reads (`cmp`).',
    },
  },
  check(context) {
    for (const source of context.model.sources.values()) {
      const facts = source.nasm;
      if (!facts || source.touchpoints.length === 0) continue;
      for (const f of wrongFlagJumps(source, facts)) context.report(f);
    }
  },
};

export default modeCheckFlags;

function wrongFlagJumps(source: ScannedSource, facts: NasmFileFacts): ReportedFinding[] {
  const statements = facts.instructions.filter((i) => i.kind !== 'data').sort((a, b) => a.line - b.line);
  const boundaries = [
    ...facts.labels.map((l) => l.line),
    ...facts.conditionals.flatMap((c) => [c.line, c.endLine, ...c.branches.map((b) => b.line)]),
  ].sort((a, b) => a - b);
  const crossesBoundary = (from: number, to: number): boolean =>
    boundaries.some((line) => line > from && line <= to);
  const touchpointsAt = new Map<number, CcTouchpoint[]>();
  for (const tp of source.touchpoints)
    touchpointsAt.set(tp.line, [...(touchpointsAt.get(tp.line) ?? []), tp]);

  const out: ReportedFinding[] = [];
  for (let j = 0; j < statements.length; j++) {
    const jump = statements[j]!;
    const reads = jump.kind === 'instruction' ? JCC_READS[jump.mnemonic] : undefined;
    if (!reads) continue;
    const checkIndex = flagWriterBefore(statements, j, crossesBoundary);
    if (checkIndex === undefined) continue;
    const check = statements[checkIndex]!;
    const effect = FLAG_EFFECTS[check.mnemonic];
    if (!effect) continue;
    const why = ccReason(statements, checkIndex, touchpointsAt);
    if (!why) continue;
    const unset = reads.filter((f) => !effect.set.includes(f) && !effect.cleared.includes(f));
    const constant = reads.every((f) => effect.cleared.includes(f));
    if (unset.length === 0 && !constant) continue;
    out.push(finding(source, statements, checkIndex, j, reads, unset, why));
  }
  return out;
}

/**
 * The index of the instruction that last wrote flags before statement `j` on its straight-line
 * path, or undefined when a label, `%if` or a macro invocation comes first (another path, or an
 * effect ccguard cannot see, may set the flags).
 */
function flagWriterBefore(
  statements: readonly NasmInstruction[],
  j: number,
  crossesBoundary: (from: number, to: number) => boolean,
): number | undefined {
  const jump = statements[j]!;
  for (let i = j - 1; i >= 0; i--) {
    const s = statements[i]!;
    if (s.macro !== jump.macro || crossesBoundary(s.line, jump.line)) return undefined;
    if (s.kind !== 'instruction') return undefined;
    if (KEEPS_FLAGS.has(s.mnemonic)) continue;
    return i;
  }
  return undefined;
}

/** Why the check at `index` is a CC check: a touchpoint on its line, or the mode routine it tests. */
function ccReason(
  statements: readonly NasmInstruction[],
  index: number,
  touchpointsAt: ReadonlyMap<number, readonly CcTouchpoint[]>,
): { tp: CcTouchpoint; line: number } | undefined {
  const check = statements[index]!;
  const own = touchpointsAt.get(check.line)?.[0];
  if (own) return { tp: own, line: check.line };
  // `OneTimeCall IsSevEsEnabled` then `test eax, eax`: the answer of a mode routine.
  const before = statements[index - 1];
  if (!before || check.mnemonic !== 'test') return undefined;
  const predicate = touchpointsAt.get(before.line)?.find((tp) => tp.predicate);
  return predicate ? { tp: predicate, line: before.line } : undefined;
}

function finding(
  source: ScannedSource,
  statements: readonly NasmInstruction[],
  checkIndex: number,
  jumpIndex: number,
  reads: readonly Flag[],
  unset: readonly Flag[],
  why: { tp: CcTouchpoint; line: number },
): ReportedFinding {
  const check = statements[checkIndex]!;
  const jump = statements[jumpIndex]!;
  const text = (s: NasmInstruction) =>
    `${s.mnemonic}${s.operands ? ` ${s.operands.replace(/\s+/g, ' ')}` : ''}`;
  const evidence: Evidence[] = [
    {
      kind: 'code',
      detail: `\`${text(check)}\` is a ${why.tp.technology} check: ${why.tp.text}${why.line !== check.line ? ` (line ${why.line})` : ''}`,
      path: source.path,
      line: check.line,
      signature: why.tp.signatureId,
    },
  ];
  let message: string;
  let fix: string;
  if (unset.length > 0) {
    const earlier = lastWriterOf(statements, checkIndex, unset[0]!);
    message = `\`${text(jump)}\` after \`${text(check)}\` reads ${unset.join(', ')}, which ${check.mnemonic.toUpperCase()} does not set: the jump follows ${
      earlier ? `\`${text(earlier)}\` (line ${earlier.line})` : 'whatever set it before'
    }, not the check`;
    evidence.push({
      kind: 'code',
      detail: `${jump.mnemonic} reads ${reads.join(', ')}; ${check.mnemonic} sets only ${FLAG_EFFECTS[check.mnemonic]!.set.join(', ')}`,
      path: source.path,
      line: jump.line,
    });
    if (earlier)
      evidence.push({
        kind: 'code',
        detail: `${unset[0]} was last set by \`${text(earlier)}\``,
        path: source.path,
        line: earlier.line,
      });
    fix =
      FIX_FOR[check.mnemonic] ??
      'Jump on a flag the check sets, or check with an instruction that sets the flag the jump reads.';
  } else {
    const never = NEVER_WHEN_CLEARED.has(jump.mnemonic);
    message = `\`${text(jump)}\` after \`${text(check)}\` is ${never ? 'never' : 'always'} taken: ${check.mnemonic.toUpperCase()} clears ${reads.join(' and ')}`;
    evidence.push({
      kind: 'code',
      detail: `${jump.mnemonic} reads ${reads.join(', ')}, which ${check.mnemonic} always clears`,
      path: source.path,
      line: jump.line,
    });
    fix = `After \`${check.mnemonic}\`, jump with \`jz\`/\`jnz\` (or \`js\`/\`jns\`) on the result it computes.`;
  }
  return {
    cc: why.tp.technology,
    path: source.path,
    line: jump.line,
    endLine: jump.line,
    message,
    evidence: [evidence[0]!, ...evidence.slice(1)],
    fix,
    key: `${source.path}|${jump.label ?? ''}|${text(check)}|${text(jump)}`,
  };
}

/** Jumps taken when their flags are set: with those flags cleared they never jump. */
const NEVER_WHEN_CLEARED = new Set(['jc', 'jb', 'jnae', 'jo']);

const FIX_FOR: Readonly<Record<string, string>> = {
  bt: 'BT copies the bit into CF: jump with `jc` (bit set) or `jnc` (bit clear).',
  bts: 'BTS copies the old bit into CF: jump with `jc` or `jnc`.',
  btr: 'BTR copies the old bit into CF: jump with `jc` or `jnc`.',
  btc: 'BTC copies the old bit into CF: jump with `jc` or `jnc`.',
  inc: 'INC leaves CF unchanged: jump on ZF/SF (`jz`, `js`), or use `add … , 1`.',
  dec: 'DEC leaves CF unchanged: jump on ZF/SF (`jz`, `js`), or use `sub … , 1`.',
};

/** The last instruction before `index` that writes `flag` (same file, any path): what the jump really reads. */
function lastWriterOf(
  statements: readonly NasmInstruction[],
  index: number,
  flag: Flag,
): NasmInstruction | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const s = statements[i]!;
    if (s.kind !== 'instruction' || s.macro !== statements[index]!.macro) return undefined;
    const effect = FLAG_EFFECTS[s.mnemonic];
    if (effect?.set.includes(flag) || effect?.cleared.includes(flag)) return s;
    if (!effect && !KEEPS_FLAGS.has(s.mnemonic) && !JCC_READS[s.mnemonic]) return undefined;
  }
  return undefined;
}

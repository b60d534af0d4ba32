import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { DecPackage, InfModule } from '../../src/metadata/model.js';
import {
  buildAssemblyUnits,
  isNasmAssembledSource,
  isNasmLikePath,
  literalBytes,
  maskNasmComments,
  type NasmFileFacts,
  nasmIncludeDirs,
  packageIncludeDirs,
  parseNasmNumber,
  resolveCppInclude,
  resolveNasmInclude,
  scanNasm,
} from '../../src/source/nasm.js';

/** Join snippet lines with LF; line 1 is the first element. */
const src = (...lines: string[]): string => `${lines.join('\n')}\n`;
const scan = (...lines: string[]): NasmFileFacts => scanNasm('Pkg/Mod/File.nasm', src(...lines));
const pick = <T, K extends keyof T>(items: readonly T[], ...keys: K[]): Pick<T, K>[] =>
  items.map(
    (x) => Object.fromEntries(keys.filter((k) => x[k] !== undefined).map((k) => [k, x[k]])) as Pick<T, K>,
  );

describe('maskNasmComments', () => {
  it('blanks comments to the same length and keeps strings that hold a semicolon', () => {
    const text = 'mov al, \';\' ; load\ndb "a;b", `c\\`;` ;x\n; whole line\n';
    const masked = maskNasmComments(text);
    assert.equal(masked.length, text.length);
    assert.equal(masked, 'mov al, \';\'       \ndb "a;b", `c\\`;`   \n            \n');
  });
  it('ends an unterminated quote at the end of its line', () => {
    assert.equal(maskNasmComments("db 'x\n;c\n"), "db 'x\n  \n");
  });
});

describe('labels and spans', () => {
  const facts = scan(
    /* 1 */ 'global ASM_PFX(Outer), Plain:function',
    /* 2 */ 'SECTION .text',
    /* 3 */ 'ASM_PFX(Outer):',
    /* 4 */ '    mov eax, 1',
    /* 5 */ '.again:',
    /* 6 */ '    dec eax',
    /* 7 */ '    jnz .again',
    /* 8 */ '.2',
    /* 9 */ '    ret',
    /* 10 */ '',
    /* 11 */ '; describes Plain',
    /* 12 */ 'Plain: nop',
    /* 13 */ '    ret',
    /* 14 */ 'mTable  dd 0, 1',
    /* 15 */ 'ASM_PFX(mPtr) DQ 0',
    /* 16 */ '; trailing comment',
  );
  it('finds colon, ASM_PFX and colon-less labels with NASM spans', () => {
    assert.deepEqual(facts.labels, [
      { name: 'Outer', line: 3, endLine: 9, local: false, global: true },
      { name: '.again', line: 5, endLine: 7, local: true, global: false, parent: 'Outer' },
      { name: '.2', line: 8, endLine: 9, local: true, global: false, parent: 'Outer' },
      { name: 'Plain', line: 12, endLine: 13, local: false, global: true },
      { name: 'mTable', line: 14, endLine: 14, local: false, global: false },
      { name: 'mPtr', line: 15, endLine: 15, local: false, global: false },
    ]);
  });
  it('lists global and extern names', () => {
    const f = scan('global ASM_PFX(A), B:function hidden', 'extern ASM_PFX(CHelper)', 'A: ret');
    assert.deepEqual([f.globals, f.externs], [['A', 'B'], ['CHelper']]);
    assert.deepEqual(facts.globals, ['Outer', 'Plain']);
  });
  it('attributes instructions to the enclosing non-local label', () => {
    assert.deepEqual(pick(facts.instructions, 'line', 'mnemonic', 'label', 'kind'), [
      { line: 4, mnemonic: 'mov', label: 'Outer', kind: 'instruction' },
      { line: 6, mnemonic: 'dec', label: 'Outer', kind: 'instruction' },
      { line: 7, mnemonic: 'jnz', label: 'Outer', kind: 'instruction' },
      { line: 9, mnemonic: 'ret', label: 'Outer', kind: 'instruction' },
      { line: 12, mnemonic: 'nop', label: 'Plain', kind: 'instruction' },
      { line: 13, mnemonic: 'ret', label: 'Plain', kind: 'instruction' },
      { line: 14, mnemonic: 'dd', label: 'mTable', kind: 'data' },
      { line: 15, mnemonic: 'dq', label: 'mPtr', kind: 'data' },
    ]);
  });
  it('keeps labels of macro bodies and struc fields out of the routine list', () => {
    const f = scan(
      '%macro Pair 1',
      '  jmp %1',
      '%1 %+ Back:',
      '%%skip:',
      '%endmacro',
      'struc Shape',
      '  .Width  resd 1',
      '  Height  resd 1',
      'endstruc',
      'Entry:',
      '  Pair Worker',
      'Worker:',
    );
    assert.deepEqual(
      f.labels.map((l) => [l.name, l.line, l.endLine]),
      [
        ['Entry', 10, 11],
        ['Worker', 12, 12],
      ],
    );
  });
  it('takes labels built with %[…] inside %rep as labels', () => {
    const f = scan('%assign n 0', '%rep 2', 'Stub%[n]:', '  iretd', '%assign n n+1', '%endrep');
    assert.deepEqual(
      f.labels.map((l) => l.name),
      ['Stub%[n]'],
    );
    assert.deepEqual(f.parseIssues, []);
  });
});

describe('instructions', () => {
  it('splits prefixes off, lower-cases mnemonics and tracks BITS', () => {
    const f = scan(
      'Go:',
      'BITS 32',
      '    REP VMMCALL',
      '[bits 64]',
      '    lock xadd [rcx], eax',
      'use16',
      '    Rep MovSB',
      '    {vex} vpaddd ymm0, ymm1, ymm2',
      '    rep',
    );
    assert.deepEqual(pick(f.instructions, 'line', 'mnemonic', 'prefix', 'operands', 'bits'), [
      { line: 3, mnemonic: 'vmmcall', prefix: 'rep', operands: '', bits: 32 },
      { line: 5, mnemonic: 'xadd', prefix: 'lock', operands: '[rcx], eax', bits: 64 },
      { line: 7, mnemonic: 'movsb', prefix: 'rep', operands: '', bits: 16 },
      { line: 8, mnemonic: 'vpaddd', prefix: '{vex}', operands: 'ymm0, ymm1, ymm2', bits: 16 },
      { line: 9, mnemonic: 'rep', operands: '', bits: 16 },
    ]);
  });
  it('restores BITS after a macro body that switches it (the 64-bit VMGEXIT idiom)', () => {
    const f = scan(
      'BITS 32',
      '%macro Exit 0',
      'BITS 64',
      '  rep vmmcall',
      'BITS 32',
      '%endmacro',
      'BITS 16',
      'Go:',
      '  Exit',
      '  hlt',
    );
    assert.deepEqual(pick(f.instructions, 'line', 'mnemonic', 'bits', 'macro', 'label', 'kind'), [
      { line: 4, mnemonic: 'vmmcall', bits: 64, macro: 'Exit', kind: 'instruction' },
      { line: 9, mnemonic: 'exit', bits: 16, label: 'Go', kind: 'macro' },
      { line: 10, mnemonic: 'hlt', bits: 16, label: 'Go', kind: 'instruction' },
    ]);
  });
  it('reads times with its count', () => {
    const f = scan('Pad:', '  times 16 - ($ - Pad) db 0x90', '  TIMES 4 nop');
    assert.deepEqual(pick(f.instructions, 'mnemonic', 'prefix', 'repeat', 'operands', 'kind'), [
      { mnemonic: 'db', prefix: 'times', repeat: '16 - ($ - Pad)', operands: '0x90', kind: 'data' },
      { mnemonic: 'nop', prefix: 'times', repeat: '4', operands: '', kind: 'instruction' },
    ]);
    assert.deepEqual(f.dataBytes, []);
  });
  it('does not count directives as instructions', () => {
    const f = scan(
      'DEFAULT REL',
      'SECTION .text',
      'extern ASM_PFX(Helper)',
      'ALIGN 16',
      'CPU 686',
      'Go: ret',
    );
    assert.deepEqual(
      f.instructions.map((i) => i.mnemonic),
      ['ret'],
    );
  });
});

describe('db encodings', () => {
  const cases: [string, number[] | undefined][] = [
    ['db 0x66,0x0f,0x01,0xcc', [0x66, 0x0f, 0x01, 0xcc]],
    ['DB  0F3h, 0x0F, 0x01, 0FEh', [0xf3, 0x0f, 0x01, 0xfe]],
    ['db \'AB\', 0, "c"', [0x41, 0x42, 0, 0x63]],
    ['db `\\r\\n\\x41\\0`', [13, 10, 0x41, 0]],
    ['db 10, -1, 0b101, 17q, 1_0h', [10, 0xff, 5, 15, 0x10]],
    ['db SOME_CONSTANT', undefined],
    ['db 0x100', undefined],
    ['db 1 + 2', undefined],
  ];
  for (const [line, bytes] of cases) {
    it(line, () => {
      const f = scan(line);
      assert.deepEqual(
        f.dataBytes.map((d) => d.bytes),
        bytes === undefined ? [] : [bytes],
      );
    });
  }
  it('attributes bytes in a macro body to the macro', () => {
    const f = scan('%macro secretop 0', '  db 0x0f, 0x01, 0xab', '%endmacro', 'Use:', '  secretop');
    assert.deepEqual(f.dataBytes, [{ line: 2, bytes: [0x0f, 0x01, 0xab], macro: 'secretop' }]);
    assert.deepEqual(pick(f.calls, 'kind', 'target', 'label'), [
      { kind: 'macro', target: 'secretop', label: 'Use' },
    ]);
  });
  it('parses NASM numbers', () => {
    const numbers: [string, number | undefined][] = [
      ['0x1F', 31],
      ['1Fh', 31],
      ['0h1f', 31],
      ['$1f', 31],
      ['0b101', 5],
      ['101b', 5],
      ['0bh', 11],
      ['0o17', 15],
      ['17o', 15],
      ['0d99', 99],
      ['99d', 99],
      ['-8', -8],
      ['1_000', 1000],
      ['foo', undefined],
      ['0x', undefined],
    ];
    for (const [text, value] of numbers) assert.equal(parseNasmNumber(text), value, text);
    assert.deepEqual(literalBytes("'a', 1"), [0x61, 1]);
  });
});

describe('calls and jumps', () => {
  it('finds call, jmp and jcc targets', () => {
    const f = scan(
      'Entry:',
      '  call ASM_PFX(Helper)',
      '  jmp short .done',
      '  JNZ Entry',
      '  je near Far',
      '  jmp 0x10:dword ASM_PFX(Flat)',
      '  call rax',
      '  jmp qword [rel Table]',
      '  call dword[ebx + 4]',
      '.done:',
      '  jecxz .done',
    );
    assert.deepEqual(pick(f.calls, 'kind', 'target', 'mnemonic', 'indirect', 'line', 'label'), [
      { kind: 'call', target: 'Helper', mnemonic: 'call', indirect: false, line: 2, label: 'Entry' },
      { kind: 'jmp', target: '.done', mnemonic: 'jmp', indirect: false, line: 3, label: 'Entry' },
      { kind: 'jcc', target: 'Entry', mnemonic: 'jnz', indirect: false, line: 4, label: 'Entry' },
      { kind: 'jcc', target: 'Far', mnemonic: 'je', indirect: false, line: 5, label: 'Entry' },
      { kind: 'jmp', target: 'Flat', mnemonic: 'jmp', indirect: false, line: 6, label: 'Entry' },
      { kind: 'call', target: 'rax', mnemonic: 'call', indirect: true, line: 7, label: 'Entry' },
      { kind: 'jmp', target: '[rel Table]', mnemonic: 'jmp', indirect: true, line: 8, label: 'Entry' },
      { kind: 'call', target: 'dword[ebx + 4]', mnemonic: 'call', indirect: true, line: 9, label: 'Entry' },
      { kind: 'jcc', target: '.done', mnemonic: 'jecxz', indirect: false, line: 11, label: 'Entry' },
    ]);
  });
  it('maps OneTimeCall and OneTimeCallRet to their return label', () => {
    const f = scan(
      'Start:',
      '  OneTimeCall ProbeWidget',
      '  hlt',
      'ProbeWidget:',
      '  cmp eax, 1',
      '  jne ProbeDone',
      'ProbeDone:',
      '  OneTimeCallRet ProbeWidget',
    );
    assert.deepEqual(pick(f.calls, 'kind', 'target', 'returnLabel', 'label', 'line'), [
      {
        kind: 'OneTimeCall',
        target: 'ProbeWidget',
        returnLabel: 'ProbeWidgetOneTimerCallReturn',
        label: 'Start',
        line: 2,
      },
      { kind: 'jcc', target: 'ProbeDone', label: 'ProbeWidget', line: 6 },
      {
        kind: 'OneTimeCallRet',
        target: 'ProbeWidget',
        returnLabel: 'ProbeWidgetOneTimerCallReturn',
        label: 'ProbeDone',
        line: 8,
      },
    ]);
  });
  it('attributes jumps in a macro body to the macro, and skips labels the body builds', () => {
    const f = scan(
      '%macro Hop 1',
      '  jmp %1',
      '%1 %+ Landing:',
      '%endmacro',
      'Start:',
      '  Hop Away',
      'Away:',
    );
    assert.deepEqual(pick(f.calls, 'kind', 'target', 'label', 'macro', 'line'), [
      { kind: 'jmp', target: '%1', macro: 'Hop', line: 2 },
      { kind: 'macro', target: 'Hop', label: 'Start', line: 6 },
    ]);
    assert.deepEqual(
      f.labels.map((l) => l.name),
      ['Start', 'Away'],
    );
  });
  it('recognises OneTimeCall defined in another file and other unknown macros', () => {
    const f = scan('Main:', '  OneTimeCall Init', '  SetupThing 1, 2', '  debugMark');
    assert.deepEqual(pick(f.calls, 'kind', 'target', 'mnemonic'), [
      { kind: 'OneTimeCall', target: 'Init', mnemonic: 'onetimecall' },
      { kind: 'macro', target: 'SetupThing', mnemonic: 'setupthing' },
      { kind: 'macro', target: 'debugMark', mnemonic: 'debugmark' },
    ]);
  });
});

describe('preprocessor', () => {
  it('records macros with params and masked bodies, %imacro case-insensitively', () => {
    const f = scan(
      '%macro  Twice 1-2+ ; two',
      '  add %1, %1',
      '%endmacro',
      '%IMACRO halt_now 0',
      '  hlt',
      '%ENDMACRO',
      'X:',
      '  HALT_NOW',
    );
    assert.deepEqual(f.macros, [
      { name: 'Twice', line: 1, endLine: 3, params: '1-2+', body: ['  add %1, %1'], caseInsensitive: false },
      { name: 'halt_now', line: 4, endLine: 6, params: '0', body: ['  hlt'], caseInsensitive: true },
    ]);
    assert.deepEqual(pick(f.calls, 'kind', 'target'), [{ kind: 'macro', target: 'HALT_NOW' }]);
  });
  it('records %define, %assign, equ and #define, joining continued lines', () => {
    const f = scan(
      '%define ASM_PFX(x) x',
      '%define FLAG_A  0x01',
      '%xdefine SUM (FLAG_A + \\',
      '             2)',
      '%assign Count 3',
      'SIZE_A equ 16',
      'SIZE_B: EQU 32',
      '#define CPP_ONE 1',
      '%define EMPTY',
    );
    assert.deepEqual(f.defines, [
      { name: 'ASM_PFX', params: 'x', value: 'x', line: 1, directive: '%define' },
      { name: 'FLAG_A', value: '0x01', line: 2, directive: '%define' },
      { name: 'SUM', value: '(FLAG_A + 2)', line: 3, directive: '%xdefine' },
      { name: 'Count', value: '3', line: 5, directive: '%assign' },
      { name: 'SIZE_A', value: '16', line: 6, directive: 'equ' },
      { name: 'SIZE_B', value: '32', line: 7, directive: 'equ' },
      { name: 'CPP_ONE', value: '1', line: 8, directive: '#define' },
      { name: 'EMPTY', value: '', line: 9, directive: '%define' },
    ]);
    assert.deepEqual(f.labels, []);
  });
  it('records %if blocks with their branches and keeps lines of every branch', () => {
    const f = scan(
      '%ifdef MODE_A',
      '  mov eax, 1',
      '%elifdef MODE_B',
      '  %if WIDTH > 4',
      '    mov eax, 2',
      '  %endif',
      '%else',
      '  mov eax, 3',
      '%ENDIF',
    );
    assert.deepEqual(f.conditionals, [
      {
        line: 1,
        endLine: 9,
        directive: '%ifdef',
        condition: 'MODE_A',
        branches: [
          { line: 3, directive: '%elifdef', condition: 'MODE_B' },
          { line: 7, directive: '%else', condition: '' },
        ],
      },
      { line: 4, endLine: 6, directive: '%if', condition: 'WIDTH > 4', branches: [] },
    ]);
    assert.deepEqual(
      f.instructions.map((i) => i.line),
      [2, 5, 8],
    );
  });
  it('records C-preprocessor lines of a .nasmb and their conditionals and includes', () => {
    const f = scanNasm(
      'Pkg/Rv/Rv.nasmb',
      src(
        '%ifndef ARCH_A',
        '  #include <Base.h>',
        '  #if defined (CPU_A)',
        '    %define ARCH_A',
        '  #else',
        '  #endif',
        '%endif',
        '%include "Common.inc"',
        '%include <Other/Part.nasm.inc>',
      ),
    );
    assert.deepEqual(f.cppLines, [
      { line: 2, text: '#include <Base.h>' },
      { line: 3, text: '#if defined (CPU_A)' },
      { line: 5, text: '#else' },
      { line: 6, text: '#endif' },
    ]);
    assert.deepEqual(
      f.conditionals.map((c) => [c.directive, c.line, c.endLine, c.branches.length]),
      [
        ['%ifndef', 1, 7, 0],
        ['#if', 3, 6, 1],
      ],
    );
    assert.deepEqual(f.includes, [
      { path: 'Base.h', line: 2, kind: '#include', form: 'angled' },
      { path: 'Common.inc', line: 8, kind: '%include', form: 'quoted' },
      { path: 'Other/Part.nasm.inc', line: 9, kind: '%include', form: 'angled' },
    ]);
  });
  it('remembers the routine an include sits in', () => {
    const f = scan('Body:', '  nop', "%include 'Tail.nasm'");
    assert.deepEqual(f.includes, [
      { path: 'Tail.nasm', line: 3, kind: '%include', form: 'quoted', label: 'Body' },
    ]);
  });
  it('handles CRLF left in the text', () => {
    const f = scanNasm('a.nasm', 'Go:\r\n  jz Go ; loop\r\n');
    assert.deepEqual(pick(f.calls, 'target', 'line'), [{ target: 'Go', line: 2 }]);
  });
});

describe('bad input', () => {
  const issues: [string[], [number, string][]][] = [
    [['%macro Open 0', '  nop'], [[1, '%macro Open has no %endmacro']]],
    [['%if 1', '  nop'], [[1, '%if has no %endif']]],
    [['#ifdef X'], [[1, '#ifdef has no #endif']]],
    [['%endif'], [[1, '%endif without an open %if']]],
    [['%else'], [[1, '%else without an open %if']]],
    [['%endmacro'], [[1, '%endmacro without %macro']]],
    [['%macro M 0', '%if 1', '%endmacro'], [[2, '%if inside %macro M is not closed before %endmacro']]],
    [['%rep 3', 'nop'], [[1, '%rep has no %endrep']]],
    [['%endrep'], [[1, '%endrep without %rep']]],
    [['struc S', '.a resb 1'], [[1, 'struc has no endstruc']]],
    [['%include Bare'], [[1, '%include without a quoted or <bracketed> file name']]],
    [['%define'], [[1, '%define without a name']]],
  ];
  for (const [lines, expected] of issues) {
    it(lines.join(' | '), () => {
      assert.deepEqual(
        scan(...lines).parseIssues.map((i) => [i.line, i.message]),
        expected,
      );
    });
  }
  it('closes an unterminated macro at the end of the file', () => {
    const f = scan('%macro Open 1', '  push %1');
    assert.deepEqual(f.macros, [
      { name: 'Open', line: 1, endLine: 2, params: '1', body: ['  push %1'], caseInsensitive: false },
    ]);
  });
  it('never throws on arbitrary text', () => {
    const alphabet = fc.constantFrom(
      ...'%#;:\'"`\\[](),. \n\tabcdefgijmnoprstuxyz0123456789ABCEMR'.split(''),
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }), (chars) => {
        const text = chars.join('');
        const f = scanNasm('x.nasm', text);
        for (const l of f.labels) assert.ok(l.endLine >= l.line);
      }),
      { numRuns: 400 },
    );
  });
});

describe('paths', () => {
  it('tells NASM sources from other .inc/.asm files', () => {
    const yes = ['A/B.nasm', 'A/B.NASMB', 'A/B.nasm.inc', 'A/Macros.inc', 'A/Ia32/Math.asm'];
    const no = [
      'A/Platform.dsc.inc',
      'A/Fv.fdf.inc',
      'A/Key.cer.gTokenGuid.PcdKey.inc',
      'A/AArch64/Fence.asm',
      'A/RiscV64/Cmo.inc',
      'A/B.S',
      'A/B.c',
    ];
    for (const p of yes) assert.equal(isNasmLikePath(p), true, p);
    for (const p of no) assert.equal(isNasmLikePath(p), false, p);
    assert.deepEqual(['a.nasm', 'b.nasmb', 'c.nasm.inc', 'd.asm'].map(isNasmAssembledSource), [
      true,
      true,
      false,
      false,
    ]);
  });
});

const origin = { file: 'x', line: 1 };

function infModule(
  path: string,
  sources: [string, string][],
  packages: string[],
  buildOptions: [string, string][] = [],
): InfModule {
  const dir = path.slice(0, path.lastIndexOf('/'));
  return {
    path,
    dir,
    baseName: 'M',
    fileGuid: '',
    moduleType: 'BASE',
    infVersion: '',
    defines: new Map(),
    archDefines: new Map(),
    entryPoints: [],
    constructors: [],
    destructors: [],
    libraryClassDecls: [],
    sources: sources.map(([p, arch]) => ({ path: `${dir}/${p}`, arch, family: '', origin })),
    packages: packages.map((p) => ({ path: p, arch: 'common', origin })),
    libraryClasses: [],
    pcds: [],
    guids: [],
    protocols: [],
    ppis: [],
    depex: [],
    buildOptions: buildOptions.map(([key, value]) => ({
      family: '',
      key,
      operator: '=',
      value,
      arch: 'common',
      origin,
    })),
  };
}

function decPackage(path: string, includes: [string, string][]): DecPackage {
  const dir = path.slice(0, path.lastIndexOf('/'));
  return {
    path,
    dir,
    name: dir,
    guid: '',
    defines: new Map(),
    includes: includes.map(([p, arch]) => ({ path: `${dir}/${p}`, arch, origin })),
    libraryClasses: [],
    guids: [],
    protocols: [],
    ppis: [],
    pcds: [],
  };
}

describe('include directories (BaseTools order)', () => {
  const decs = new Map([
    [
      'CorePkg/CorePkg.dec',
      decPackage('CorePkg/CorePkg.dec', [
        ['Include', 'common'],
        ['Include/X64', 'X64'],
      ]),
    ],
    ['BoardPkg/BoardPkg.dec', decPackage('BoardPkg/BoardPkg.dec', [['Include', 'common']])],
  ]);
  const inf = infModule(
    'BoardPkg/Reset/Reset.inf',
    [
      ['Reset.nasmb', 'common'],
      ['X64/Helper.nasm', 'X64'],
      ['Ia32/Helper.nasm', 'IA32'],
    ],
    ['BoardPkg/BoardPkg.dec', 'CorePkg/CorePkg.dec'],
    [
      ['*_*_X64_NASMB_FLAGS', '-I$(WORKSPACE)/CorePkg/Vtf/ -DFOO'],
      ['*_*_IA32_NASMB_FLAGS', '-I$(WORKSPACE)/CorePkg/Vtf32/'],
      ['*_*_*_NASM_FLAGS', '-I $(EXTRA)/Asm /I/abs/path'],
    ],
  );
  const pkgDirs = packageIncludeDirs(inf, (p) => decs.get(p), 'X64');
  it('lists package folders then their includes for the arch', () => {
    assert.deepEqual(pkgDirs, [
      'BoardPkg',
      'BoardPkg/Include',
      'CorePkg',
      'CorePkg/Include',
      'CorePkg/Include/X64',
    ]);
  });
  const macros = new Map([['EXTRA', 'BoardPkg/Tools']]);
  it('builds NASM_INC: source folders first, then module, packages, build-option -I paths', () => {
    assert.deepEqual(nasmIncludeDirs(inf, pkgDirs, macros, { arch: 'X64' }), [
      'BoardPkg/Reset/X64',
      'BoardPkg/Reset',
      'BoardPkg',
      'BoardPkg/Include',
      'CorePkg',
      'CorePkg/Include',
      'CorePkg/Include/X64',
      'CorePkg/Vtf',
      'BoardPkg/Tools/Asm',
    ]);
  });
  it('puts NASMB_FLAGS before NASM_INC for a .nasmb and NASM_FLAGS after it for a .nasm', () => {
    assert.deepEqual(
      nasmIncludeDirs(inf, pkgDirs, macros, { arch: 'X64', source: 'BoardPkg/Reset/Reset.nasmb' }).slice(
        0,
        3,
      ),
      ['BoardPkg/Reset', 'CorePkg/Vtf', 'BoardPkg/Reset/X64'],
    );
    const forNasm = nasmIncludeDirs(inf, pkgDirs, macros, {
      arch: 'X64',
      source: 'BoardPkg/Reset/X64/Helper.nasm',
    });
    assert.equal(forNasm[0], 'BoardPkg/Reset/X64');
    assert.equal(forNasm[forNasm.length - 1], 'BoardPkg/Tools/Asm');
    assert.ok(!forNasm.includes('CorePkg/Vtf32'));
  });
});

describe('include resolution', () => {
  const files = new Set([
    'A/Mod/Local.inc',
    'A/Shared/Local.inc',
    'A/Shared/Only.inc',
    'A/Mod/Sub/Near.inc',
    'B/Inc/Base.h',
  ]);
  const exists = (p: string) => files.has(p);
  it('tries each -I folder in order, then the including file folder', () => {
    assert.equal(
      resolveNasmInclude('Local.inc', 'A/Mod/X.nasm', ['A/Mod', 'A/Shared'], exists),
      'A/Mod/Local.inc',
    );
    assert.equal(
      resolveNasmInclude('Local.inc', 'A/Mod/X.nasm', ['A/Shared', 'A/Mod'], exists),
      'A/Shared/Local.inc',
    );
    assert.equal(resolveNasmInclude('Near.inc', 'A/Mod/Sub/Y.inc', ['A/Mod'], exists), 'A/Mod/Sub/Near.inc');
    assert.equal(
      resolveNasmInclude('../Shared/Only.inc', 'A/Mod/X.nasm', ['A/Mod'], exists),
      'A/Shared/Only.inc',
    );
    assert.equal(
      resolveNasmInclude('Sub\\Near.inc', 'A/Mod/X.nasm', ['A/Mod'], exists),
      'A/Mod/Sub/Near.inc',
    );
    assert.equal(resolveNasmInclude('/abs/Local.inc', 'A/Mod/X.nasm', ['A/Mod'], exists), undefined);
    assert.equal(resolveNasmInclude('Missing.inc', 'A/Mod/X.nasm', ['A/Mod'], exists), undefined);
  });
  it('resolves #include "…" next to the includer first and <…> only through the list', () => {
    assert.equal(
      resolveCppInclude('Local.inc', 'quoted', 'A/Mod/X.nasm', ['A/Shared'], exists),
      'A/Mod/Local.inc',
    );
    assert.equal(
      resolveCppInclude('Local.inc', 'angled', 'A/Mod/X.nasm', ['A/Shared'], exists),
      'A/Shared/Local.inc',
    );
    assert.equal(resolveCppInclude('Base.h', 'angled', 'A/Mod/X.nasm', ['B/Inc'], exists), 'B/Inc/Base.h');
  });
});

describe('assembly units', () => {
  const tree: Record<string, string> = {
    'P/Rv/Rv.nasmb': src(
      '#include <Base.h>',
      '%include "Macros.inc"',
      '%ifdef WITH_EXTRA',
      '  %include "Cc/Extra.nasm.inc"',
      '%endif',
      '%include "Main.nasm.inc"',
      '%include "Gone.inc"',
    ),
    'P/Rv/Cc/Extra.nasm.inc': src('ExtraProbe:', '  %include "Deep.inc"', '  OneTimeCallRet ExtraProbe'),
    'P/Rv/Main.nasm.inc': src('%include "Macros.inc"', 'Main16:', '  OneTimeCall ExtraProbe'),
    'P/Shared/Macros.inc': src('%macro OneTimeCall 1', '  jmp %1', '%endmacro'),
    'P/Shared/Deep.inc': src('%include "P/Rv/Cc/Extra.nasm.inc"'),
    'P/Rv/Other.nasm': src('nop'),
  };
  const facts = (p: string) => (tree[p] === undefined ? undefined : scanNasm(p, tree[p]!));
  const exists = (p: string) => tree[p] !== undefined;
  it('follows %include through every branch, once per file, in NASM reading order', () => {
    const units = buildAssemblyUnits(
      ['P/Rv/Rv.nasmb', 'P/Rv/Helper.c', 'P/Shared/Macros.inc'],
      facts,
      ['P/Rv', 'P/Shared', ''],
      exists,
    );
    assert.deepEqual(units, [
      {
        root: 'P/Rv/Rv.nasmb',
        files: [
          { path: 'P/Rv/Rv.nasmb', conditional: false },
          {
            path: 'P/Shared/Macros.inc',
            includedFrom: { path: 'P/Rv/Rv.nasmb', line: 2 },
            conditional: false,
          },
          {
            path: 'P/Rv/Cc/Extra.nasm.inc',
            includedFrom: { path: 'P/Rv/Rv.nasmb', line: 4 },
            conditional: true,
          },
          {
            path: 'P/Shared/Deep.inc',
            includedFrom: { path: 'P/Rv/Cc/Extra.nasm.inc', line: 2, label: 'ExtraProbe' },
            conditional: true,
          },
          {
            path: 'P/Rv/Main.nasm.inc',
            includedFrom: { path: 'P/Rv/Rv.nasmb', line: 6 },
            conditional: false,
          },
        ],
        unresolved: [{ include: 'Gone.inc', kind: '%include', from: 'P/Rv/Rv.nasmb', line: 7 }],
      },
    ]);
  });
  it('takes include folders per root', () => {
    const seen: string[] = [];
    const units = buildAssemblyUnits(
      ['P/Rv/Other.nasm', 'P/Rv/Rv.nasmb'],
      facts,
      (root) => {
        seen.push(root);
        return [root.slice(0, root.lastIndexOf('/')), 'P/Shared'];
      },
      exists,
    );
    assert.deepEqual(seen, ['P/Rv/Other.nasm', 'P/Rv/Rv.nasmb']);
    assert.deepEqual(
      units.map((u) => [u.root, u.files.length]),
      [
        ['P/Rv/Other.nasm', 1],
        ['P/Rv/Rv.nasmb', 5],
      ],
    );
  });
});

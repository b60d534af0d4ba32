import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type CFileFacts,
  type CFunction,
  identifierLines,
  identifierUses,
  maskCComments,
  scanC,
} from '../../src/source/c.js';

/** Source from lines, so that a case's line numbers can be read off its array index + 1. */
const src = (...lines: string[]): string => `${lines.join('\n')}\n`;

interface FunctionShape {
  name: string;
  startLine: number;
  bodyStartLine: number;
  endLine: number;
  returnType?: string;
  params?: string;
  isStatic?: boolean;
  headerMacro?: string;
}

function shape(f: CFunction, full: FunctionShape): FunctionShape {
  const out: FunctionShape = {
    name: f.name,
    startLine: f.startLine,
    bodyStartLine: f.bodyStartLine,
    endLine: f.endLine,
  };
  if ('returnType' in full) out.returnType = f.returnType;
  if ('params' in full) out.params = f.params;
  if ('isStatic' in full) out.isStatic = f.isStatic;
  if ('headerMacro' in full) out.headerMacro = f.headerMacro;
  return out;
}

const functionCases: { name: string; source: string; functions: FunctionShape[]; issues?: string[] }[] = [
  {
    name: 'EDK II header: return type, EFIAPI and name on lines of their own, IN/OUT/OPTIONAL params',
    source: src(
      "/** Doc with { and } and a quote' */",
      'EFI_STATUS',
      'EFIAPI',
      'ProbeWidget (',
      '  IN     UINTN            Count,   // how many { }',
      '  OUT    VOID             *Buffer  OPTIONAL /* may be NULL */',
      '  )',
      '{',
      '  return EFI_SUCCESS;',
      '}',
    ),
    functions: [
      {
        name: 'ProbeWidget',
        startLine: 2,
        bodyStartLine: 8,
        endLine: 10,
        returnType: 'EFI_STATUS',
        params: 'IN UINTN Count, OUT VOID *Buffer OPTIONAL',
        isStatic: false,
      },
    ],
  },
  {
    name: 'STATIC, CONST pointer return type, VOID params, brace on the header line',
    source: src('STATIC', 'CONST CHAR8 *', 'NameOf (VOID) {', '  return "x{";', '}'),
    functions: [
      {
        name: 'NameOf',
        startLine: 1,
        bodyStartLine: 3,
        endLine: 5,
        returnType: 'CONST CHAR8 *',
        params: 'VOID',
        isStatic: true,
      },
    ],
  },
  {
    name: 'variadic parameters',
    source: src(
      'VOID',
      'EFIAPI',
      'LogLine (',
      '  IN UINTN Level,',
      '  IN CONST CHAR8 *Format,',
      '  ...',
      '  )',
      '{',
      '}',
    ),
    functions: [
      {
        name: 'LogLine',
        startLine: 1,
        bodyStartLine: 8,
        endLine: 9,
        params: 'IN UINTN Level, IN CONST CHAR8 *Format, ...',
      },
    ],
  },
  {
    name: 'top-level aggregates and initialisers are not functions',
    source: src(
      'typedef struct {',
      '  UINT32  Bits : 4;',
      '} WIDGET;',
      'typedef union { UINT8 A; UINT16 B; } MIXED;',
      'typedef enum { ColorRed, ColorBlue } COLOR;',
      'GLOBAL_REMOVE_IF_UNREFERENCED CONST CHAR8  *mNames[] = { "a{", "}b", NULL };',
      "STATIC CONST CHAR8  mBrace = '{';",
      'EFI_GUID  gWidgetGuid = { 0x12345678, 0x1234, 0x5678, { 0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8 } };',
      'EFI_STATUS EFIAPI Declared (IN UINTN X);',
      'typedef EFI_STATUS (EFIAPI *WIDGET_HOOK)(IN UINTN X);',
      'VOID After (VOID) { }',
    ),
    functions: [{ name: 'After', startLine: 11, bodyStartLine: 11, endLine: 11 }],
  },
  {
    name: '#if/#else alternative headers sharing one body: the first header is read',
    source: src(
      '#ifdef WIDE_API',
      'UINT64',
      'Measure (IN UINT64 Value)',
      '#else',
      'UINT32',
      'Measure (IN UINT32 Value, IN BOOLEAN Round)',
      '#endif',
      '{',
      '  return Value;',
      '}',
    ),
    functions: [
      {
        name: 'Measure',
        startLine: 2,
        bodyStartLine: 8,
        endLine: 10,
        returnType: 'UINT64',
        params: 'IN UINT64 Value',
      },
    ],
  },
  {
    name: 'self-contained alternatives under #if/#else are all read',
    source: src(
      '#if defined (MDE_CPU_X64)',
      'VOID Arch (VOID) { Wide (); }',
      '#else',
      'VOID Arch (VOID) { Narrow (); }',
      '#endif',
    ),
    functions: [
      { name: 'Arch', startLine: 2, bodyStartLine: 2, endLine: 2 },
      { name: 'Arch', startLine: 4, bodyStartLine: 4, endLine: 4 },
    ],
  },
  {
    name: '#if 0 code is dead, its #else is live',
    source: src('#if 0', 'VOID Old (VOID) { }', '#else', 'VOID New (VOID) { }', '#endif'),
    functions: [{ name: 'New', startLine: 4, bodyStartLine: 4, endLine: 4 }],
  },
  {
    name: 'a header made by a macro from the name: MACRO (Name) {',
    source: src('HANDLER_EXPORT (ResetHandler) {', '  return EFI_SUCCESS;', '}'),
    functions: [
      {
        name: 'ResetHandler',
        startLine: 1,
        bodyStartLine: 1,
        endLine: 3,
        headerMacro: 'HANDLER_EXPORT',
        params: '',
      },
    ],
  },
  {
    name: 'a name pasted by a macro: TYPE MACRO (Name) (params) {',
    source: src('EFI_STATUS', 'EFIAPI', 'MAKE_NAME (Widget) (', '  IN UINTN  X', '  )', '{', '}'),
    functions: [
      {
        name: 'Widget',
        startLine: 1,
        bodyStartLine: 6,
        endLine: 7,
        headerMacro: 'MAKE_NAME',
        params: 'IN UINTN X',
        returnType: 'EFI_STATUS',
      },
    ],
  },
  {
    name: 'a function returning a function pointer',
    source: src('VOID', '(*PickHook (IN UINTN Index)) (IN UINTN Arg)', '{', '  return NULL;', '}'),
    functions: [
      {
        name: 'PickHook',
        startLine: 1,
        bodyStartLine: 3,
        endLine: 5,
        params: 'IN UINTN Index',
        returnType: 'VOID (*) (IN UINTN Arg)',
      },
    ],
  },
  {
    name: 'functions inside extern "C" { } opened and closed under #ifdef __cplusplus',
    source: src(
      '#ifdef __cplusplus',
      'extern "C" {',
      '#endif',
      'int Inner (void) { return 0; }',
      '#ifdef __cplusplus',
      '}',
      '#endif',
      'int Outer (void) { return 1; }',
    ),
    functions: [
      { name: 'Inner', startLine: 4, bodyStartLine: 4, endLine: 4 },
      { name: 'Outer', startLine: 8, bodyStartLine: 8, endLine: 8 },
    ],
  },
  {
    name: 'a macro with braces and line continuations, and an _asm block with MASM comments',
    source: src(
      '#define BLOCK_BEGIN  { \\',
      '    Enter (); \\',
      '  }',
      'VOID',
      'Halt (VOID)',
      '{',
      '  _asm {',
      "    hlt        ; don't return }",
      '  }',
      '}',
    ),
    functions: [{ name: 'Halt', startLine: 4, bodyStartLine: 6, endLine: 10 }],
  },
  {
    name: 'a macro invocation without `;` before the return type does not start the header',
    source: src(
      'DRIVER_ENTRY_POINT (WidgetEntry)',
      '',
      'EFI_STATUS',
      'WidgetEntry (IN EFI_HANDLE Image)',
      '{',
      '}',
    ),
    functions: [
      { name: 'WidgetEntry', startLine: 3, bodyStartLine: 5, endLine: 6, returnType: 'EFI_STATUS' },
    ],
  },
  {
    name: 'an initialiser followed by a macro that hides its `;` ends there',
    source: src(
      'SEQUENCE (WIDGET) = {',
      '  FIELD (WIDGET, A)',
      '}',
      'SEQUENCE_END (WIDGET)',
      'IMPLEMENT_FUNCTIONS (WIDGET)',
      '',
      'BOOLEAN',
      'CheckWidget (VOID)',
      '{',
      '}',
    ),
    functions: [{ name: 'CheckWidget', startLine: 7, bodyStartLine: 9, endLine: 10 }],
  },
];

describe('scanC: functions', () => {
  for (const c of functionCases) {
    it(c.name, () => {
      const facts = scanC('Pkg/Widget.c', c.source);
      assert.deepEqual(
        facts.functions.map((f, i) => shape(f, c.functions[i] ?? c.functions[0]!)),
        c.functions,
      );
      assert.deepEqual(
        facts.parseIssues.map((i) => i.message),
        c.issues ?? [],
      );
    });
  }
});

/** The one function of a source, with its calls as `callee@line[conditional.branch]`. */
function only(source: string): { fn: CFunction; calls: string[]; facts: CFileFacts } {
  const facts = scanC('Pkg/Widget.c', source);
  assert.equal(facts.functions.length, 1, JSON.stringify(facts.functions.map((f) => f.name)));
  const fn = facts.functions[0]!;
  const calls = fn.calls.map(
    (c) =>
      `${c.member ? '.' : ''}${c.callee}@${c.line}` +
      (c.guard ? `[${c.guard.conditionalIndex}.${c.guard.branchIndex}]` : ''),
  );
  return { fn, calls, facts };
}

describe('scanC: conditionals, calls and guards', () => {
  it('flattens an if / else if / else chain, with conditions and guarded calls', () => {
    const { fn, calls } = only(
      src(
        'VOID',
        'Dispatch (VOID)',
        '{',
        '  if (IsModeA ()) {   // comment { in a comment',
        '    ModeAInit ();',
        '  } else if (IsModeB (/* inline */ Flags) &&',
        '             Ready) {',
        '    ModeBInit ();',
        '  } else {',
        '    CommonInit ();',
        '  }',
        '  Finish ();',
        '}',
      ),
    );
    assert.deepEqual(calls, [
      'IsModeA@4',
      'ModeAInit@5[0.0]',
      'IsModeB@6',
      'ModeBInit@8[0.1]',
      'CommonInit@10[0.2]',
      'Finish@12',
    ]);
    assert.equal(fn.conditionals.length, 1);
    const chain = fn.conditionals[0]!;
    assert.deepEqual(
      {
        kind: chain.kind,
        line: chain.line,
        endLine: chain.endLine,
        condition: chain.condition,
        parent: chain.parent,
      },
      { kind: 'if', line: 4, endLine: 11, condition: 'IsModeA ()', parent: undefined },
    );
    assert.deepEqual(chain.branches, [
      {
        kind: 'if',
        condition: 'IsModeA ()',
        conditionIdentifiers: ['IsModeA'],
        startLine: 4,
        endLine: 6,
        earlyExit: false,
      },
      {
        kind: 'else-if',
        condition: 'IsModeB ( Flags) && Ready',
        conditionIdentifiers: ['IsModeB', 'Flags', 'Ready'],
        startLine: 7,
        endLine: 9,
        earlyExit: false,
      },
      { kind: 'else', condition: '', conditionIdentifiers: [], startLine: 9, endLine: 11, earlyExit: false },
    ]);
  });

  it('reads branches without braces and early exits of every kind', () => {
    const { fn, calls } = only(
      src(
        'EFI_STATUS',
        'Guarded (IN UINTN X)',
        '{',
        '  if (X == 0) return EFI_INVALID_PARAMETER;',
        '  if (X == 1)',
        '    goto Done;',
        '  if (X == 2) { CpuDeadLoop (); }',
        '  if (X == 3) ASSERT (FALSE);',
        '  if (X == 4) ASSERT (X > 0);',
        '  if (X == 5) Report (); else Other ();',
        '  if (X == 6) { if (Y) return 1; else return 2; }',
        '  if (X == 7) { if (Y) return 1; }',
        '  gRT->ResetSystem (EfiResetCold, EFI_SUCCESS, 0, NULL);',
        'Done:',
        '  return EFI_SUCCESS;',
        '}',
      ),
    );
    assert.deepEqual(
      fn.conditionals.map(
        (c) =>
          `${c.line}:${c.condition}:${c.branches.map((b) => `${b.kind}${b.earlyExit ? '!' : ''}`).join(',')}`,
      ),
      [
        '4:X == 0:if!',
        '5:X == 1:if!',
        '7:X == 2:if!',
        '8:X == 3:if!',
        '9:X == 4:if',
        '10:X == 5:if,else',
        '11:X == 6:if!',
        '11:Y:if!,else!',
        '12:X == 7:if',
        '12:Y:if!',
      ],
    );
    assert.deepEqual(fn.conditionals[7]!.parent, { conditionalIndex: 6, branchIndex: 0 });
    assert.deepEqual(calls, [
      'CpuDeadLoop@7[2.0]',
      'ASSERT@8[3.0]',
      'ASSERT@9[4.0]',
      'Report@10[5.0]',
      'Other@10[5.1]',
      '.ResetSystem@13',
    ]);
  });

  it('reads a switch: case and default branches, fall-through labels, break versus return', () => {
    const { fn, calls } = only(
      src(
        'UINTN',
        'Classify (IN UINTN Kind)',
        '{',
        '  switch (Kind & KIND_MASK) {',
        '    case KindA:',
        '    case KindB:',
        '      HandleAb ();',
        '      break;',
        "    case 'c':",
        '      return HandleC ();',
        '    default:',
        '      if (Kind) { Log (); }',
        '      break;',
        '  }',
        '  return 0;',
        '}',
      ),
    );
    const sw = fn.conditionals[0]!;
    assert.deepEqual(
      {
        kind: sw.kind,
        line: sw.line,
        endLine: sw.endLine,
        condition: sw.condition,
        ids: sw.conditionIdentifiers,
      },
      { kind: 'switch', line: 4, endLine: 14, condition: 'Kind & KIND_MASK', ids: ['Kind', 'KIND_MASK'] },
    );
    assert.deepEqual(
      sw.branches.map((b) => [
        b.kind,
        b.condition,
        b.conditionIdentifiers,
        b.startLine,
        b.endLine,
        b.earlyExit,
      ]),
      [
        ['case', 'KindA', ['KindA'], 5, 5, false],
        ['case', 'KindB', ['KindB'], 6, 8, false],
        ['case', "'c'", [], 9, 10, true],
        ['default', '', [], 11, 13, false],
      ],
    );
    assert.deepEqual(fn.conditionals[1]!.parent, { conditionalIndex: 0, branchIndex: 3 });
    assert.deepEqual(calls, ['HandleAb@7[0.1]', 'HandleC@10[0.2]', 'Log@12[1.0]']);
  });

  it('records macro calls, member calls and loops; not keywords, casts or function-pointer declarations', () => {
    const { calls, fn } = only(
      src(
        'VOID',
        'Walk (IN LIST_ENTRY *List)',
        '{',
        '  EFI_STATUS  (EFIAPI *Hook)(IN UINTN X);',
        '  UINT8       Table[] = { 1, 2 };',
        '  DEBUG ((DEBUG_INFO, "%a: {\\"x\\"}\\n", __func__));',
        '  Size = sizeof (Table) + (UINTN)(Table[0]);',
        '  BASE_LIST_FOR_EACH (Link, List) {',
        '    Visit (Link);',
        '  }',
        '  for (Index = 0; Index < Max (A, B); Index++) {',
        '    gBS->Stall (Index);',
        '  }',
        '  while (Ops.Poll (&Ops)) { }',
        '  do { Step (); } while (More ());',
        '  return (Done ());',
        '}',
      ),
    );
    assert.deepEqual(calls, [
      'DEBUG@6',
      'BASE_LIST_FOR_EACH@8',
      'Visit@9',
      'Max@11',
      '.Stall@12',
      '.Poll@14',
      'Step@15',
      'More@15',
      'Done@16',
    ]);
    assert.equal(fn.conditionals.length, 0);
    assert.equal(fn.calls[0]!.column, 3);
  });

  it('ends a statement whose macro hides the `;`, and reads the if after it', () => {
    const { fn, calls } = only(
      src('VOID', 'Hidden (VOID)', '{', '  DEBUG_CODE_BEGIN ()', '  if (Ready) {', '    Go ();', '  }', '}'),
    );
    assert.equal(fn.conditionals.length, 1);
    assert.deepEqual(calls, ['DEBUG_CODE_BEGIN@4', 'Go@6[0.0]']);
  });

  it('follows the first branch of an #if that splits braces, and keeps calls of the other with their place', () => {
    const { fn, calls, facts } = only(
      src(
        'VOID',
        'Split (VOID)',
        '{',
        '#ifdef FAST_PATH',
        '  if (Fast ()) {',
        '#else',
        '  if (Slow ()) {',
        '#endif',
        '    Work ();',
        '  }',
        '  Done ();',
        '}',
      ),
    );
    assert.deepEqual(facts.parseIssues, []);
    assert.deepEqual(
      fn.conditionals.map((c) => [c.line, c.endLine, c.condition]),
      [[5, 10, 'Fast ()']],
    );
    assert.deepEqual(calls, ['Fast@5', 'Slow@7', 'Work@9[0.0]', 'Done@11']);
    assert.deepEqual(fn.identifiers.names, ['VOID', 'FAST_PATH', 'Fast', 'Slow', 'Work', 'Done']);
  });
});

describe('scanC: includes, macros, preprocessor conditionals, identifiers', () => {
  const facts = scanC(
    'Pkg/Widget.h',
    src(
      '#ifndef WIDGET_H_',
      '#define WIDGET_H_',
      '#include <Uefi.h>',
      '#include "Local/Widget.h"',
      '#include PPI_DEFINITION (Widget)',
      '#define WIDGET_MAX(a, b) \\',
      '  ((a) > (b) ? (a) : (b))',
      '#if defined (MDE_CPU_X64) && WIDGET_WIDE',
      'extern UINT64  mWidgetMask;',
      '#elif defined (MDE_CPU_IA32)',
      'extern UINT32  mWidgetMask;',
      '#else',
      '#error "unsupported architecture isn\'t handled"',
      '#endif',
      'VOID',
      'Touch (IN OUT WIDGET *Widget)',
      '{',
      '  Widget->Mask = mWidgetMask | WIDGET_MAX (1, 2);',
      '  Widget->Mask |= mWidgetMask;',
      '}',
      '#endif',
    ),
  );

  it('lists includes, with system and computed forms', () => {
    assert.deepEqual(facts.includes, [
      { path: 'Uefi.h', line: 3, system: true },
      { path: 'Local/Widget.h', line: 4, system: false },
      { path: 'PPI_DEFINITION (Widget)', line: 5, system: false },
    ]);
  });

  it('lists #define names with their last line', () => {
    assert.deepEqual(facts.macros, [
      { name: 'WIDGET_H_', line: 2, endLine: 2, functionLike: false },
      { name: 'WIDGET_MAX', line: 6, endLine: 7, functionLike: true },
    ]);
  });

  it('lists #if groups with their #elif/#else lines', () => {
    assert.deepEqual(facts.preprocessorConditionals, [
      { kind: 'ifndef', line: 1, endLine: 21, condition: 'WIDGET_H_', branches: [] },
      {
        kind: 'if',
        line: 8,
        endLine: 14,
        condition: 'defined (MDE_CPU_X64) && WIDGET_WIDE',
        branches: [
          { kind: 'elif', line: 10, condition: 'defined (MDE_CPU_IA32)' },
          { kind: 'else', line: 12, condition: '' },
        ],
      },
    ]);
  });

  it('groups identifier uses by name, without keywords, annotations or the function name', () => {
    const touch = facts.functions[0]!;
    assert.equal(touch.name, 'Touch');
    assert.deepEqual(touch.identifiers.lines, [15, 0, 16, 0, 16, 18, 19, 0, 18, 19, 0, 18, 19, 0, 18, 0]);
    assert.deepEqual(identifierLines(touch.identifiers, 'Widget'), [16, 18, 19]);
    assert.deepEqual(identifierLines(touch.identifiers, 'Absent'), []);
    assert.deepEqual(identifierUses(touch.identifiers), [
      { name: 'VOID', lines: [15] },
      { name: 'WIDGET', lines: [16] },
      { name: 'Widget', lines: [16, 18, 19] },
      { name: 'Mask', lines: [18, 19] },
      { name: 'mWidgetMask', lines: [18, 19] },
      { name: 'WIDGET_MAX', lines: [18] },
    ]);
    assert.deepEqual(
      identifierUses(facts.topLevelIdentifiers).map((u) => `${u.name}:${u.lines.join(',')}`),
      [
        'WIDGET_H_:1',
        'a:7',
        'b:7',
        'MDE_CPU_X64:8',
        'WIDGET_WIDE:8',
        'UINT64:9',
        'mWidgetMask:9,11',
        'MDE_CPU_IA32:10',
        'UINT32:11',
      ],
    );
    assert.deepEqual(facts.parseIssues, []);
    assert.equal(facts.lineCount, 21);
  });
});

describe('scanC: bad input is reported, never thrown', () => {
  const cases: { name: string; source: string; issues: string[]; functions: string[] }[] = [
    {
      name: 'a body without its closing brace',
      source: src('VOID', 'Open (VOID)', '{', '  if (X) {', '    Y ();', '  }'),
      issues: ["3:body of Open has no closing '}'"],
      functions: ['Open:1-6'],
    },
    {
      name: 'braces hidden in macros: a `}` in column 1 closes the unbalanced body',
      source: src(
        '#define LOOP_BEGIN  do {',
        '#define LOOP_END    } } while (More ());',
        'VOID',
        'Spin (VOID)',
        '{',
        '  LOOP_BEGIN { Step ();',
        '  LOOP_END',
        '}',
        '',
        'VOID',
        'Next (VOID)',
        '{',
        '}',
      ),
      issues: [
        "8:braces do not balance in this function (a macro may hide one); closed at the '}' in column 1",
      ],
      functions: ['Spin:3-8', 'Next:10-13'],
    },
    {
      name: 'a stray closing brace at file level',
      source: src('VOID A (VOID) { }', '}', 'VOID B (VOID) { }'),
      issues: ["2:'}' without a matching '{'"],
      functions: ['A:1-1', 'B:3-3'],
    },
    {
      name: 'an unterminated comment',
      source: src('VOID A (VOID) { }', '/* never closed', 'VOID B (VOID) { }'),
      issues: ['4:unterminated comment runs to the end of the file'],
      functions: ['A:1-1'],
    },
    {
      name: 'an unterminated string stops at the end of its line',
      source: src('VOID A (VOID) {', '  Print ("oops);', '}'),
      issues: ["2:'(' without a matching closer before '}'", '2:unterminated string literal'],
      functions: ['A:1-3'],
    },
    {
      name: 'unbalanced preprocessor conditionals',
      source: src('#endif', '#ifdef X', 'VOID A (VOID) { }'),
      issues: ['1:#endif without #if', '2:#ifdef without #endif'],
      functions: ['A:3-3'],
    },
    {
      name: 'an unclosed parenthesis inside a body',
      source: src('VOID A (VOID) {', '  Call (X;', '}', 'VOID B (VOID) { }'),
      issues: ["2:'(' without a matching closer before '}'"],
      functions: ['A:1-3', 'B:4-4'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const facts = scanC('Pkg/Bad.c', c.source);
      assert.deepEqual(
        facts.parseIssues.map((i) => `${i.line}:${i.message}`),
        c.issues,
      );
      assert.deepEqual(
        facts.functions.map((f) => `${f.name}:${f.startLine}-${f.endLine}`),
        c.functions,
      );
    });
  }

  it('never throws, whatever the text', () => {
    const alphabet = fc.constantFrom(
      ...'{}()[];:,#"\'/*\\\n ifelseswitchcase_asm0xAb=<>'.split(''),
      'if',
      'else',
      '#if 0',
      '#else',
      '#endif',
      '/*',
      '*/',
      '//',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }), (parts) => {
        const facts = scanC('Fuzz.c', parts.join(''));
        for (const f of facts.functions) assert.ok(f.startLine <= f.endLine);
      }),
      { numRuns: 400 },
    );
  });

  it('survives pathological nesting', () => {
    const deep = `VOID A (VOID) { ${'if (x) '.repeat(20000)}; ${'{'.repeat(5000)}${'}'.repeat(5000)} }\n`;
    const facts = scanC('Deep.c', deep);
    assert.equal(facts.functions.length, 1);
  });
});

describe('maskCComments', () => {
  it('blanks comments, keeps strings, characters, offsets and line ends', () => {
    const text =
      'A = "/* not */"; // gone\r\nB = \'/\'; /* two\nlines */ C;\n// cont \\\nstill comment\nD;\n';
    const masked = maskCComments(text);
    assert.equal(masked.length, text.length);
    const blanks = (n: number) => ' '.repeat(n);
    assert.equal(
      masked,
      `A = "/* not */"; ${blanks(7)}\r\nB = '/'; ${blanks(6)}\n${blanks(8)} C;\n${blanks(9)}\n${blanks(13)}\nD;\n`,
    );
  });

  it('returns the same string when there is no comment', () => {
    const text = 'int x = 1;\n';
    assert.equal(maskCComments(text), text);
  });

  it('keeps length and every newline for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const masked = maskCComments(text);
        assert.equal(masked.length, text.length);
        for (let i = 0; i < text.length; i++) {
          if (text[i] === '\n') assert.equal(masked[i], '\n');
        }
      }),
      { numRuns: 300 },
    );
  });
});

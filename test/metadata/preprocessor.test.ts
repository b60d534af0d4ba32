import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DSC_DIALECT } from '../../src/metadata/dsc.js';
import { FDF_DIALECT } from '../../src/metadata/fdf.js';
import {
  type LogicalLine,
  Preprocessor,
  type PreprocessorOptions,
  stripFdfComment,
} from '../../src/metadata/preprocessor.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

function workspace(files: Record<string, string>): Workspace {
  return new Workspace([MemorySource.fromStrings('mem', files)]);
}

/** One compact string per yielded line: `file:line kind what`. */
function show(line: LogicalLine): string {
  const at = `${line.origin.file}:${line.origin.line}`;
  switch (line.kind) {
    case 'section':
      return `${at} [${line.section.name}]`;
    case 'statement':
      return `${at} ${line.text}`;
    case 'define':
      return `${at} ${line.isGlobal ? 'EDK_GLOBAL' : 'DEFINE'} ${line.name}=${line.value}`;
    case 'set':
      return `${at} SET ${line.pcd.tokenSpace}.${line.pcd.name}=${line.value}`;
  }
}

function diagnostics(ws: Workspace): string[] {
  return ws.diagnostics.sorted().map((d) => `${d.severity} ${d.code} ${d.file}:${d.line ?? 0} ${d.message}`);
}

function runDsc(files: Record<string, string>, options: PreprocessorOptions = {}, root = 'P/P.dsc') {
  const ws = workspace(files);
  const pp = new Preprocessor(ws, root, DSC_DIALECT, options);
  const lines = [...pp].map(show);
  return { lines, diags: diagnostics(ws), pp };
}

function runFdf(files: Record<string, string>, options: PreprocessorOptions = {}, root = 'P/P.fdf') {
  const ws = workspace(files);
  const pp = new Preprocessor(ws, root, FDF_DIALECT, options);
  const lines = [...pp].map(show);
  return { lines, diags: diagnostics(ws), pp };
}

describe('preprocessor: comments, origins, line ends', () => {
  it('strips # comments outside quotes, skips blank lines and keeps 1-based origins with CRLF', () => {
    const { lines, diags } = runDsc({
      'P/P.dsc': '# header\r\n[Defines]\r\n\r\n  PLATFORM_NAME = P   # trailing\r\n  X = "a#b" # c\r\n',
    });
    assert.deepEqual(lines, ['P/P.dsc:2 [Defines]', 'P/P.dsc:4 PLATFORM_NAME = P', 'P/P.dsc:5 X = "a#b"']);
    assert.deepEqual(diags, []);
  });

  it('FDF: // line comments and /* */ block comments across lines, # kept inside double quotes', () => {
    const state = { inBlockComment: false };
    assert.equal(stripFdfComment('A = "x#y" # z', state), 'A = "x#y"');
    assert.equal(stripFdfComment('B = 1 // note', state), 'B = 1');
    assert.equal(stripFdfComment('C /* start', state), 'C');
    assert.equal(state.inBlockComment, true);
    assert.equal(stripFdfComment('still comment */ D = 2', state), 'D = 2');
    assert.equal(state.inBlockComment, false);
    const { lines } = runFdf({
      'P/P.fdf': '[FV.X]\n/* a\n b */ INF A/A.inf\n# Build/Ovmf*/*/FV\nINF B/B.inf\n',
    });
    assert.deepEqual(lines, ['P/P.fdf:1 [FV]', 'P/P.fdf:3 INF A/A.inf', 'P/P.fdf:5 INF B/B.inf']);
  });

  it('joins a multi-line {CODE(...)} value onto its first line (DSC)', () => {
    const { lines } = runDsc({
      'P/P.dsc': '[PcdsFixedAtBuild]\n  gT.PcdS|{CODE({\n  0x1, 0x2 # two\n  })}\n  gT.PcdN|1\n',
    });
    assert.deepEqual(lines, [
      'P/P.dsc:1 [PcdsFixedAtBuild]',
      'P/P.dsc:2 gT.PcdS|{CODE({\n0x1, 0x2\n})}',
      'P/P.dsc:5 gT.PcdN|1',
    ]);
  });
});

describe('preprocessor: macros', () => {
  it('expands DEFINEs at definition time and in later lines; redefinition wins from then on', () => {
    const { lines, pp } = runDsc({
      'P/P.dsc': '[Defines]\n  DEFINE A = one\n  DEFINE B = $(A)-two\n  DEFINE A = uno\n  NAME = $(A) $(B)\n',
    });
    assert.deepEqual(lines, [
      'P/P.dsc:1 [Defines]',
      'P/P.dsc:2 DEFINE A=one',
      'P/P.dsc:3 DEFINE B=one-two',
      'P/P.dsc:4 DEFINE A=uno',
      'P/P.dsc:5 NAME = uno one-two',
    ]);
    // DSC [Defines] keywords are macros too.
    assert.equal(pp.finalMacros().get('NAME'), 'uno one-two');
  });

  it('command-line -D overrides the file DEFINE; built-ins cannot be redefined', () => {
    const { lines, diags } = runDsc(
      {
        'P/P.dsc':
          '[Defines]\n  DEFINE SMM_REQUIRE = FALSE\n  DEFINE TARGET = X\n  V = $(SMM_REQUIRE) $(TARGET)\n',
      },
      { commandLine: { SMM_REQUIRE: 'TRUE' }, builtins: { TARGET: 'DEBUG' } },
    );
    assert.deepEqual(lines, [
      'P/P.dsc:1 [Defines]',
      'P/P.dsc:2 DEFINE SMM_REQUIRE=FALSE',
      'P/P.dsc:4 V = TRUE DEBUG',
    ]);
    assert.deepEqual(diags, ['error CCG022 P/P.dsc:3 TARGET is a built-in macro and cannot be redefined']);
  });

  it('in a DSC directive the built-ins win even over the command line', () => {
    const { lines } = runDsc(
      { 'P/P.dsc': '[Defines]\n!if $(ARCH) == X64\n  A = $(ARCH)\n!endif\n' },
      { builtins: { ARCH: 'X64' }, commandLine: { ARCH: 'IA32' } },
    );
    assert.deepEqual(lines, ['P/P.dsc:1 [Defines]', 'P/P.dsc:3 A = IA32']);
  });

  it('reports unknown macros of a statement and leaves them as written', () => {
    const ws = workspace({ 'P/P.dsc': '[Components]\n  $(NOPE)/A.inf\n' });
    const pp = new Preprocessor(ws, 'P/P.dsc', DSC_DIALECT);
    const lines = [...pp];
    const st = lines[1];
    assert.ok(st?.kind === 'statement');
    assert.equal(st.text, '$(NOPE)/A.inf');
    assert.deepEqual(st.unknownMacros, ['NOPE']);
  });

  it('leaves $(WORKSPACE) in text (paths are workspace-relative) but lets conditions see it', () => {
    const { lines } = runDsc(
      { 'P/P.dsc': '[Defines]\n!ifdef WORKSPACE\n  F = $(WORKSPACE)/P/P.fdf\n!endif\n' },
      { builtins: { WORKSPACE: '/disk/edk2' } },
    );
    assert.deepEqual(lines, ['P/P.dsc:1 [Defines]', 'P/P.dsc:3 F = $(WORKSPACE)/P/P.fdf']);
  });

  it('scopes a section DEFINE to sections of the same type whose scope covers it (BaseTools _GetApplicableSectionMacro)', () => {
    const { lines } = runDsc({
      'P/P.dsc': [
        '[LibraryClasses.X64]',
        '  DEFINE L = x64lib',
        '[LibraryClasses.X64.PEIM]',
        '  A|$(L)',
        '[LibraryClasses.IA32]',
        '  B|$(L)',
        '[Components.X64]',
        '  $(L)',
        '[LibraryClasses.common]',
        '  DEFINE L = commonlib',
        '[LibraryClasses.IA32.SEC]',
        '  C|$(L)',
        '',
      ].join('\n'),
    });
    assert.deepEqual(lines, [
      'P/P.dsc:1 [LibraryClasses]',
      'P/P.dsc:2 DEFINE L=x64lib',
      'P/P.dsc:3 [LibraryClasses]',
      'P/P.dsc:4 A|x64lib',
      'P/P.dsc:5 [LibraryClasses]',
      'P/P.dsc:6 B|$(L)',
      'P/P.dsc:7 [Components]',
      'P/P.dsc:8 $(L)',
      'P/P.dsc:9 [LibraryClasses]',
      'P/P.dsc:10 DEFINE L=commonlib',
      'P/P.dsc:11 [LibraryClasses]',
      'P/P.dsc:12 C|commonlib',
    ]);
  });

  it('FDF: a section DEFINE is local to its section; [Defines] macros are global; inherited ones are lowest', () => {
    const { lines } = runFdf(
      {
        'P/P.fdf':
          '[Defines]\n  DEFINE G = g\n[FV.A]\n  DEFINE L = a\n  X = $(G) $(L) $(D)\n[FV.B]\n  Y = $(L)\n',
      },
      {
        inherited: new Map([
          ['D', 'dsc'],
          ['G', 'lost'],
        ]),
      },
    );
    assert.deepEqual(lines, [
      'P/P.fdf:1 [Defines]',
      'P/P.fdf:2 DEFINE G=g',
      'P/P.fdf:3 [FV]',
      'P/P.fdf:4 DEFINE L=a',
      'P/P.fdf:5 X = g a dsc',
      'P/P.fdf:6 [FV]',
      'P/P.fdf:7 Y = $(L)',
    ]);
  });

  it('ignores DEFINEs inside a component block (inSubsection), as BaseTools does', () => {
    const ws = workspace({ 'P/P.dsc': '[Components]\n  A/A.inf {\n  DEFINE X = 1\n  }\n  $(X)\n' });
    const pp = new Preprocessor(ws, 'P/P.dsc', DSC_DIALECT);
    const out: string[] = [];
    for (const line of pp) {
      out.push(show(line));
      if (line.kind === 'statement') pp.inSubsection = line.text.endsWith('{');
    }
    assert.deepEqual(out, [
      'P/P.dsc:1 [Components]',
      'P/P.dsc:2 A/A.inf {',
      'P/P.dsc:3 DEFINE X=1',
      'P/P.dsc:4 }',
      'P/P.dsc:5 $(X)',
    ]);
  });

  it('EDK_GLOBAL only in a DSC [Defines]; refused elsewhere and in an FDF', () => {
    const dsc = runDsc({
      'P/P.dsc': '[Defines]\n  EDK_GLOBAL G = 1\n[Components]\n  EDK_GLOBAL H = 2\n  $(G)\n',
    });
    assert.deepEqual(dsc.lines, [
      'P/P.dsc:1 [Defines]',
      'P/P.dsc:2 EDK_GLOBAL G=1',
      'P/P.dsc:3 [Components]',
      'P/P.dsc:5 1',
    ]);
    assert.deepEqual(dsc.diags, [
      'error CCG021 P/P.dsc:4 EDK_GLOBAL can only be used in the [Defines] section',
    ]);
    const fdf = runFdf({ 'P/P.fdf': '[Defines]\n  EDK_GLOBAL G = 1\n' });
    assert.deepEqual(fdf.diags, ['error CCG021 P/P.fdf:2 EDK_GLOBAL can only be used in a .dsc file']);
  });

  it('warns about a macro name BaseTools would refuse and about DEFINE without a name', () => {
    const { diags } = runDsc({ 'P/P.dsc': '[Defines]\n  DEFINE lower = 1\n  DEFINE = 2\n' });
    assert.deepEqual(diags, [
      "warning CCG021 P/P.dsc:2 macro name 'lower' must match [A-Z][A-Z0-9_]*",
      'error CCG021 P/P.dsc:3 DEFINE without a macro name',
    ]);
  });
});

describe('preprocessor: conditionals', () => {
  const chain = (v: string) =>
    runDsc(
      {
        'P/P.dsc': [
          '[Defines]',
          `  DEFINE V = ${v}`,
          '!if $(V) == 1',
          '  A = 1',
          '!elseif $(V) == 2',
          '  A = 2',
          '!elseif $(V) >= 2',
          '  A = 3',
          '!else',
          '  A = else',
          '!endif',
          '',
        ].join('\n'),
      },
      {},
    ).lines.filter((l) => l.includes('A ='));

  it('takes only the first true branch of an !elseif chain; !else only when none was true', () => {
    assert.deepEqual(chain('1'), ['P/P.dsc:4 A = 1']);
    assert.deepEqual(chain('2'), ['P/P.dsc:6 A = 2']);
    assert.deepEqual(chain('5'), ['P/P.dsc:8 A = 3']);
    assert.deepEqual(chain('0'), ['P/P.dsc:10 A = else']);
  });

  it('never reuses a result of the same !if text computed under other macro or PCD values', () => {
    const files = { 'P/P.dsc': '[Defines]\n!if $(M) == 1 && gT.PcdP == 2\n  HIT = 1\n!endif\n' };
    const hit = (m: string, p: string) =>
      runDsc(files, { commandLine: { M: m }, pcdFallback: () => p }).lines.includes('P/P.dsc:3 HIT = 1');
    assert.deepEqual(
      [hit('1', '2'), hit('0', '2'), hit('1', '3'), hit('1', '2')],
      [true, false, false, true],
    );
  });

  it('keeps everything inside an inactive branch off, nested conditions included, and does not evaluate them', () => {
    const { lines, diags } = runDsc({
      'P/P.dsc': [
        '[Defines]',
        '!if FALSE',
        '  DEFINE X = 1',
        '!if TRUE',
        '  A = inner',
        '!else',
        '  A = inner-else',
        '!endif',
        '!if (((',
        '!endif',
        '!error never',
        '!include Missing.inc',
        '!endif',
        '!ifdef X',
        '  A = X defined',
        '!endif',
        '',
      ].join('\n'),
    });
    assert.deepEqual(lines, ['P/P.dsc:1 [Defines]']);
    assert.deepEqual(diags, []);
  });

  it('!ifdef / !ifndef accept NAME and the legacy $(NAME) form; a macro defined as FALSE is defined', () => {
    const { lines } = runDsc({
      'P/P.dsc': [
        '[Defines]',
        '  DEFINE F = FALSE',
        '!ifdef $(F)',
        '  A = 1',
        '!endif',
        '!ifdef F',
        '  B = 1',
        '!endif',
        '!ifndef G',
        '  C = 1',
        '!endif',
        '!ifdef $(G)',
        '  D = 1',
        '!endif',
        '',
      ].join('\n'),
    });
    assert.deepEqual(
      lines.filter((l) => l.includes('= 1')),
      ['P/P.dsc:4 A = 1', 'P/P.dsc:7 B = 1', 'P/P.dsc:10 C = 1'],
    );
  });

  it('evaluates quoted strings with && and != as BaseTools does', () => {
    const { lines } = runDsc(
      {
        'P/P.dsc':
          '[Defines]\n!if "$(TOOL_CHAIN_TAG)" != "XCODE5" && "$(FAMILY)" == "GCC"\n  A = yes\n!endif\n',
      },
      { builtins: { TOOL_CHAIN_TAG: 'GCC5', FAMILY: 'GCC' } },
    );
    assert.deepEqual(lines, ['P/P.dsc:1 [Defines]', 'P/P.dsc:3 A = yes']);
  });

  it('reports !error only in an active branch, with the message unquoted', () => {
    const { diags } = runDsc(
      {
        'P/P.dsc':
          '[Defines]\n!if $(SNP) == TRUE\n  !error "SNP is IA32/X64 only"\n!endif\n!if FALSE\n  !error not this\n!endif\n',
      },
      { commandLine: { SNP: 'TRUE' } },
    );
    assert.deepEqual(diags, ['error CCG014 P/P.dsc:3 SNP is IA32/X64 only']);
  });

  it('reports unknown directives, stray !else/!elseif/!endif, !elseif after !else, and bad expressions, then carries on', () => {
    const { lines, diags } = runDsc({
      'P/P.dsc': [
        '[Defines]',
        '!message hi',
        '!else',
        '!elseif TRUE',
        '!endif',
        '!if TRUE',
        '  A = 1',
        '!else',
        '  A = 2',
        '!elseif TRUE',
        '  A = 3',
        '!else',
        '  A = 4',
        '!endif',
        '!if 1 +',
        '  B = 1',
        '!else',
        '  B = 2',
        '!endif',
        '!if',
        '!endif',
        '  C = 1',
        '',
      ].join('\n'),
    });
    assert.deepEqual(lines, [
      'P/P.dsc:1 [Defines]',
      'P/P.dsc:7 A = 1',
      'P/P.dsc:18 B = 2',
      'P/P.dsc:22 C = 1',
    ]);
    assert.equal(diags.length, 8);
    assert.deepEqual(diags.slice(0, 6), [
      'error CCG016 P/P.dsc:2 unknown directive !message',
      "error CCG012 P/P.dsc:3 '!else' without '!if'",
      "error CCG012 P/P.dsc:4 '!elseif' without '!if'",
      "error CCG012 P/P.dsc:5 '!endif' without '!if'",
      "error CCG012 P/P.dsc:10 '!elseif' after '!else'",
      "error CCG012 P/P.dsc:12 second '!else' in one '!if'",
    ]);
    assert.match(diags[6]!, /^error CCG013 P\/P\.dsc:15 cannot evaluate '1 \+': /);
    assert.equal(diags[7], 'error CCG013 P/P.dsc:20 !if without an operand');
  });

  it('reports an !if left open at the end of its file and restores the includer afterwards', () => {
    const { lines, diags } = runDsc({
      'P/P.dsc': '[Defines]\n!include P/Open.inc\n  B = after\n',
      'P/Open.inc': '!if FALSE\n  A = hidden\n',
    });
    assert.deepEqual(lines, ['P/P.dsc:1 [Defines]', 'P/P.dsc:3 B = after']);
    assert.deepEqual(diags, ["error CCG012 P/Open.inc:1 no matching '!endif' before end of file"]);
  });

  it('reports a macro read as 0 in a condition as info', () => {
    const { lines, diags } = runDsc({
      'P/P.dsc': '[Defines]\n!if $(E1000_ENABLE) == TRUE\n  A = 1\n!endif\n',
    });
    assert.deepEqual(lines, ['P/P.dsc:1 [Defines]']);
    assert.deepEqual(diags, ['info CCG015 P/P.dsc:2 macro $(E1000_ENABLE) is not defined (read as 0)']);
  });
});

describe('preprocessor: PCDs in expressions', () => {
  it('sees a PCD the parser set on line N from line N+1, by full name or bare name, then the fallback', () => {
    const ws = workspace({
      'P/P.dsc': [
        '[PcdsFixedAtBuild]',
        '  gT.PcdA|TRUE',
        '!if gT.PcdA == TRUE && PcdA',
        '  X = 1',
        '!endif',
        '!if gT.PcdDec == 7',
        '  Y = 1',
        '!endif',
        '',
      ].join('\n'),
    });
    const pp = new Preprocessor(ws, 'P/P.dsc', DSC_DIALECT, {
      pcdFallback: (ts, name) => (ts === 'gT' && name === 'PcdDec' ? '7' : undefined),
    });
    const out: string[] = [];
    for (const line of pp) {
      out.push(show(line));
      if (line.kind === 'statement' && line.text.startsWith('gT.PcdA|')) pp.setPcd('gT', 'PcdA', 'TRUE');
    }
    assert.deepEqual(out, [
      'P/P.dsc:1 [PcdsFixedAtBuild]',
      'P/P.dsc:2 gT.PcdA|TRUE',
      'P/P.dsc:4 X = 1',
      'P/P.dsc:7 Y = 1',
    ]);
    // The bare name is understood, with the expression module's warning that BaseTools differs.
    assert.deepEqual(diagnostics(ws), [
      "warning CCG013 P/P.dsc:3 suspicious expression 'gT.PcdA == TRUE && PcdA': PcdA is read as a PCD, but BaseTools compares a bare word as text; write it as TokenSpaceGuid.PcdA",
    ]);
  });

  it('FDF SET evaluates arithmetic over macros and earlier SETs; a plain number stays as written', () => {
    const { lines, pp, diags } = runFdf({
      'P/P.fdf': [
        '[Defines]',
        '  DEFINE BASE = 0xFFC00000',
        '  SET gT.PcdBase = $(BASE)',
        '  SET gT.PcdSize = 0x1000',
        '  SET gT.PcdEnd = gT.PcdBase + gT.PcdSize * 2',
        '  SET gT.PcdFlag = 1 == 1',
        '!if gT.PcdEnd == 0xFFC02000',
        '  OK = 1',
        '!endif',
        '',
      ].join('\n'),
    });
    assert.deepEqual(lines, [
      'P/P.fdf:1 [Defines]',
      'P/P.fdf:2 DEFINE BASE=0xFFC00000',
      'P/P.fdf:3 SET gT.PcdBase=0xFFC00000',
      'P/P.fdf:4 SET gT.PcdSize=0x1000',
      'P/P.fdf:5 SET gT.PcdEnd=0xFFC02000',
      'P/P.fdf:6 SET gT.PcdFlag=TRUE',
      'P/P.fdf:8 OK = 1',
    ]);
    assert.equal(pp.lookupPcd('gT', 'PcdEnd'), '0xFFC02000');
    assert.deepEqual(diags, []);
  });

  it('never lets a SET of an inactive branch be seen', () => {
    const { lines } = runFdf({
      'P/P.fdf': '[Defines]\n!if FALSE\n  SET gT.PcdX = 1\n!endif\n!ifdef gT.PcdX\n  SEEN = 1\n!endif\n',
    });
    assert.deepEqual(lines, ['P/P.fdf:1 [Defines]']);
  });

  it('refuses SET in a DSC (BaseTools does) but still records it; reports a malformed SET', () => {
    const { lines, diags } = runDsc({ 'P/P.dsc': '[Defines]\n  SET gT.PcdX = 2\n  SET nonsense\n' });
    assert.deepEqual(lines, ['P/P.dsc:1 [Defines]', 'P/P.dsc:2 SET gT.PcdX=2']);
    assert.deepEqual(diags, [
      'error CCG021 P/P.dsc:2 SET is not supported in a DSC file',
      'error CCG021 P/P.dsc:3 expected SET TokenSpace.PcdName = value',
    ]);
  });
});

describe('preprocessor: !include', () => {
  it('reads includes in place with their own origins; an include may switch section and the includer stays there', () => {
    const { lines, diags, pp } = runDsc({
      'P/P.dsc': [
        '[Defines]',
        '  DEFINE INC = Include',
        '!include $(INC)/Libs.dsc.inc',
        '  C|c.inf',
        '[Components]',
        '  A/A.inf',
        '!include P/Include/Comps.dsc.inc',
        '  B/B.inf',
        '',
      ].join('\n'),
      'P/Include/Libs.dsc.inc': '[LibraryClasses]\n  L|l.inf\n',
      'P/Include/Comps.dsc.inc': '# no header\n  X/X.inf\n',
    });
    assert.deepEqual(lines, [
      'P/P.dsc:1 [Defines]',
      'P/P.dsc:2 DEFINE INC=Include',
      'P/Include/Libs.dsc.inc:1 [LibraryClasses]',
      'P/Include/Libs.dsc.inc:2 L|l.inf',
      'P/P.dsc:4 C|c.inf',
      'P/P.dsc:5 [Components]',
      'P/P.dsc:6 A/A.inf',
      'P/Include/Comps.dsc.inc:2 X/X.inf',
      'P/P.dsc:8 B/B.inf',
    ]);
    assert.deepEqual(diags, []);
    assert.deepEqual(pp.files, ['P/P.dsc', 'P/Include/Libs.dsc.inc', 'P/Include/Comps.dsc.inc']);
    assert.equal(pp.currentSection.name, 'Components');
  });

  it('searches the including file, the root file, then the workspace root; accepts $(WORKSPACE)/ and quotes', () => {
    const { lines, diags } = runDsc({
      'P/P.dsc':
        '[Defines]\n!include Sub/A.inc\n!include "Common/C.inc"\n!include $(WORKSPACE)/Common/C.inc\n',
      'P/Sub/A.inc': '!include B.inc\n!include Root.inc\n',
      'P/Sub/B.inc': 'B = 1\n',
      'P/Root.inc': 'R = 1\n',
      'Common/C.inc': 'C = 1\n',
    });
    assert.deepEqual(lines, [
      'P/P.dsc:1 [Defines]',
      'P/Sub/B.inc:1 B = 1',
      'P/Root.inc:1 R = 1',
      'Common/C.inc:1 C = 1',
      'Common/C.inc:1 C = 1',
    ]);
    assert.deepEqual(diags, []);
  });

  it('finds an include under a package root (PACKAGES_PATH) after the workspace root', () => {
    const ws = new Workspace([
      MemorySource.fromStrings('ws', { 'P/P.dsc': '[Defines]\n!include NetPkg/Net.dsc.inc\n' }),
      MemorySource.fromStrings('pkgs', { 'NetPkg/Net.dsc.inc': '  NET = 1\n' }),
    ]);
    const lines = [...new Preprocessor(ws, 'P/P.dsc', DSC_DIALECT)].map(show);
    assert.deepEqual(lines, ['P/P.dsc:1 [Defines]', 'NetPkg/Net.dsc.inc:1 NET = 1']);
    assert.deepEqual(diagnostics(ws), []);
  });

  it('reports a missing include, an undefined macro in its path and an include cycle, and carries on', () => {
    const { lines, diags } = runDsc({
      'P/P.dsc': '[Defines]\n!include Missing.inc\n!include $(NOPE)/X.inc\n!include P/Loop.inc\n  END = 1\n',
      'P/Loop.inc': 'L = 1\n!include P/P.dsc\n',
    });
    assert.deepEqual(lines, ['P/P.dsc:1 [Defines]', 'P/Loop.inc:1 L = 1', 'P/P.dsc:5 END = 1']);
    assert.deepEqual(diags, [
      'error CCG011 P/Loop.inc:2 !include cycle: P/P.dsc -> P/Loop.inc -> P/P.dsc',
      'error CCG010 P/P.dsc:2 included file not found: Missing.inc',
      'error CCG010 P/P.dsc:3 included file not found: $(NOPE)/X.inc',
      'error CCG015 P/P.dsc:3 macro $(NOPE) in !include is not defined',
    ]);
  });

  it('reports an unreadable root file without throwing', () => {
    const { lines, diags } = runDsc({}, {}, 'P/None.dsc');
    assert.deepEqual(lines, []);
    assert.deepEqual(diags, ['error CCG001 P/None.dsc:0 cannot read DSC file']);
  });
});

describe('preprocessor: section headers', () => {
  it('expands macros in DSC headers, drops empty items as BaseTools does, reports unknown sections', () => {
    const ws = workspace({
      'P/P.dsc':
        '[Defines]\n  DEFINE PEI_ARCH = IA32\n[Components.$(PEI_ARCH)]\n[LibraryClasses.common.SEC, ]\n[Bogus]\n  x\n',
    });
    const pp = new Preprocessor(ws, 'P/P.dsc', DSC_DIALECT);
    const sections = [...pp].filter((l) => l.kind === 'section').map((l) => l.section);
    assert.deepEqual(
      sections.map((s) => [s.name, s.scopes.map((x) => `${x.arch}.${x.moduleType}`).join(','), s.header]),
      [
        ['Defines', 'common.common', '[Defines]'],
        ['Components', 'IA32.common', '[Components.IA32]'],
        ['LibraryClasses', 'common.SEC', '[LibraryClasses.common.SEC, ]'],
        ['', '', '[Bogus]'],
      ],
    );
    assert.deepEqual(diagnostics(ws), ['warning CCG020 P/P.dsc:5 unknown section [Bogus]']);
  });

  it('refuses macros in FDF section headers and keeps Rule sections macro-free', () => {
    const { lines, diags } = runFdf({
      'P/P.fdf': '[FV.$(X)]\n[Rule.Common.SEC]\n  FILE SEC = $(NAMED_GUID) {\n  }\n',
    });
    assert.deepEqual(lines, [
      'P/P.fdf:1 [FV]',
      'P/P.fdf:2 [Rule]',
      'P/P.fdf:3 FILE SEC = $(NAMED_GUID) {',
      'P/P.fdf:4 }',
    ]);
    assert.deepEqual(diags, ['error CCG021 P/P.fdf:1 macros cannot be used in a section header']);
  });
});

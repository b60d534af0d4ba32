/**
 * A small hand-made analysis result that exercises every part of the report formats: three rules
 * (error, warning, info), five findings — one whose message holds HTML and script, one in a path
 * with spaces and a control character in its code — a suppressed finding, a stale baseline entry
 * and a diagnostic.
 */
import type { Diagnostic } from '../../src/diagnostics.js';
import { DiagnosticCode } from '../../src/diagnostics.js';
import { computeFingerprint } from '../../src/report/fingerprint.js';
import type { ReportInput } from '../../src/report/input.js';
import type { Finding, ReportedFinding, RuleMeta } from '../../src/rules/types.js';

export const RULES: readonly RuleMeta[] = [
  {
    id: 'platform/one-image',
    title: 'One image boots in every CC mode',
    specSection: '1.1',
    defaultSeverity: 'error',
    docs: {
      summary: 'The common platform resolves no CC-required library to a Null instance.',
      what: 'Checks the library classes of the common platform.',
      why: 'A Null instance silently disables a CC protection.',
      failing: '```\nCcProbeLib|CcProbeLibNull.inf\n```',
      passing: '```\nCcProbeLib|CcProbeLibDxe.inf\n```',
      fix: 'Map the class to its real instance.',
    },
  },
  {
    id: 'review/maintainers-coverage',
    title: 'CC files reach CC reviewers',
    specSection: '—',
    defaultSeverity: 'info',
    docs: {
      summary: 'Every CC-specific file is covered by a CC section of Maintainers.txt.',
      what: 'Matches CC files against the `F:` patterns of the CC sections.',
      why: 'Patches to an uncovered file do not reach CC reviewers.',
      failing: 'No section lists `OvmfPkg/Sec/SecMainSev.c`.',
      passing: '`F: OvmfPkg/Sec/*Sev*` in the SEV section.',
      fix: 'Add an `F:` line to the CC section.',
    },
  },
  {
    id: 'isolation/inline-cc-logic',
    title: 'CC logic inline in common code',
    specSection: '3.2.A',
    defaultSeverity: 'warning',
    docs: {
      summary: 'CC logic sits in a common function instead of behind a hook.',
      what: 'Finds CC touchpoints inline in common functions.',
      why: 'Common code stays readable when CC code lives in `Xxx<Cc>.c` files.',
      failing: '```c\nif (SevIsEnabled ()) { SevDoThing (); Common (); }\n```',
      passing: '```c\nSevHook ();\nCommon ();\n```',
      fix: 'Extract a hook into a CC file.',
    },
  },
];

type Draft = Omit<Finding, 'fingerprint'>;

function finding(d: Draft, content: readonly string[] = []): Finding {
  return { ...d, fingerprint: computeFingerprint(d.ruleId, d.key, [...content]) };
}

const SEC_MAIN = [
  '#include "SecMain.h"',
  '',
  'VOID',
  'SecStartup (',
  '  VOID',
  '  )',
  '{',
  '  if (MemEncryptSevIsEnabled ()) {',
  '    AsmWriteMsr64 (MSR_GHCB, Ghcb);',
  '    SetupSev ();',
  '  }',
  '',
  '  CommonInit ();',
  '}',
  '',
  'VOID',
  'SecInit (',
  '  VOID',
  '  )',
  '{',
  '  if (TdIsEnabled ()) {',
  '    TdCall (TDCALL_INFO, 0, 0, 0, &Info);',
  '    TdxSetup (Info.Gpaw);',
  '    TdxAcceptPages (Base, Length);',
  '    TdxMeasure ();',
  '    TdxLog ();',
  '    TdxDone ();',
  '  }',
  '  CommonDone ();',
  '}',
];

const WEIRD = ['/* demo */', 'VOID', 'Weird (VOID)', '{', '  SevThing (); /* \u001b[31mred\u001b[0m */', '}'];

const DSC = [
  '[Defines]',
  '  PLATFORM_NAME = Demo',
  '',
  '[LibraryClasses]',
  '  CcProbeLib|OvmfPkg/Library/CcProbeLib/CcProbeLibNull.inf',
  '  BaseLib|MdePkg/Library/BaseLib/BaseLib.inf',
];

const FILES: ReadonlyMap<string, readonly string[]> = new Map([
  ['OvmfPkg/Sec/SecMain.c', SEC_MAIN],
  ['OvmfPkg/My Dir/Weird.c', WEIRD],
  ['OvmfPkg/OvmfPkgX64.dsc', DSC],
]);

const reported: ReportedFinding = {
  cc: 'sev',
  path: 'OvmfPkg/OvmfPkgX64.dsc',
  line: 5,
  endLine: 5,
  message: 'CcProbeLib resolves to its Null instance in the common platform',
  evidence: [
    {
      kind: 'dsc',
      detail: 'CcProbeLib|OvmfPkg/Library/CcProbeLib/CcProbeLibNull.inf',
      path: 'OvmfPkg/OvmfPkgX64.dsc',
      line: 5,
    },
  ],
  fix: 'Map CcProbeLib to OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf.',
  key: 'OvmfPkg/OvmfPkgX64.dsc CcProbeLib',
};

export const FINDINGS: readonly Finding[] = [
  finding({
    ruleId: 'isolation/inline-cc-logic',
    severity: 'warning',
    cc: 'sev',
    path: 'OvmfPkg/My Dir/Weird.c',
    line: 5,
    endLine: 5,
    message: 'SEV logic inline in <script>alert("x")</script> & a | pipe',
    evidence: [
      {
        kind: 'code',
        detail: 'calls `SevThing` <b>bold</b>',
        path: 'OvmfPkg/My Dir/Weird.c',
        line: 5,
        signature: 'sev.call',
      },
    ],
    fix: 'Move it to `WeirdSev.c` & call a hook.',
    key: 'Weird',
  }),
  finding({ ...reported, ruleId: 'platform/one-image', severity: 'error' }, [DSC[4]!]),
  finding(
    {
      ruleId: 'isolation/inline-cc-logic',
      severity: 'warning',
      cc: 'sev',
      path: 'OvmfPkg/Sec/SecMain.c',
      line: 8,
      endLine: 11,
      message: 'SEV logic inline in common function SecStartup',
      evidence: [
        {
          kind: 'code',
          detail: 'calls MemEncryptSevIsEnabled (predicate)',
          path: 'OvmfPkg/Sec/SecMain.c',
          line: 8,
        },
        { kind: 'code', detail: 'writes the GHCB MSR', path: 'OvmfPkg/Sec/SecMain.c', line: 9 },
      ],
      fix: 'Move the SEV lines into SecMainSev.c and call SecStartupSev () from SecStartup.',
      key: 'SecStartup',
    },
    SEC_MAIN.slice(7, 11),
  ),
  finding(
    {
      ruleId: 'isolation/inline-cc-logic',
      severity: 'warning',
      cc: 'tdx',
      path: 'OvmfPkg/Sec/SecMain.c',
      line: 21,
      endLine: 28,
      message: 'TDX logic inline in common function SecInit',
      evidence: [
        { kind: 'code', detail: 'calls TdIsEnabled (predicate)', path: 'OvmfPkg/Sec/SecMain.c', line: 21 },
      ],
      fix: 'Move the TDX lines into SecMainTdx.c.\nThen call SecInitTdx () from SecInit.',
      key: 'SecInit',
    },
    SEC_MAIN.slice(20, 28),
  ),
  finding({
    ruleId: 'review/maintainers-coverage',
    severity: 'info',
    cc: null,
    path: 'OvmfPkg/Sec/SecMainSev.c',
    line: 1,
    endLine: 1,
    message: 'No CC section of Maintainers.txt covers this file',
    evidence: [{ kind: 'name', detail: 'the file name carries the Sev tag' }],
    fix: 'Add `F: OvmfPkg/Sec/SecMainSev.c` to the AMD SEV section.',
    key: 'OvmfPkg/Sec/SecMainSev.c',
  }),
];

const SUPPRESSED_FINDING = finding({
  ruleId: 'isolation/inline-cc-logic',
  severity: 'warning',
  cc: 'sev',
  path: 'OvmfPkg/Library/Foo/Foo.c',
  line: 3,
  endLine: 4,
  message: 'SEV logic inline in common function FooInit',
  evidence: [{ kind: 'code', detail: 'calls SevFoo', path: 'OvmfPkg/Library/Foo/Foo.c', line: 3 }],
  fix: 'Extract a hook.',
  key: 'FooInit',
});

const DIAGNOSTIC: Diagnostic = {
  severity: 'warning',
  code: DiagnosticCode.UnknownMacro,
  message: '$(FOO) used but never defined',
  file: 'OvmfPkg/OvmfPkgX64.dsc',
  line: 30,
};

export function sampleInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    tool: { name: 'ccguard', version: '0.1.0', informationUri: 'https://example.org/ccguard' },
    rootLabel: 'edk2-demo',
    rules: RULES,
    findings: FINDINGS,
    suppressed: [{ finding: SUPPRESSED_FINDING, reason: 'Upstream refactor pending <bug 1234>' }],
    baselined: 2,
    staleBaseline: [
      {
        ruleId: 'platform/one-image',
        path: 'OvmfPkg/AmdSev/AmdSevX64.dsc',
        fingerprint: '0123456789abcdef0123456789abcdef',
        message: 'SevLib resolves to its Null instance',
      },
    ],
    diagnostics: [DIAGNOSTIC],
    readLines: (path) => FILES.get(path),
    ...overrides,
  };
}

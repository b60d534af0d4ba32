/**
 * code/raw-status-check: the return code of a CC instruction (RMPADJUST, PVALIDATE) tested with
 * EFI_ERROR, which cannot see it.
 *
 * The real case: SevSnpIsVmpl0 (SecSnpSystemRamValidate.c) stored `AsmRmpAdjust ()` in an
 * EFI_STATUS and tested `EFI_ERROR (Status)` from 2021 until c212fec9cf (2024). EFI_ERROR tests
 * the top bit of a UINTN; RMPADJUST fails with 1, 2 or 6, so a guest below VMPL0 read as VMPL0.
 */
import type { Evidence } from '../../cc/model.js';
import type { CFunction } from '../../source/c.js';
import type { ScannedSource } from '../../source/scan.js';
import type { ReportedFinding, Rule } from '../types.js';

/** Wrappers of CC instructions that return the instruction's own small return code. */
const DEFAULT_RAW_STATUS_APIS: Readonly<Record<string, string>> = {
  AsmRmpAdjust: 'RMPADJUST returns 0, or 1 (FAIL_INPUT), 2 (FAIL_PERMISSION), 6 (FAIL_SIZEMISMATCH)',
  AsmPvalidate:
    'PVALIDATE returns 0, or 1 (FAIL_INPUT), 6 (FAIL_SIZEMISMATCH), 255 (succeeded without an RMP update)',
};

/** The status macros that test only the top bit of a UINTN (the ASSERT forms wrap them). */
const ERROR_MACROS = 'ASSERT_EFI_ERROR|ASSERT_RETURN_ERROR|EFI_ERROR|RETURN_ERROR';

export const rawStatusCheck: Rule = {
  meta: {
    id: 'code/raw-status-check',
    title: 'CC instruction return code tested with EFI_ERROR',
    specSection: '—',
    defaultSeverity: 'error',
    docs: {
      summary:
        'The return code of a CC instruction wrapper (`AsmRmpAdjust`, `AsmPvalidate`) is tested with `EFI_ERROR`/`RETURN_ERROR`, which only sees the top bit of a UINTN: every failure reads as success.',
      what: 'In C functions with CC code, finds the calls of the APIs listed in the option `rawStatusApis` (default `AsmRmpAdjust` and `AsmPvalidate`, which return the instruction’s return code in EAX) whose result is tested with `EFI_ERROR (…)`, `RETURN_ERROR (…)` or their `ASSERT_` forms: directly (`EFI_ERROR (AsmPvalidate (…))`) or through the variable the call is stored in, up to the next store to that variable.',
      why: '`EFI_ERROR (x)` is `((INTN)(RETURN_STATUS)(x) < 0)`: it tests the top bit. RMPADJUST and PVALIDATE report failure with small positive codes, so the check never fires and the code goes on as if the page were validated or the VMPL permission granted. edk2’s SevSnpIsVmpl0 did this from December 2021 until c212fec9cf (March 2024): a guest running below VMPL0 was taken for VMPL0.',
      failing: [
        '```c',
        'EFI_STATUS  Status;',
        'Status = AsmRmpAdjust ((UINT64)gVmpl0Data, 0, Rdx);',
        'if (EFI_ERROR (Status)) {',
        '  return FALSE;',
        '}',
        '```',
      ].join('\n'),
      passing: [
        '```c',
        'UINT32  Status;',
        'Status = AsmRmpAdjust ((UINT64)gVmpl0Data, 0, Rdx);',
        'if (Status != 0) {',
        '  return FALSE;',
        '}',
        '```',
      ].join('\n'),
      fix: 'Store the result in a UINT32 and compare it with 0 (or with the return code you expect).',
    },
    optionsSchema: {
      type: 'object',
      properties: {
        rawStatusApis: {
          type: 'object',
          description:
            'API name → what it returns: functions whose result is a raw return code, not an EFI_STATUS.',
          additionalProperties: { type: 'string' },
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { rawStatusApis: DEFAULT_RAW_STATUS_APIS },
  },
  check(context) {
    const apis = (context.options.rawStatusApis ?? DEFAULT_RAW_STATUS_APIS) as Readonly<
      Record<string, string>
    >;
    for (const source of context.model.sources.values()) {
      const facts = source.c;
      const lines = source.codeLines;
      if (!facts || !lines) continue;
      for (const fn of facts.functions) {
        for (const f of errorMacroTests(source, fn, lines, apis)) context.report(f);
      }
    }
  },
};

export default rawStatusCheck;

function errorMacroTests(
  source: ScannedSource,
  fn: CFunction,
  lines: readonly string[],
  apis: Readonly<Record<string, string>>,
): ReportedFinding[] {
  const out: ReportedFinding[] = [];
  for (const call of fn.calls) {
    const returns = apis[call.callee];
    if (returns === undefined || call.member) continue;
    const text = lines[call.line - 1] ?? '';
    let test: { line: number; variable?: string } | undefined;
    if (new RegExp(`\\b(?:${ERROR_MACROS})\\s*\\(\\s*${call.callee}\\s*\\(`).test(text)) {
      test = { line: call.line };
    } else {
      const stored = new RegExp(
        `(?:^|[;{}])\\s*([A-Za-z_]\\w*)\\s*=\\s*(?:\\(\\s*\\w+\\s*\\)\\s*)?${call.callee}\\s*\\(`,
      ).exec(text);
      const variable = stored?.[1];
      if (variable) {
        const line = testOf(lines, variable, call.line + 1, fn.endLine);
        if (line !== undefined) test = { line, variable };
      }
    }
    if (!test) continue;
    const tested = test.variable ?? `${call.callee} (…)`;
    const evidence: Evidence[] = [
      {
        kind: 'code',
        detail: `${call.callee} returns the instruction's code: ${returns}`,
        path: source.path,
        line: call.line,
      },
      {
        kind: 'code',
        detail: `${test.variable ? `${test.variable} is tested` : 'tested'} with ${macroAt(lines, test.line)}, which only sees the top bit of a UINTN`,
        path: source.path,
        line: test.line,
      },
    ];
    out.push({
      cc: 'sev',
      path: source.path,
      line: test.line,
      endLine: test.line,
      message: `${macroAt(lines, test.line)} (${tested}) in ${fn.name} cannot see a failure of ${call.callee}${
        test.variable ? ` (line ${call.line})` : ''
      }: its return codes are small positive numbers, so every failure reads as success`,
      evidence: [evidence[0]!, ...evidence.slice(1)],
      fix: `Compare the result with 0: \`if (${tested === test.variable ? test.variable : `${call.callee} (…)`} != 0)\`${
        test.variable ? `, and declare ${test.variable} as UINT32` : ''
      }.`,
      key: `${source.path}|${fn.name}|${call.callee}`,
    });
  }
  return out;
}

/** The first line in [from, to] that tests `variable` with an error macro, before it is stored again. */
function testOf(lines: readonly string[], variable: string, from: number, to: number): number | undefined {
  const tested = new RegExp(`\\b(?:${ERROR_MACROS})\\s*\\(\\s*${variable}\\s*\\)`);
  const stored = new RegExp(`(?:^|[;{}])\\s*${variable}\\s*=(?!=)`);
  for (let l = from; l <= to; l++) {
    const text = lines[l - 1] ?? '';
    const test = text.search(tested);
    const store = text.search(stored);
    if (store >= 0 && (test < 0 || store < test)) return undefined;
    if (test >= 0) return l;
  }
  return undefined;
}

function macroAt(lines: readonly string[], line: number): string {
  return new RegExp(`\\b(${ERROR_MACROS})\\b`).exec(lines[line - 1] ?? '')?.[1] ?? 'EFI_ERROR';
}

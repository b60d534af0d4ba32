/**
 * code/unguarded-cc-call: common code calls a CC-specific API, or CC code of its module that does
 * not check the mode itself, with no mode check of that technology on the path.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { Evidence } from '../../cc/model.js';
import type { ReportedFinding, Rule } from '../types.js';
import { DEFAULT_MODE_SAFE_APIS, modePathAnalysis, type OperationVerdict } from './cc-operations.js';
import {
  chainEvidence,
  chainText,
  hookFileFor,
  modeName,
  siblingEvidence,
  suggestedCheck,
  withArticle,
} from './mode-text.js';

export const unguardedCcCall: Rule = {
  meta: {
    id: 'code/unguarded-cc-call',
    title: 'CC-specific call in common code without a mode check',
    specSection: '—',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        modeSafeApis: {
          type: 'array',
          items: { type: 'string', pattern: '^[A-Za-z_]\\w*$' },
          description:
            'CC APIs that are safe in every guest because each instance checks the mode itself (replaces the built-in list).',
        },
      },
    },
    defaultOptions: { modeSafeApis: DEFAULT_MODE_SAFE_APIS },
    docs: {
      summary:
        'A call from common code into a CC-specific API, or into CC code of the same module that does not check the mode itself, has no mode check of that technology on its path.',
      what: [
        'Finds calls, in code that does not exist for a CC technology, of',
        '- a CC-specific API of one technology — `MemEncryptSev*PageEncMask`, `CcExitVmg*`, `AsmVmgExit`, `TdCall`, `TdVmCall`, `TdAcceptPages`, `AmdSvsmSnpPvalidate`, `ArmCcaRsi*`, … (the `function` signatures of the signature table), minus the APIs that are safe in any guest (`modeSafeApis`: the #VC/#VE handler hooks, `MemEncryptSevGetEncryptionMask`, `MemEncryptSevSnpPreValidateSystemRam` and others whose every instance checks the mode);',
        '- a function of the same module that is CC code — defined in a file, function or module named for a technology — and does not check the mode for what it does (a hook that returns at once unless the mode is on is fine);',
        '',
        'and reports those with no mode check of the right technology on the path: no enclosing `if`/`else`/`case`/`?:` on a mode test, no early `return`/`goto` on the negated test before the call in the same function, and — when the function checks nothing itself — not every caller in the same file guarding it. Mode tests are the predicates of the signature table (`MemEncryptSev*IsEnabled`, `TdIsEnabled`, `CcProbe () == CcGuestType…`, `CC_GUEST_IS_*`, `ConfidentialComputingGuestHas (CCAttr…)`, `ArmCcaIsRealm`, mask values such as `MemEncryptSevGetEncryptionMask () != 0`, …), flags that hold one or are set only under one (`Retry = MemEncryptSevIsEnabled ()`, `mUseSvsm = TRUE` inside `if (SvsmProbe ())`), and BOOLEAN functions of the module that return TRUE only in a mode (`AccessMsrTdxCall`). Across modules, a call of a function that is CC only by its name (`AmdSevInitialize`, `ArmCcaInitialize`) is a hook: its library, or the Null instance, checks. Calls that are guarded, but by the wrong technology or too weak a sub-mode, are `code/wrong-cc-predicate`. The finding cites guarded calls of the same API elsewhere, when there are any.',
      ].join('\n'),
      why: 'One OVMF image boots normal, SEV and TDX guests (spec 1.1), so common code runs in every mode. A CC-specific API called in the wrong mode does not fail softly: `MemEncryptSevClearPageEncMask` returns an error outside SEV and the caller\'s `ASSERT_RETURN_ERROR` stops a debug build, `TdCall`/`TdVmCall` raise #UD outside a TD, the GHCB calls read an MSR that does not exist on Intel. edk2 fixed such calls by adding the mode check the caller forgot or by turning an assumption into a check (05e57cc9ce, HashLibTdx: "Return EFI_UNSUPPORTED if it is not Tdx guest").',
      failing: [
        '```c',
        'STATIC VOID ShareDebugLog (VOID) {',
        '  Status = MemEncryptSevClearPageEncMask (0, LogBase, 1);   // runs in every guest',
        '  ASSERT_RETURN_ERROR (Status);',
        '}',
        'VOID SecStartup (VOID) { ShareDebugLog (); }',
        '```',
      ].join('\n'),
      passing: [
        '```c',
        'STATIC VOID ShareDebugLog (VOID) {',
        '  if (!MemEncryptSevIsEnabled ()) {',
        '    return;',
        '  }',
        '  Status = MemEncryptSevClearPageEncMask (0, LogBase, 1);',
        '  ASSERT_RETURN_ERROR (Status);',
        '}',
        '```',
      ].join('\n'),
      fix: "Check the mode on the path: wrap the call in `if (<predicate>) { … }`, return early from the function when the predicate is false, or move the call into a hook in the technology's file of the module (e.g. `AmdSev.c`) that checks the mode itself and is called unconditionally. Use the predicate of the sub-mode the call needs (SEV-ES for GHCB calls, SEV-SNP for page validation). If the API is safe in every guest by design, add it to `modeSafeApis`.",
    },
  },
  check(context) {
    const safe = optionList(context.options.modeSafeApis, DEFAULT_MODE_SAFE_APIS);
    const analysis = modePathAnalysis(context.model, safe);
    for (const v of analysis.verdicts) {
      if (v.verdict.status !== 'unguarded') continue;
      if (v.op.kind !== 'api-call' && v.op.kind !== 'cc-function-call') continue;
      if (v.owned || v.requirement.byName) continue;
      context.report(finding(v, analysis.guardedCalls, context.model));
    }
  },
};

export default unguardedCcCall;

function finding(
  v: OperationVerdict,
  guarded: Parameters<typeof siblingEvidence>[0],
  model: AnalysisModel,
): ReportedFinding {
  const { op, requirement: req, verdict } = v;
  const mode = modeName(req);
  const what =
    op.kind === 'api-call'
      ? `\`${op.name}\` (${mode} only)`
      : `\`${op.name}\`, ${mode} code that does not check the mode itself,`;
  const message = `${what} is called in ${op.fn.name} with no ${mode} check on the path${chainText(verdict.chain)}`;
  const evidence: Evidence[] = [
    req.cause,
    {
      kind: 'code',
      detail: `no ${mode} check encloses the call or returns early before it in ${op.fn.name}${verdict.chain.length > 0 ? ' or its callers in this file' : ''}`,
      path: op.path,
      line: op.line,
    },
    ...chainEvidence(op.path, verdict.chain),
    ...siblingEvidence(guarded, op.name, op.path, req, modeName),
  ];
  const hook = hookFileFor(model, op.path, req.tech);
  const fix = [
    `Call ${op.name} only in ${withArticle(mode)} guest: wrap it in \`if (${suggestedCheck(req)}) { … }\``,
    `or return early from ${op.fn.name} when \`!${suggestedCheck(req)}\`${verdict.chain[0] ? ` (or call ${op.fn.name} from ${verdict.chain[0].caller} only then)` : ''}`,
    `or move it into a hook${hook ? ` in ${hook}` : ` in ${withArticle(mode)} file of the module`} that checks the mode itself.`,
  ].join(', ');
  return {
    cc: req.tech,
    path: op.path,
    line: op.line,
    endLine: op.line,
    message,
    evidence: [evidence[0]!, ...evidence.slice(1)],
    fix,
    key: `${op.path}|${op.fn.name}|${op.name}|${req.tech}`,
  };
}

export function optionList(value: unknown, fallback: readonly string[]): readonly string[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'string') ? value : fallback;
}

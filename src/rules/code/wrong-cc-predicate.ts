/**
 * code/wrong-cc-predicate: CC-specific code behind the mode check of another technology or of too
 * weak a sub-mode, a technology's PCD read in code of another, and ASSERTs on a mode in code
 * that also runs outside it.
 */
import type { Evidence } from '../../cc/model.js';
import { relBasename } from '../../workspace/paths.js';
import type { ReportedFinding, Rule } from '../types.js';
import { DEFAULT_MODE_SAFE_APIS, modePathAnalysis, type OperationVerdict } from './cc-operations.js';
import type { GuardFact } from './mode-guards.js';
import { chainEvidence, chainText, factEvidence, modeName, suggestedCheck } from './mode-text.js';
import { optionList } from './unguarded-cc-call.js';

/**
 * PCDs of the SEV memory layout that TDX reuses by design: the TD HOB and the AP mailbox live in
 * the SEC GHCB and GHCB-backup regions of the MEMFD (OvmfPkg/ResetVector/X64/IntelTdxMetadata
 * describes them to the VMM; PlatformInitLib/IntelTdx.c says so where it reserves them).
 */
export const DEFAULT_SHARED_LAYOUT_PCDS: readonly string[] = [
  'PcdOvmfSecGhcbBase',
  'PcdOvmfSecGhcbSize',
  'PcdOvmfSecGhcbBackupBase',
  'PcdOvmfSecGhcbBackupSize',
];

export const wrongCcPredicate: Rule = {
  meta: {
    id: 'code/wrong-cc-predicate',
    title: 'CC code behind the wrong mode check',
    specSection: '—',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        modeSafeApis: {
          type: 'array',
          items: { type: 'string', pattern: '^[A-Za-z_]\\w*$' },
          description: 'As for code/unguarded-cc-call: CC APIs safe in every guest.',
        },
        sharedLayoutPcds: {
          type: 'array',
          items: { type: 'string', pattern: '^[A-Za-z_]\\w*$' },
          description:
            "PCDs of one technology's memory layout that another technology reuses by design (replaces the built-in list).",
        },
      },
    },
    defaultOptions: { modeSafeApis: DEFAULT_MODE_SAFE_APIS, sharedLayoutPcds: DEFAULT_SHARED_LAYOUT_PCDS },
    docs: {
      summary:
        "CC-specific code is guarded by the mode check of another technology or of too weak a sub-mode, reads another technology's PCD, or ASSERTs a mode in code that also runs outside it.",
      what: [
        'Reads the mode checks on the path to every CC-specific operation (the same analysis as `code/unguarded-cc-call`: enclosing `if`/`else`/`case`/`?:`, early exits, callers in the file, and the technology a file, function or module exists for) and reports:',
        '- **another technology**: TDX code behind `MemEncryptSevIsEnabled ()`, SEV code reached only from TDX code, or a vendor API behind a check for "any CC guest" (`CcProbe () != CcGuestTypeNonEncrypted`), which also lets the other vendor\'s guest in;',
        '- **too weak a sub-mode**: a GHCB call (SEV-ES) behind `MemEncryptSevIsEnabled ()` (any SEV), PVALIDATE (SEV-SNP) behind an SEV-ES check. Signatures carry the least sub-mode they need; SEV < SEV-ES < SEV-SNP < SVSM;',
        "- **another technology's PCD**: a non-predicate PCD of one technology read in code that exists for another (`PcdSevEsWorkAreaBase` in a TDX library), minus layout PCDs shared by design (`sharedLayoutPcds`);",
        '- **an ASSERT on a mode** (`ASSERT (TdIsEnabled ())`) where no check of that mode is on the path: the function also runs in other guests, and a debug build stops there.',
      ].join('\n'),
      why: 'A check of the wrong technology reads as a guard to a reviewer and is one to the compiler, but lets the code run in the wrong guest (or never in the right one). edk2 fixed: a SEV-only work-area PCD read by the TDX HOB-list library (16d97fa601, "It is an typo error that HobList pointer should be stored at PcdOvmfWorkAreaBase, not PcdSevEsWorkAreaBase"); an ASSERT on TDX in HashLibTdx, which also runs in other guests (05e57cc9ce).',
      failing: [
        '```c',
        'EFI_STATUS CcExitHandleVe (…) {',
        '  if (MemEncryptSevIsEnabled ()) {          // #VE is TDX',
        '    return TdxVeHandle (ExceptionType, SystemContext);',
        '  }',
        '  return EFI_UNSUPPORTED;',
        '}',
        '```',
      ].join('\n'),
      passing: [
        '```c',
        'EFI_STATUS CcExitHandleVe (…) {',
        '  if (TdIsEnabled ()) {',
        '    return TdxVeHandle (ExceptionType, SystemContext);',
        '  }',
        '  return EFI_UNSUPPORTED;',
        '}',
        '```',
      ].join('\n'),
      fix: 'Check the mode the code needs: the predicate of its technology and sub-mode (`MemEncryptSevEsIsEnabled ()` for GHCB calls, `MemEncryptSevSnpIsEnabled ()` for page validation, `TdIsEnabled ()` or `CcProbe () == CcGuestTypeIntelTdx` for TDX). Read the PCD of the technology the code is for (`PcdOvmfWorkAreaBase` is the shared work area). Replace an ASSERT on the mode with a check that returns (e.g. `EFI_UNSUPPORTED`) in other guests.',
    },
  },
  check(context) {
    const safe = optionList(context.options.modeSafeApis, DEFAULT_MODE_SAFE_APIS);
    const shared = new Set(optionList(context.options.sharedLayoutPcds, DEFAULT_SHARED_LAYOUT_PCDS));
    const analysis = modePathAnalysis(context.model, safe);
    const sameCheck = new Map<string, { finding: ReportedFinding; name: string }[]>();
    for (const v of analysis.verdicts) {
      const s = v.verdict.status;
      if (s === 'ok' || s === 'cc-context') continue;
      if (v.op.kind === 'assert') {
        context.report(assertFinding(v));
      } else if (s === 'weak' || s === 'wrong') {
        if (v.op.kind === 'foreign-pcd' && shared.has(v.op.name)) continue;
        // A name alone, or code that exists for the technology, is judged on explicit checks of
        // another vendor only: a presumption or an "any CC guest" check says nothing wrong there.
        const explicitOther = v.verdict.facts.some(
          (f) => !f.presumed && f.mode.tech !== v.requirement.tech && f.mode.tech !== 'cc',
        );
        if ((v.requirement.byName || v.owned) && s === 'wrong' && !explicitOther) continue;
        const f = guardFinding(v);
        const group = `${f.path}|${f.line}|${f.cc}|${s}`;
        const list = sameCheck.get(group);
        if (list && f.line !== v.op.line) list.push({ finding: f, name: v.op.name });
        else sameCheck.set(list ? `${group}|${v.op.line}` : group, [{ finding: f, name: v.op.name }]);
      }
    }
    // Several operations under one wrong check are one mistake: one finding names them all.
    for (const list of sameCheck.values()) {
      const first = list[0]!.finding;
      const others = [...new Set(list.slice(1).map((x) => x.name))].filter((n) => n !== list[0]!.name);
      context.report(
        others.length === 0
          ? first
          : {
              ...first,
              endLine: Math.max(...list.map((x) => x.finding.endLine)),
              message: `${first.message} (also ${others.map((n) => `\`${n}\``).join(', ')} under the same check)`,
            },
      );
    }
  },
};

export default wrongCcPredicate;

function guardFinding(v: OperationVerdict): ReportedFinding {
  const { op, requirement: req, verdict } = v;
  const need = modeName(req);
  const explicit = verdict.facts.filter((f) => !f.presumed);
  const sameTech = explicit.filter((f) => f.mode.tech === req.tech);
  const other = explicit.filter((f) => f.mode.tech !== req.tech);
  const presumed = verdict.facts.filter((f) => f.presumed && f.mode.tech !== 'cc');
  const shown = verdict.status === 'weak' ? sameTech : other.length > 0 ? other : presumed;
  const local = nearestLocal(shown, op.path, op.fn.name, op.line);
  const what =
    op.kind === 'foreign-pcd'
      ? `${need} PCD \`${op.name}\` is read`
      : op.kind === 'cc-function-call'
        ? `\`${op.name}\` (${need} code) is called`
        : `\`${op.name}\` (${need} only) is called`;
  let why: string;
  if (verdict.status === 'weak') {
    why = `it needs ${need}, but the path only checks ${shown.map((f) => `\`${f.mode.via}\` (${modeName(f.mode)})`).join(', ')}`;
  } else if (other.length > 0) {
    const named = other.map(
      (f) => `\`${f.mode.via}\` (${f.mode.tech === 'cc' ? 'any CC guest' : modeName(f.mode)})`,
    );
    why = `the path checks ${[...new Set(named)].join(', ')} instead of ${need}`;
  } else {
    const owner = presumed[0]!;
    why = `in ${modeName(owner.mode)} code (${owner.mode.via}) with no ${need} check`;
  }
  const message = `${what} in ${op.fn.name}: ${why}${chainText(verdict.chain)}`;
  const evidence: Evidence[] = [
    op.requires.find((r) => r.tech === req.tech)?.cause ?? req.cause,
    ...shown
      .slice(0, 3)
      .map((f) => factEvidence(f, f.presumed ? 'presumed mode: ' : 'mode check on the path: ')),
    ...chainEvidence(op.path, verdict.chain),
  ];
  const fix =
    op.kind === 'foreign-pcd'
      ? `Read the PCD of the ${modeName(presumed[0]?.mode ?? req)} layout (or the shared work area, PcdOvmfWorkAreaBase) instead of \`${op.name}\`; if ${relBasename(op.path)} must touch ${need} state, guard it with \`${suggestedCheck(req)}\`.`
      : `Guard the call with the ${need} check \`${suggestedCheck(req)}\` ${local ? `instead of (or inside) the check at line ${local.line}` : 'on its path'}; for code that serves several technologies, dispatch per technology (\`if (${suggestedCheck(req)}) { … } else if (…) { … }\`).`;
  return {
    cc: req.tech,
    path: op.path,
    line: local ? local.line : op.line,
    endLine: local
      ? Math.max(local.kind === 'if' || local.kind === 'case' ? local.endLine : op.line, op.line)
      : op.line,
    message,
    evidence: [evidence[0]!, ...evidence.slice(1)],
    fix,
    key: `${op.path}|${op.fn.name}|${op.name}|${req.tech}|${verdict.status}`,
  };
}

function assertFinding(v: OperationVerdict): ReportedFinding {
  const { op, requirement: req, verdict } = v;
  const need = req.tech === 'cc' ? 'a CC guest' : modeName(req);
  const message = `ASSERT (${op.text}) in ${op.fn.name} claims ${need}, but no ${need} check is on the path${chainText(verdict.chain)}: in other guests a debug build stops here`;
  const evidence: Evidence[] = [
    req.cause,
    ...verdict.facts
      .filter((f) => !f.presumed)
      .slice(0, 2)
      .map((f) => factEvidence(f, 'checks on the path: ')),
    ...chainEvidence(op.path, verdict.chain),
  ];
  const entry = verdict.chain.length > 0 ? verdict.chain[verdict.chain.length - 1]!.caller : op.fn.name;
  evidence.push({
    kind: 'code',
    detail: `nothing in this file calls ${entry}: it runs for whatever guest its callers elsewhere serve`,
    path: op.path,
    line: op.line,
  });
  return {
    cc: req.tech,
    path: op.path,
    line: op.line,
    endLine: op.line,
    message,
    evidence: [evidence[0]!, ...evidence.slice(1)],
    fix: `Replace the ASSERT with a check: in ${entry}, \`if (!(${op.text})) { return EFI_UNSUPPORTED; }\` (or the function's "not supported" result), so that guests without ${need} pass through.`,
    key: `${op.path}|${op.fn.name}|ASSERT|${op.text}`,
    // The ASSERT states what its callers promise; whether some caller breaks the promise is
    // beyond one file, so this case is advisory.
    severity: 'warning',
  };
}

/** The explicit check in the operation's own function nearest before it. */
function nearestLocal(
  facts: readonly GuardFact[],
  path: string,
  fn: string,
  line: number,
): GuardFact | undefined {
  let best: GuardFact | undefined;
  for (const f of facts) {
    if (f.presumed || f.path !== path || f.functionName !== fn || f.line > line) continue;
    if (!best || f.line > best.line) best = f;
  }
  return best;
}

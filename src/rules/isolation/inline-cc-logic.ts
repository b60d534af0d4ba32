/**
 * isolation/inline-cc-logic (spec 3.2.A/B): in a shared module, a common C function or NASM
 * routine may reach CC code only through a hook call (3.2.A.1/3.2.B.1) or a mode dispatch to
 * replacement functions (3.2.A.2/3.2.B.2). Any other CC code in its body is inline CC logic: one
 * finding per function or routine, with every inline span, its line count and its touchpoints.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import { type LineSpan, mixedLineSet } from '../../cc/mixed-lines.js';
import type { CcFunction, CcId, CcSpot, Evidence } from '../../cc/model.js';
import { relBasename, relDirname } from '../../workspace/paths.js';
import type { ReportedFinding, Rule } from '../types.js';
import { logicSpots, type SpotFilter } from './inline-spots.js';
import {
  booleanOption,
  capEvidence,
  ccFileFor,
  isVendorTech,
  lineSpan,
  NEUTRAL,
  nameLine,
  sharedModulesOf,
  shortPath,
  shortTag,
  techLabel,
} from './shared-code.js';

const DEFAULTS = { includeVendorNeutral: false, includeWeakSignatures: false } as const;

/** `line 20` or `lines 66–70` / `lines 21, 24`. */
function lineWord(span: string): string {
  return /[–,]/.test(span) ? 'lines' : 'line';
}

/** Overlapping or touching spans (spots of two technologies on one statement) as one. */
function mergeSpans(spans: readonly LineSpan[]): LineSpan[] {
  const out: { line: number; endLine: number }[] = [];
  for (const s of [...spans].sort((a, b) => a.line - b.line || a.endLine - b.endLine)) {
    const prev = out[out.length - 1];
    if (prev && s.line <= prev.endLine + 1) prev.endLine = Math.max(prev.endLine, s.endLine);
    else out.push({ line: s.line, endLine: s.endLine });
  }
  return out;
}

/** Lines of plain code between two NASM inline spots that still make them one span. */
const NASM_JOIN_WINDOW = 3;

/**
 * The spans a reviewer reads. C spots are already whole guarded blocks, and so are the model's
 * NASM guarded regions (`cmp byte [WORK_AREA_GUEST_TYPE], …` / `je .NoSev` … `.NoSev:`, see
 * src/cc/nasm-routines.ts): the rule does not re-derive them. NASM spots a few plain instructions
 * apart (`wrmsr` between two GHCB lines) read as one span.
 */
function spansOf(fn: CcFunction, spots: readonly CcSpot[]): LineSpan[] {
  if (fn.language !== 'nasm') return mergeSpans(spots);
  const out: { line: number; endLine: number }[] = [];
  for (const s of [...spots].sort((a, b) => a.line - b.line || a.endLine - b.endLine)) {
    const prev = out[out.length - 1];
    if (prev && s.line <= prev.endLine + NASM_JOIN_WINDOW) prev.endLine = Math.max(prev.endLine, s.endLine);
    else out.push({ line: s.line, endLine: s.endLine });
  }
  return out;
}

/**
 * The mode check to write in the dispatch of the fix: the condition that already guards the
 * inline code (`ConfidentialComputingGuestHas (CCAttrAmdSevEs)`), else a mode-check function
 * the function calls, else the spec's `IsSev ()`.
 */
function predicateFor(model: AnalysisModel, fn: CcFunction, cc: CcId, spots: readonly CcSpot[]): string {
  const src = model.sources.get(fn.path);
  const checks = (src?.touchpoints ?? []).filter(
    (t) => t.predicate && t.technology === cc && t.line >= fn.line && t.line <= fn.endLine,
  );
  const cfn = src?.c?.functions.find((f) => f.name === fn.name && f.startLine === fn.line);
  for (const c of cfn?.conditionals ?? []) {
    for (const b of c.branches) {
      if (b.kind !== 'if' && b.kind !== 'else-if') continue;
      if (!spots.some((s) => s.cc === cc && Math.abs(s.line - b.startLine) <= 1)) continue;
      if (!checks.some((t) => b.conditionIdentifiers.includes(t.text))) continue;
      const cond = b.condition.trim();
      if (cond !== '' && cond.length <= 80 && !cond.startsWith('!')) return cond;
    }
  }
  const call = checks.find(
    (t) =>
      (t.kind === 'function' || t.kind === 'predicate') &&
      /^[A-Z]\w*$/.test(t.text) &&
      !/^(Pcd|CCAttr|CC_)/.test(t.text),
  );
  return call ? `${call.text} ()` : `Is${shortTag(model, cc)} ()`;
}

function fixText(
  model: AnalysisModel,
  fn: CcFunction,
  spots: readonly CcSpot[],
  techs: readonly CcId[],
  span: string,
): string {
  const vendor = techs.filter((t) => isVendorTech(model, t));
  const list = vendor.length > 0 ? vendor : techs;
  const targets = list.map((cc) => ({ cc, tag: shortTag(model, cc), file: ccFileFor(model, fn.path, cc) }));
  const where = targets.map((t) => `${shortPath(t.file.path, relDirname(fn.path))}`).join(' / ');
  if (fn.language === 'nasm') {
    const hooks = targets.map((t) => `\`OneTimeCall ${fn.name}${t.tag}\``).join(', ');
    return `Move ${lineWord(span)} ${span} into ${list.length > 1 ? 'routines' : 'a routine'} ${targets.map((t) => `${fn.name}${t.tag}`).join(' / ')} in ${where} that ${list.length > 1 ? 'check' : 'checks'} the guest type itself, and call ${list.length > 1 ? 'them' : 'it'} from ${fn.name} with ${hooks} (spec 3.2.B.1); if the lines replace common code, end the routine with \`OneTimeCallRet\` and follow the call with a conditional jump past the common code (3.2.B.2).`;
  }
  const hooks = targets.map((t) => `\`${fn.name}Hook${t.tag} ()\``).join(' and ');
  const dispatch = targets
    .map(
      (t, i) =>
        `${i === 0 ? 'if' : 'else if'} (${predicateFor(model, fn, t.cc, spots)}) { ${fn.name}${t.tag} (); }`,
    )
    .join(' ');
  return `Extract ${lineWord(span)} ${span} into ${hooks} in ${where} (${list.length > 1 ? 'each checks its mode' : 'it checks the mode'} itself) and call ${list.length > 1 ? 'them' : 'it'} unconditionally from ${fn.name} (spec 3.2.A.1); if the lines replace common code, dispatch instead: \`${dispatch} else { … }\` (3.2.A.2).`;
}

function finding(model: AnalysisModel, fn: CcFunction, spots: readonly CcSpot[]): ReportedFinding {
  const techs = [...new Set(spots.map((s) => s.cc))].sort();
  const vendor = techs.filter((t) => isVendorTech(model, t));
  const cc = vendor.length === 1 ? vendor[0]! : vendor.length > 1 ? NEUTRAL : (techs[0] ?? NEUTRAL);
  const label = vendor.length > 0 ? vendor.map(techLabel).join(' and ') : techLabel(cc);
  const ranges = spansOf(fn, spots);
  const line = Math.min(...ranges.map((r) => r.line));
  const endLine = Math.max(...ranges.map((r) => r.endLine));
  const count = mixedLineSet(ranges, model.sources.get(fn.path)?.codeLines).size;
  const kind = fn.language === 'nasm' ? 'routine' : 'function';
  const spans = ranges.map((r) => lineSpan(r.line, r.endLine));
  const spotEvidence: Evidence[] = [];
  for (const s of spots) {
    const tp = s.evidence[0];
    spotEvidence.push({
      kind: 'code',
      detail: `${s.endLine > s.line ? 'lines' : 'line'} ${lineSpan(s.line, s.endLine)}: inline ${techLabel(s.cc)} logic${tp ? ` — ${tp.detail}` : ''}`,
      path: fn.path,
      line: s.line,
      ...(tp?.signature ? { signature: tp.signature } : {}),
    });
    for (const e of s.evidence.slice(1, 3)) spotEvidence.push(e);
  }
  const glue = fn.spots.filter((s) => s.style === 'hook-call' || s.style === 'dispatch');
  const evidence: Evidence[] = [
    {
      kind: 'code',
      detail: `common ${kind} ${fn.name} (lines ${lineSpan(nameLine(model, fn), fn.endLine)}) in ${relBasename(fn.path)}: ${count} line${count === 1 ? '' : 's'} of inline ${label} logic in ${spots.length} spot${spots.length === 1 ? '' : 's'}`,
      path: fn.path,
      line: fn.line,
    },
    ...capEvidence(spotEvidence, 12, 'touchpoints'),
  ];
  if (glue.length > 0) {
    evidence.push({
      kind: 'hook',
      detail: `already isolated in the same ${kind}: ${glue.map((g) => `${g.style} at ${lineSpan(g.line, g.endLine)}`).join(', ')}`,
      path: fn.path,
      line: glue[0]!.line,
    });
  }
  const span = spans.length > 3 ? `${spans.slice(0, 3).join(', ')}, …` : spans.join(', ');
  return {
    cc,
    path: fn.path,
    line,
    endLine,
    message: `${label} logic written inline in common ${kind} \`${fn.name}\` (${count} line${count === 1 ? '' : 's'}: ${span}) instead of a hook or a mode dispatch (spec 3.2.${fn.language === 'nasm' ? 'B' : 'A'}).`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: fixText(model, fn, spots, techs, span),
    key: `${fn.path}|${fn.name}`,
  };
}

export const inlineCcLogic: Rule = {
  meta: {
    id: 'isolation/inline-cc-logic',
    title: 'CC logic inline in a common function',
    specSection: '3.2.A/B',
    defaultSeverity: 'warning',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        includeVendorNeutral: {
          type: 'boolean',
          description:
            'Also report inline vendor-neutral CC code (CcProbe, CC measurement calls), the interface through which common code serves every CC.',
        },
        includeWeakSignatures: {
          type: 'boolean',
          description:
            'Also report spots made only of weak signatures, such as the generic PcdPteMemoryEncryptionAddressOrMask that generic paging code ORs into page-table entries.',
        },
      },
    },
    defaultOptions: DEFAULTS,
    docs: {
      summary:
        'CC logic written inline in a common function or assembly routine instead of a hook or a mode dispatch.',
      what: "In modules that do not exist for a CC technology, ccguard reads every common function and NASM routine that holds CC code. A call to a CC hook (`AmdSevInitialize ()`, `OneTimeCall SevInitHook`) and a mode check that only dispatches to CC replacement functions (`if (IsSev ()) { FooSev (); } else …`, `OneTimeCall FooTdx` + `jz`) are the spec's forms; any other CC statement in the body is inline CC logic. One finding per function or routine lists each inline span with its line count (lines that hold code: blank and comment-only lines do not count, as in `ccguard map`) and touchpoints.",
      why: 'Spec 3.2.A/B: common code calls CC code through hooks or dispatches, so that "when people find something wrong, they can just focus on some SEV or TDX specific files". Inline SEV code in Sec and ResetVector was the spec\'s own complaint: it "makes it extremely hard to review TDX extensions or maintain a non-SEV code".',
      failing:
        '```c\nVOID\nSecCoreStartupWithStack (…)\n{\n  …\n  if (SevEsIsEnabled ()) {\n    Msr.GhcbPhysicalAddress = AsmReadMsr64 (MSR_SEV_ES_GHCB);\n    SevEsProtocolCheck ();\n  }\n  …\n}\n```',
      passing:
        '```c\nVOID\nSecCoreStartupWithStack (…)\n{\n  …\n  SecCoreStartupWithStackHookSev ();   // in AmdSev.c; returns at once unless SEV-ES\n  …\n}\n```',
      fix: "Extract the inline lines into a function or routine named for the CC in the module's `Xxx<Cc>` file. Call it unconditionally when it checks the mode itself (hook, 3.2.A.1 / 3.2.B.1), or dispatch on the mode to it when it replaces common code (3.2.A.2 / 3.2.B.2: `OneTimeCall FooSev` then `jz FooEnd`).",
    },
  },
  check(context) {
    const { model, options } = context;
    const filter: SpotFilter = {
      neutral: booleanOption(options, 'includeVendorNeutral', DEFAULTS.includeVendorNeutral),
      weak: booleanOption(options, 'includeWeakSignatures', DEFAULTS.includeWeakSignatures),
    };
    for (const file of model.cc.files.values()) {
      if (sharedModulesOf(model, file.path).length === 0) continue;
      for (const fn of file.functions) {
        if (fn.role !== 'common') continue;
        const spots = logicSpots(model, fn, filter);
        if (spots.length === 0) continue;
        context.report(finding(model, fn, spots));
      }
    }
  },
};

export default inlineCcLogic;

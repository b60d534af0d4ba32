/**
 * code/cpuid-probe-in-sec: a CPUID-based CC probe (`TdIsEnabled ()`) in code that runs in SEC of a
 * platform that also boots SEV-ES guests.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { Evidence } from '../../cc/model.js';
import type { Origin } from '../../metadata/model.js';
import type { CFunction } from '../../source/c.js';
import type { ReportedFinding, Rule } from '../types.js';
import { DEFAULT_MODE_SAFE_APIS, modePathAnalysis, ownerFacts } from './cc-operations.js';
import type { FileModeGuards } from './mode-guards.js';
import { chainEvidence, chainText } from './mode-text.js';
import { optionList } from './unguarded-cc-call.js';

/**
 * Mode probes that execute CPUID: TdIsEnabled reads leaf 0x21, SevGuestIsEnabled leaf 0x8000001F
 * (then the SEV_STATUS MSR). MdePkg's BaseLib implements both (X64/TdProbe.c, X64/SevProbe.c).
 */
export const DEFAULT_CPUID_PROBES: readonly string[] = ['TdIsEnabled'];

/** Callers walked up within a file. */
const MAX_CALLER_DEPTH = 8;

interface SecLink {
  readonly platform: string;
  readonly module: string;
  /** The file belongs to the SEC module itself, not to a library linked into it. */
  readonly own: boolean;
  /** The DSC line that puts the module (or links the library) there. */
  readonly origin: Origin;
  readonly via?: string;
}

export const cpuidProbeInSec: Rule = {
  meta: {
    id: 'code/cpuid-probe-in-sec',
    title: 'CPUID-based CC probe in SEC',
    specSection: '—',
    defaultSeverity: 'warning',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        probes: {
          type: 'array',
          items: { type: 'string', pattern: '^[A-Za-z_]\\w*$' },
          description: 'Mode probes that execute CPUID (replaces the built-in list).',
        },
      },
    },
    defaultOptions: { probes: DEFAULT_CPUID_PROBES },
    docs: {
      summary:
        'A CPUID-based mode probe (`TdIsEnabled ()`, `SevGuestIsEnabled ()`) is called in code linked into a SEC module of a platform that also boots SEV-ES guests.',
      what: 'Finds the C files of every SEC module — and of every library instance linked into one — of the platforms that can boot an SEV-ES guest (the common platform, the SEV platforms, siblings; not a platform for another technology only), and reports calls of the CPUID probes there, unless a TDX check that needs no CPUID (`CcProbe () == CcGuestTypeIntelTdx`, the work area) is on the path, or the file exists for TDX (its callers dispatch).',
      why: 'In an SEV-ES or SEV-SNP guest CPUID traps with #VC. Before SEC installs its #VC handler that is a triple fault; after it, each probe is a GHCB round trip — and SEC cannot cache the answer, its data is in flash. The work area written by the reset vector (`CcProbe ()`) answers the same question without CPUID. edk2 fixed both sides: 76fda1def3 ("TdIsEnabled() uses the CPUID instruction. At this point, exception handling is not established and a CPUID instruction will generate a #VC and cause the booting guest to crash") and 7012cb73c4 (IoLib probing TDX with TdIsEnabled on every MMIO in SEC: "very expensive"). The probe\'s CPUID is hidden in BaseLib, so a reviewer of the caller sees nothing.',
      failing: [
        '```c',
        '// OvmfPkg/Sec/SecMain.c, before the IDT is loaded',
        'if (TdIsEnabled ()) {',
        '  …',
        '}',
        '```',
      ].join('\n'),
      passing: [
        '```c',
        'if (CcProbe () == CcGuestTypeIntelTdx) {   // reads the work area',
        '  …',
        '}',
        '```',
      ].join('\n'),
      fix: 'Use `CcProbe ()` (CcProbeLib; SecPeiCcProbeLib reads the OVMF work area) and compare with `CcGuestTypeIntelTdx` / `CcGuestTypeAmdSev`, or call the probe only behind such a check.',
    },
  },
  check(context) {
    const probes = new Set(optionList(context.options.probes, DEFAULT_CPUID_PROBES));
    const model = context.model;
    const secFiles = secLinkedFiles(model);
    if (secFiles.size === 0) return;
    const analysis = modePathAnalysis(model, DEFAULT_MODE_SAFE_APIS);
    // A library file links whole, but only the functions SEC calls run there: those that the
    // SEC files ccguard has read call (files without CC code are not read, so this is a floor).
    const calledInSec = new Map<string, Set<string>>();
    for (const path of secFiles.keys()) {
      for (const fn of analysis.guardsOf(path)?.functions ?? []) {
        for (const c of fn.calls) {
          const from = calledInSec.get(c.callee) ?? new Set<string>();
          from.add(path);
          calledInSec.set(c.callee, from);
        }
      }
    }
    for (const [path, link] of secFiles) {
      const guards = analysis.guardsOf(path);
      if (!guards) continue;
      const calledFromOtherSecFile = (name: string): boolean =>
        [...(calledInSec.get(name) ?? [])].some((p) => p !== path);
      const reachable = (fn: CFunction): boolean =>
        link.own ||
        callersClosure(guards, fn).some((name) => [...(calledInSec.get(name) ?? [])].some((p) => p !== path));
      const defined = new Set(guards.functions.map((f) => f.name));
      // Only a file (or module) that exists for TDX presumes its callers dispatched — and not in
      // a function that is itself a mode test (IoLibInternalTdx.c's IsTdxGuest, BaseXApicX2ApicLib's
      // AccessMsrTdxCall): those are called precisely to find out.
      const fileOwners = analysis.fileOwnersOf(path);
      const owners = (f: CFunction) =>
        Array.isArray(guards.returnModes(f)) ? [] : ownerFacts(path, f, fileOwners);
      for (const fn of guards.functions) {
        for (const call of fn.calls) {
          if (call.member || !probes.has(call.callee) || defined.has(call.callee)) continue;
          const verdict = guards.verdict(fn, call, { tech: 'tdx' }, owners(fn), owners, MAX_CALLER_DEPTH);
          if (verdict.status === 'ok' || !reachable(fn)) continue;
          // Show a path SEC takes: up to a function another SEC file calls (the verdict's first
          // failing path may start at a function SEC never calls).
          const chain = link.own
            ? verdict.chain
            : (chainToSec(guards, fn, calledFromOtherSecFile) ?? verdict.chain);
          context.report(finding(path, fn, call.callee, call.line, link, chain));
        }
      }
    }
  },
};

export default cpuidProbeInSec;

function finding(
  path: string,
  fn: CFunction,
  probe: string,
  line: number,
  link: SecLink,
  chain: Parameters<typeof chainEvidence>[1],
): ReportedFinding {
  const evidence: Evidence[] = [
    {
      kind: 'code',
      detail: `${probe} () executes CPUID (BaseLib), which traps with #VC in an SEV-ES guest`,
      path,
      line,
    },
    {
      kind: 'dsc',
      detail: `${link.platform} builds ${link.module} (SEC)${link.via ? ` with ${link.via}` : ''}`,
      path: link.origin.file,
      line: link.origin.line,
    },
    ...chainEvidence(path, chain),
  ];
  return {
    cc: 'cc',
    path,
    line,
    endLine: line,
    message: `${probe} () runs CPUID in SEC code (${link.module} of ${link.platform}) with no CPUID-free TDX check on the path${chainText(chain)}: in an SEV-ES guest that is a #VC, fatal before the SEC #VC handler is set up`,
    evidence: [evidence[0]!, ...evidence.slice(1)],
    fix: `In ${fn.name}, ask the work area instead: \`CcProbe () == CcGuestTypeIntelTdx\` (CcProbeLib) in place of \`${probe} ()\`, or call ${probe} only behind such a check.`,
    key: `${path}|${fn.name}|${probe}`,
  };
}

/** The shortest chain of callers in the file from `fn` up to a function that `isEntry` accepts. */
function chainToSec(
  guards: FileModeGuards,
  fn: CFunction,
  isEntry: (name: string) => boolean,
): Parameters<typeof chainEvidence>[1] | undefined {
  type Step = { caller: string; callee: string; line: number };
  const queue: { name: string; chain: Step[] }[] = [{ name: fn.name, chain: [] }];
  const seen = new Set([fn.name]);
  while (queue.length > 0) {
    const { name, chain } = queue.shift()!;
    if (isEntry(name)) return chain;
    for (const c of guards.callersOf(name)) {
      if (seen.has(c.fn.name)) continue;
      seen.add(c.fn.name);
      queue.push({
        name: c.fn.name,
        chain: [...chain, { caller: c.fn.name, callee: name, line: c.call.line }],
      });
    }
  }
  return undefined;
}

/** `fn` and every function of its file that calls it, directly or not. */
function callersClosure(guards: FileModeGuards, fn: CFunction): string[] {
  const seen = new Set<string>([fn.name]);
  const queue = [fn.name];
  while (queue.length > 0) {
    const name = queue.pop()!;
    for (const c of guards.callersOf(name)) {
      if (seen.has(c.fn.name)) continue;
      seen.add(c.fn.name);
      queue.push(c.fn.name);
    }
  }
  return [...seen];
}

/**
 * C files that run in SEC on a platform that can boot an SEV-ES guest: the files of its SEC
 * modules and of the library instances linked into them, each with the first platform line.
 */
function secLinkedFiles(model: AnalysisModel): Map<string, SecLink> {
  const infLinks = new Map<string, SecLink>();
  for (const p of model.platforms) {
    if (p.role === 'cc' && p.cc !== 'sev' && p.cc !== 'cc') continue;
    for (const r of p.resolutions) {
      for (const m of r.modules) {
        if (m.moduleType !== 'SEC') continue;
        const base = { platform: p.dsc, module: m.inf };
        if (!infLinks.get(m.inf)?.own)
          infLinks.set(m.inf, { ...base, own: true, origin: m.component.origin });
        for (const lib of [...m.libraries.values(), ...m.nullLibraries]) {
          if (infLinks.has(lib.instance)) continue;
          infLinks.set(lib.instance, {
            ...base,
            own: false,
            origin: lib.origin,
            via: `${lib.className}|${lib.instance}`,
          });
        }
      }
    }
  }
  const files = new Map<string, SecLink>();
  for (const [file, infs] of model.cc.modulesOfFile) {
    if (!/\.c$/i.test(file)) continue;
    for (const inf of infs) {
      const link = infLinks.get(inf);
      if (link && !files.has(file)) files.set(file, link);
    }
  }
  return files;
}

/**
 * platform/cc-library-phase: a CC library instance linked into a module type it does not support
 * (its first LIBRARY_CLASS does not list the type: BaseTools stops with an error, the resolver
 * reports CCG031) or into a phase it must not run in (the real #VC/#VE handler or the guest-type
 * probe in SMM). One finding per DSC mapping line and instance, over every analysed platform.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { cmp } from '../../diagnostics.js';
import { libraryClassesProduced } from '../../metadata/inf.js';
import type { InfLibraryClassDecl } from '../../metadata/model.js';
import type { LibraryBinding, ResolvedModule } from '../../platform/model.js';
import type { Rule } from '../types.js';
import {
  CLASS_MODES_SCHEMA,
  DEFAULT_CC_CLASS_MODES,
  isNullInstance,
  platformName,
  realInstancesFor,
  SMM_MODULE_TYPES,
  technologyOfMode,
} from './cc-platform-support.js';

/** Module types any library may be linked into (BaseTools skips the check for them). */
const ANY_LIBRARY_MODULE_TYPES: ReadonlySet<string> = new Set(['USER_DEFINED', 'HOST_APPLICATION']);

/** A phase a CC library class must not run in, and why. */
export interface ForbiddenPhase {
  readonly classes: readonly string[];
  readonly moduleTypes: readonly string[];
  /** Null instances are the fix, not the problem: they are allowed unless this is false. */
  readonly nullAllowed?: boolean;
  readonly reason: string;
}

const SMM_TYPES = [...SMM_MODULE_TYPES];

const DEFAULT_FORBIDDEN: readonly ForbiddenPhase[] = [
  {
    classes: ['CcExitLib', 'VmgExitLib'],
    moduleTypes: SMM_TYPES,
    reason:
      'SEV-ES, SEV-SNP and TDX guests have no SMM, and the real #VC/#VE handler drags LocalApicLib and its constructor into SMM, which faults there (edk2 c28e376edc: use the Null instance in SMM)',
  },
  {
    classes: ['CcProbeLib'],
    moduleTypes: SMM_TYPES,
    reason:
      'the real probe reads the OVMF work area, which SMM code must not access (edk2 a72d552f19: CcProbeLibNull when SMM is on)',
  },
];

function forbiddenOption(v: unknown): readonly ForbiddenPhase[] {
  if (!Array.isArray(v)) return DEFAULT_FORBIDDEN;
  const out: ForbiddenPhase[] = [];
  for (const e of v as unknown[]) {
    const f = e as Partial<ForbiddenPhase>;
    if (!Array.isArray(f?.classes) || !Array.isArray(f.moduleTypes) || typeof f.reason !== 'string') continue;
    out.push({
      classes: f.classes.filter((x): x is string => typeof x === 'string'),
      moduleTypes: f.moduleTypes
        .filter((x): x is string => typeof x === 'string')
        .map((x) => x.toUpperCase()),
      ...(typeof f.nullAllowed === 'boolean' ? { nullAllowed: f.nullAllowed } : {}),
      reason: f.reason,
    });
  }
  return out;
}

type Problem =
  | { readonly kind: 'module-type'; readonly decl: InfLibraryClassDecl }
  | { readonly kind: 'forbidden'; readonly phase: ForbiddenPhase };

interface Use {
  readonly platform: string;
  readonly module: ResolvedModule;
}

interface Group {
  readonly className: string;
  readonly binding: LibraryBinding;
  readonly problem: Problem;
  readonly cc: CcId;
  readonly uses: Use[];
}

/** The technology a CC library serves, or undefined when the library is not CC code at all. */
function ccOfLibrary(
  model: AnalysisModel,
  classModes: Readonly<Record<string, readonly string[]>>,
  className: string,
  instance: string,
): CcId | undefined {
  const cm = model.cc.moduleByInf.get(instance);
  const vendor = (cm?.dedicatedTo ?? []).filter(
    (t) => model.table.technologyById.get(t)?.vendorNeutral === false,
  );
  const fromTable = [...new Set((classModes[className] ?? []).map((m) => technologyOfMode(model, m)))];
  const techs =
    vendor.length > 0
      ? vendor
      : fromTable.length > 0
        ? fromTable
        : cm?.isLibrary && cm.techs.length > 0
          ? cm.dedicatedTo
          : [];
  if (techs.length === 0) return undefined;
  return techs.length === 1 ? techs[0]! : 'cc';
}

export const ccLibraryPhase: Rule = {
  meta: {
    id: 'platform/cc-library-phase',
    title: 'A CC library instance is linked into a module type or phase it does not support',
    specSection: '—',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A CC library instance must support the type of every module that links it, and must stay out of the phases it must not run in (SMM for the #VC/#VE handler and the guest-type probe).',
      what: [
        'For every module of every analysed platform, ccguard walks the whole library closure, as the build links it, and looks at the instances of CC library classes (the option `classModes`, and every library the CC model dedicates to a technology). Two problems are reported:',
        '',
        '- **module type**: the instance\'s first LIBRARY_CLASS line does not list the type of the module that links it (a `SEC`-only instance in a PEIM). BaseTools stops the build with "Module type [PEIM] is not supported by library instance"; ccguard also reports it as diagnostic CCG031, and this rule turns the CC cases into findings with evidence and a fix.',
        '- **forbidden phase** (option `forbidden`): a real instance of a class that must not run in that module type. By default the real CcExitLib/VmgExitLib and CcProbeLib in SMM modules.',
        '',
        'One finding per DSC mapping line and instance, listing the platforms and modules it reaches.',
      ].join('\n'),
      why: "A CC library built for one phase assumes that phase: SecMemEncryptSevLib uses the SEC work area and no memory allocation, SecPeiCcProbeLib reads the work area that DXE may already have reused, the real #VC handler brings LocalApicLib's constructor into SMM, where it faults (edk2 c28e376edc), and the probe must not touch the OVMF work area from SMM (edk2 a72d552f19). BaseTools catches a module-type mismatch only when that very platform is built with those defines.",
      failing: [
        '```ini',
        '[LibraryClasses.common.PEIM, LibraryClasses.common.SEC]',
        '  # LIBRARY_CLASS = MemEncryptSevLib|SEC',
        '  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/SecMemEncryptSevLib.inf',
        '```',
      ].join('\n'),
      passing: [
        '```ini',
        '[LibraryClasses.common.SEC]',
        '  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/SecMemEncryptSevLib.inf',
        '[LibraryClasses.common.PEIM]',
        '  MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/PeiDxeMemEncryptSevLib.inf',
        '```',
      ].join('\n'),
      fix: 'Map the class, for the module types concerned, to an instance built for them (the fix names one), in a `[LibraryClasses.<arch>.<MODULE_TYPE>]` section or a component `<LibraryClasses>` override; for a forbidden phase, map the Null instance there.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        classModes: CLASS_MODES_SCHEMA,
        forbidden: {
          type: 'array',
          description:
            'CC library classes that must not be linked (as a real instance) into these module types, with the reason.',
          items: {
            type: 'object',
            required: ['classes', 'moduleTypes', 'reason'],
            additionalProperties: false,
            properties: {
              classes: { type: 'array', items: { type: 'string' } },
              moduleTypes: { type: 'array', items: { type: 'string' } },
              nullAllowed: { type: 'boolean' },
              reason: { type: 'string' },
            },
          },
        },
      },
    },
    defaultOptions: { classModes: DEFAULT_CC_CLASS_MODES, forbidden: DEFAULT_FORBIDDEN },
  },

  check(context) {
    const { model } = context;
    const classModes = (context.options.classModes ?? DEFAULT_CC_CLASS_MODES) as Readonly<
      Record<string, readonly string[]>
    >;
    const forbidden = forbiddenOption(context.options.forbidden);
    const groups = new Map<string, Group>();
    const firstDecl = new Map<string, InfLibraryClassDecl | null>();

    for (const platform of model.platforms) {
      for (const r of platform.resolutions) {
        for (const m of r.modules) {
          const bindings = [...m.libraries.values(), ...m.nullLibraries];
          for (const b of bindings) {
            const lib = model.store.inf(b.instance);
            if (!lib) continue;
            const declKey = `${b.instance}\0${m.arch}`;
            let decl = firstDecl.get(declKey);
            if (decl === undefined) {
              decl = libraryClassesProduced(lib, m.arch)[0] ?? null;
              firstDecl.set(declKey, decl);
            }
            const className = b.className === 'NULL' ? (decl?.name ?? 'NULL') : b.className;
            const cc = ccOfLibrary(model, classModes, className, b.instance);
            if (cc === undefined) continue;
            const problems: Problem[] = [];
            if (
              decl &&
              decl.moduleTypes.length > 0 &&
              !ANY_LIBRARY_MODULE_TYPES.has(m.moduleType) &&
              !decl.moduleTypes.includes(m.moduleType)
            ) {
              problems.push({ kind: 'module-type', decl });
            }
            for (const phase of forbidden) {
              if (!phase.classes.includes(className) || !phase.moduleTypes.includes(m.moduleType)) continue;
              if ((phase.nullAllowed ?? true) && isNullInstance(model, b.instance)) continue;
              problems.push({ kind: 'forbidden', phase });
            }
            for (const problem of problems) {
              const key = `${problem.kind}\0${b.origin.file}\0${b.origin.line}\0${b.instance}\0${problem.kind === 'forbidden' ? problem.phase.reason : ''}`;
              let g = groups.get(key);
              if (!g) {
                g = { className, binding: b, problem, cc, uses: [] };
                groups.set(key, g);
              }
              if (!g.uses.some((u) => u.platform === platform.dsc && u.module === m))
                g.uses.push({ platform: platform.dsc, module: m });
            }
          }
        }
      }
    }

    const sorted = [...groups.values()].sort(
      (a, b) =>
        cmp(a.binding.origin.file, b.binding.origin.file) ||
        a.binding.origin.line - b.binding.origin.line ||
        cmp(a.binding.instance, b.binding.instance) ||
        cmp(a.problem.kind, b.problem.kind),
    );
    for (const g of sorted) report(context.report, model, g);
  },
};

function report(reportFinding: Parameters<Rule['check']>[0]['report'], model: AnalysisModel, g: Group): void {
  const { binding: b, className, problem } = g;
  const uses = [...g.uses].sort((x, y) => cmp(x.module.inf, y.module.inf) || cmp(x.platform, y.platform));
  const lib = model.store.inf(b.instance);
  const libName = lib?.baseName ?? b.instance;
  const platforms = [...new Set(uses.map((u) => u.platform))].sort(cmp);
  const modules = [...new Set(uses.map((u) => `${u.module.moduleType} ${u.module.inf}`))];
  const types = [...new Set(uses.map((u) => u.module.moduleType))].sort(cmp);
  const where =
    platforms.length === 1
      ? platformName(platforms[0]!)
      : `${platforms.length} platforms (${platforms.map(platformName).join(', ')})`;
  const listed =
    modules.slice(0, 3).join(', ') + (modules.length > 3 ? ` and ${modules.length - 3} more` : '');

  const evidence: Evidence[] = [
    { kind: 'dsc', detail: `${className} → ${b.instance}`, path: b.origin.file, line: b.origin.line },
  ];
  let message: string;
  let fix: string;
  const first = uses[0]!.module;
  if (problem.kind === 'module-type') {
    const declared = `${problem.decl.name}|${problem.decl.moduleTypes.join(' ')}`;
    evidence.push({
      kind: 'inf',
      detail: `LIBRARY_CLASS = ${declared}: ${types.join(', ')} not listed (BaseTools: "Module type is not supported by library instance"; diagnostic CCG031)`,
      path: problem.decl.origin.file,
      line: problem.decl.origin.line,
    });
    message = `${libName} (LIBRARY_CLASS ${declared}) is linked into ${listed} in ${where}, a module type it does not support`;
    const real = realInstancesFor(model, className, first.moduleType, first.arch)[0];
    fix = `Map ${className} for ${types.join('/')} modules to an instance built for them${real ? `, e.g. ${real}` : ''}, in a [LibraryClasses.common.${types[0]}] section (the mapping at ${b.origin.file}:${b.origin.line} reaches them now).`;
  } else {
    evidence.push({
      kind: 'config',
      detail: `${className} must not run in ${types.join('/')} modules: ${problem.phase.reason}`,
    });
    message = `${libName} (${className}) is linked into ${listed} in ${where}, a phase it must not run in`;
    const nullInstance = [...(model.cc.modules ?? [])].find(
      (m) => m.isNullInstance && m.libraryClasses.includes(className),
    )?.inf;
    fix = `Map ${className} to ${nullInstance ?? 'its Null instance'} for ${types.join('/')} modules (a [LibraryClasses.common.${types[0]}] section or a component override).`;
  }
  for (const u of uses.slice(0, 8)) {
    const via = b.className === 'NULL' ? undefined : u.module.libraries.get(b.className)?.consumedBy;
    evidence.push({
      kind: 'platform',
      detail: `${platformName(u.platform)}: ${u.module.inf} (${u.module.moduleType}) links it${via && via !== u.module.inf ? ` through ${via}` : ''}`,
      path: u.module.component.origin.file,
      line: u.module.component.origin.line,
    });
  }
  const [e0, ...rest] = evidence;
  reportFinding({
    // A forbidden phase is hygiene the build does not enforce; a module-type mismatch stops the build.
    ...(problem.kind === 'forbidden' ? { severity: 'warning' as const } : {}),
    cc: g.cc,
    path: b.origin.file,
    line: b.origin.line,
    endLine: b.origin.line,
    message,
    evidence: [e0!, ...rest],
    fix,
    key: `${b.origin.file}|${className}|${b.instance}|${problem.kind}|${types.join(',')}`,
  });
}

export default ccLibraryPhase;

/**
 * The analysis pipeline: workspace → metadata → platforms → source facts → CC model. Everything a
 * command needs is computed here once; rules and reports only read the result.
 */
import {
  classifyCFunctions,
  modePredicateFunctions,
  NEUTRAL_CC,
  selfCheckingFunctions,
} from '../cc/c-functions.js';
import { mixedLineSet } from '../cc/mixed-lines.js';
import { DEFAULT_MODE_SAFE_APIS } from '../cc/mode-safe.js';
import type { CcFile, CcFunction, CcId, CcModule, Evidence } from '../cc/model.js';
import { buildCcModule, moduleDedication } from '../cc/modules.js';
import { fileNameTechs, functionNameTechs } from '../cc/names.js';
import { classifyNasmRoutines } from '../cc/nasm-routines.js';
import { buildSignatureTable, type SignatureTable } from '../cc/signatures.js';
import { findTouchpoints } from '../cc/touchpoints.js';
import { pathFilter } from '../config/path-filter.js';
import type { ResolvedConfig } from '../config/types.js';
import { cmp, DiagnosticSink } from '../diagnostics.js';
import { parseMaintainers } from '../metadata/maintainers.js';
import type { InfModule } from '../metadata/model.js';
import { MetadataStore } from '../metadata/store.js';
import { resolvePlatformArchs } from '../platform/resolve.js';
import type { NasmFileFacts } from '../source/nasm.js';
import { buildAssemblyUnits, nasmIncludeDirs, packageIncludeDirs } from '../source/nasm.js';
import {
  codeLanguage,
  nasmFactsOf,
  type ScanCache,
  type ScannedSource,
  SourceScanner,
} from '../source/scan.js';
import { isUnder, relBasename, relDirname } from '../workspace/paths.js';
import type { Workspace } from '../workspace/workspace.js';
import type { AnalysedPlatform, AnalysisModel, CcModel, PlatformRole } from './model.js';

export interface AnalyzeOptions {
  readonly config: ResolvedConfig;
  /** Command-line `-D` defines; they win over the config's platform defines. */
  readonly defines?: Readonly<Record<string, string>>;
  readonly cache?: ScanCache;
  /** Called at the start of each phase (for a progress line on stderr). */
  readonly onPhase?: (phase: string) => void;
}

export function analyze(ws: Workspace, options: AnalyzeOptions): AnalysisModel {
  const { config } = options;
  const sink = new DiagnosticSink();
  const table = buildSignatureTable(config.signatures, {
    sink,
    ...(config.file ? { configFile: config.file } : {}),
  });
  const store = new MetadataStore(ws);

  options.onPhase?.('platforms');
  const cliDefines = options.defines ?? {};
  const corePlatforms = resolveConfiguredPlatforms(ws, store, config, cliDefines, ['common', 'cc']);

  options.onPhase?.('modules');
  const infs = store.allInfs();
  const included = pathFilter(config);

  options.onPhase?.('sources');
  const scanner = new SourceScanner(ws, table, options.cache);
  const sources = new Map<string, ScannedSource>();
  for (const f of ws.listFiles()) {
    if (!codeLanguage(f) || !included(f)) continue;
    const s = scanner.scan(f);
    if (s) sources.set(f, withoutLoneWeakTouchpoints(s));
  }

  options.onPhase?.('cc model');
  const membership = moduleMembership(ws, store, infs, sources);
  const cc = buildCcModel(table, config, corePlatforms, infs, sources, membership);

  const maintainers = parseMaintainers(ws);
  const baseDiagnostics = [...ws.diagnostics.all, ...sink.all];
  // Sibling platforms only matter to the rules that compare platforms: resolve them on first use,
  // so that `ccguard map` does not pay for them.
  let allPlatforms: AnalysedPlatform[] | undefined;
  const platformsSoFar = (): readonly AnalysedPlatform[] => allPlatforms ?? corePlatforms;
  return {
    ws,
    store,
    config,
    cliDefines,
    table,
    corePlatforms,
    get platforms(): readonly AnalysedPlatform[] {
      allPlatforms ??= [
        ...corePlatforms,
        ...resolveConfiguredPlatforms(ws, store, config, cliDefines, ['sibling'], corePlatforms),
      ];
      return allPlatforms;
    },
    sources,
    cc,
    ...(maintainers ? { maintainers } : {}),
    get diagnostics() {
      const unique = new DiagnosticSink();
      for (const d of baseDiagnostics) unique.report(d);
      for (const p of platformsSoFar())
        for (const r of p.resolutions) for (const d of r.diagnostics) unique.report(d);
      return unique.sorted();
    },
  };
}

/**
 * Weak signatures (`Td*`, `AddressEncMask`, `PcdGhcbBase` …) are also used by generic code: they
 * are evidence next to a strong touchpoint of the same technology in the same file, never proof
 * on their own, so a file whose only touchpoints of a technology are weak gets none of it.
 */
function withoutLoneWeakTouchpoints(s: ScannedSource): ScannedSource {
  if (!s.touchpoints.some((t) => t.weak)) return s;
  const strong = new Set(s.touchpoints.filter((t) => !t.weak).map((t) => t.technology));
  const kept = s.touchpoints.filter((t) => !t.weak || strong.has(t.technology));
  return kept.length === s.touchpoints.length ? s : { ...s, touchpoints: kept };
}

function resolveConfiguredPlatforms(
  ws: Workspace,
  store: MetadataStore,
  config: ResolvedConfig,
  cliDefines: Readonly<Record<string, string>>,
  roles: readonly PlatformRole[],
  already: readonly AnalysedPlatform[] = [],
): AnalysedPlatform[] {
  const out: AnalysedPlatform[] = [];
  const seen = new Set<string>(already.map((p) => p.dsc));
  const add = (dsc: string, role: PlatformRole, cc?: CcId): void => {
    if (!roles.includes(role) || seen.has(dsc) || !ws.isFile(dsc)) return;
    seen.add(dsc);
    const arch = config.platforms.arch[dsc];
    const resolutions = resolvePlatformArchs(store, dsc, {
      ...(arch ? { arch } : {}),
      defines: { ...config.platforms.defines, ...cliDefines },
    });
    out.push({ dsc, role, ...(cc ? { cc } : {}), resolutions });
  };
  for (const dsc of config.platforms.common) add(dsc, 'common');
  for (const [cc, list] of Object.entries(config.platforms.cc).sort((a, b) => cmp(a[0], b[0]))) {
    for (const dsc of list) add(dsc, 'cc', cc);
  }
  for (const dsc of config.platforms.siblings) add(dsc, 'sibling');
  return out;
}

export interface ModuleMembership {
  /** File → INFs that build it (sources of any arch, NASM includes). */
  readonly modulesOfFile: Map<string, string[]>;
  /** Included NASM file → the routine of its includer it assembles into. */
  readonly includedInto: Map<string, string>;
}

function moduleMembership(
  ws: Workspace,
  store: MetadataStore,
  infs: readonly InfModule[],
  sources: ReadonlyMap<string, ScannedSource>,
): ModuleMembership {
  const modulesOfFile = new Map<string, string[]>();
  const includedInto = new Map<string, string>();
  const add = (file: string, inf: string): void => {
    const list = modulesOfFile.get(file);
    if (!list) modulesOfFile.set(file, [inf]);
    else if (!list.includes(inf)) list.push(inf);
  };
  const exists = (rel: string): boolean => ws.isFile(rel);
  const noMacros = new Map<string, string>();
  const nasmMemo = new Map<string, NasmFileFacts | null>();
  // Assembly units matter only where NASM code holds CC touchpoints: they tie a `.nasm.inc` to
  // its module and routine. Modules with no such file in their folder need none.
  const ccNasmDirs = new Set<string>();
  for (const s of sources.values()) {
    if (s.language === 'nasm' && s.touchpoints.length > 0) ccNasmDirs.add(relDirname(s.path));
  }
  const holdsCcNasm = (dir: string): boolean => {
    for (const d of ccNasmDirs) if (isUnder(d, dir)) return true;
    return false;
  };
  for (const inf of infs) {
    const nasmRoots: string[] = [];
    for (const s of inf.sources) {
      add(s.path, inf.path);
      if (/\.nasmb?$/i.test(s.path)) nasmRoots.push(s.path);
    }
    if (nasmRoots.length === 0 || !holdsCcNasm(inf.dir)) continue;
    const pkgDirs = packageIncludeDirs(inf, (p) => store.dec(p));
    const units = buildAssemblyUnits(
      [...new Set(nasmRoots)],
      (rel) => nasmFactsOf(ws, sources.get(rel), nasmMemo),
      (root) => nasmIncludeDirs(inf, pkgDirs, noMacros, { source: root }),
      exists,
    );
    for (const u of units) {
      for (const f of u.files) {
        add(f.path, inf.path);
        if (f.includedFrom?.label && !includedInto.has(f.path))
          includedInto.set(f.path, f.includedFrom.label);
      }
    }
  }
  for (const list of modulesOfFile.values()) list.sort(cmp);
  return { modulesOfFile, includedInto };
}

function buildCcModel(
  table: SignatureTable,
  config: ResolvedConfig,
  platforms: readonly AnalysedPlatform[],
  infs: readonly InfModule[],
  sources: ReadonlyMap<string, ScannedSource>,
  membership: ModuleMembership,
): CcModel {
  // Pass 1: what every CC-named file defines, so that calls to those functions and routines
  // count as calls into CC code even when the callee's own name is neutral.
  const definedIn = new Map<string, Set<CcId>>();
  const fileTechsOf = new Map<string, CcId[]>();
  for (const s of sources.values()) {
    const techs = fileNameTechs(stem(s.path), table);
    fileTechsOf.set(s.path, techs);
    if (techs.length === 0) continue;
    const names = s.c
      ? s.c.functions.map((f) => f.name)
      : (s.nasm?.labels.filter((l) => !l.local).map((l) => l.name) ?? []);
    for (const n of names) {
      const set = definedIn.get(n) ?? new Set<CcId>();
      for (const t of techs) set.add(t);
      definedIn.set(n, set);
    }
  }
  const calleeTechs = (name: string): readonly CcId[] => [...(definedIn.get(name) ?? [])];
  // Functions that check the mode themselves: every real (non-Null) definition starts with an
  // early return on a mode check, or the API is mode-safe by design.
  const definitions = new Map<string, number>();
  const selfChecking = new Map<string, number>();
  const predicateDefs = new Map<string, { checking: number; constant: number }>();
  for (const s of sources.values()) {
    if (!s.c) continue;
    if (/Null\.c$/i.test(s.path)) continue;
    for (const f of s.c.functions) definitions.set(f.name, (definitions.get(f.name) ?? 0) + 1);
    for (const n of selfCheckingFunctions(s)) selfChecking.set(n, (selfChecking.get(n) ?? 0) + 1);
    const preds = modePredicateFunctions(s, table);
    for (const [kind, names] of [
      ['checking', preds.checking],
      ['constant', preds.constant],
    ] as const) {
      for (const n of names) {
        const d = predicateDefs.get(n) ?? { checking: 0, constant: 0 };
        d[kind]++;
        predicateDefs.set(n, d);
      }
    }
  }
  // Every definition answers the mode question, and at least one checks the mode.
  const isModePredicate = (name: string): boolean => {
    const d = predicateDefs.get(name);
    return d !== undefined && d.checking > 0 && d.checking + d.constant === definitions.get(name);
  };
  const modeSafe = new Set(DEFAULT_MODE_SAFE_APIS);
  const checksModeItself = (name: string): boolean => {
    if (modeSafe.has(name)) return true;
    const defs = definitions.get(name) ?? 0;
    // Not defined in the tree (another package, another tree): the name is all there is, and a
    // CC-named function called unconditionally is taken at its word as a hook. Only a Null
    // instance in the tree: the call does nothing in any guest this tree builds.
    if (defs === 0) return true;
    return selfChecking.get(name) === defs;
  };

  // Which platforms build each module (as a component or a linked library).
  const platformsOf = new Map<string, Set<string>>();
  const commonDscs = new Set(platforms.filter((p) => p.role === 'common').map((p) => p.dsc));
  const ccTechOfDsc = new Map(platforms.filter((p) => p.role === 'cc').map((p) => [p.dsc, p.cc!]));
  for (const p of platforms) {
    for (const r of p.resolutions) {
      for (const m of r.modules) {
        const add = (inf: string): void => {
          const set = platformsOf.get(inf) ?? new Set<string>();
          set.add(p.dsc);
          platformsOf.set(inf, set);
        };
        add(m.inf);
        for (const l of m.libraries.values()) add(l.instance);
        for (const l of m.nullLibraries) add(l.instance);
      }
    }
  }
  // Pass 2: which technologies each module exists for (name, location, content, feature registry), so that its
  // code is that technology's own code and never "mixed".
  const filesOfModule = new Map<string, string[]>();
  for (const [file, list] of membership.modulesOfFile) {
    for (const inf of list) {
      const l = filesOfModule.get(inf) ?? [];
      l.push(file);
      filesOfModule.set(inf, l);
    }
  }
  const dedication = new Map<string, Map<CcId, Evidence[]>>();
  const byFeature = featureDedication(config);
  for (const inf of infs) {
    const srcs = (filesOfModule.get(inf.path) ?? [])
      .map((f) => sources.get(f))
      .filter((x): x is ScannedSource => x !== undefined);
    const d = moduleDedication(inf, srcs, table);
    // The registry speaks for modules whose name, place and code say nothing; where they do,
    // they win (the registry describes one era of the tree, the code describes this one).
    for (const { cc, evidence } of d.size === 0 ? (byFeature.get(inf.path) ?? []) : []) {
      const list = d.get(cc) ?? [];
      list.push(evidence);
      d.set(cc, list);
    }
    dedication.set(inf.path, d);
  }
  const ownTechsOf = (path: string, nameTechs: readonly CcId[]): CcId[] => {
    const mods = membership.modulesOfFile.get(path) ?? [];
    const own = new Set<CcId>(nameTechs);
    if (mods.length > 0) {
      // Techs every module holding the file exists for (a neutral `Cc` module counts for all).
      const sets = mods.map((m) => dedication.get(m) ?? new Map<CcId, Evidence[]>());
      for (const t of table.technologies) {
        if (sets.every((d) => d.has(t.id) || d.has(NEUTRAL_CC))) own.add(t.id);
      }
    }
    return [...own].sort(cmp);
  };

  // Pass 3: classify functions and routines of every file with CC code or a CC name.
  const files = new Map<string, CcFile>();
  for (const s of sources.values()) {
    const fileTechs = fileTechsOf.get(s.path) ?? [];
    if (s.touchpoints.length === 0 && fileTechs.length === 0) continue;
    const owned = ownTechsOf(s.path, fileTechs);
    let functions: CcFunction[] = [];
    if (s.c) {
      functions = classifyCFunctions(s, {
        table,
        fileTechs: owned,
        calleeTechs,
        checksModeItself,
        isModePredicate,
      });
    } else if (s.nasm) {
      const into = membership.includedInto.get(s.path);
      functions = classifyNasmRoutines(s, {
        table,
        fileTechs: owned,
        labelTechs: (n) => [...new Set([...calleeTechs(n), ...functionNameTechs(n, table)])],
        ...(into ? { includedInto: into } : {}),
      });
    }
    const touch = new Map<CcId, number>();
    for (const tp of s.touchpoints) touch.set(tp.technology, (touch.get(tp.technology) ?? 0) + 1);
    const inline = functions.flatMap((fn) => fn.spots.filter((sp) => sp.style === 'inline'));
    const mixedByCc = new Map<CcId, number>();
    for (const cc of new Set(inline.map((sp) => sp.cc)))
      mixedByCc.set(
        cc,
        mixedLineSet(
          inline.filter((sp) => sp.cc === cc),
          s.codeLines,
        ).size,
      );
    const vendor = fileTechs.filter((t) => t !== NEUTRAL_CC);
    files.set(s.path, {
      path: s.path,
      language: s.language,
      touchpoints: new Map([...touch.entries()].sort((a, b) => cmp(a[0], b[0]))),
      nameTags: fileTechs,
      ...(vendor.length === 1
        ? { dedicatedTo: vendor[0]! }
        : fileTechs.length === 1
          ? { dedicatedTo: fileTechs[0]! }
          : {}),
      functions,
      mixedLines: mixedLineSet(inline, s.codeLines).size,
      mixedLinesByCc: mixedByCc,
    });
  }

  const featureKinds = featureKindIndex(config, table);
  const modules: CcModule[] = [];
  for (const inf of infs) {
    const memberFiles = (filesOfModule.get(inf.path) ?? []).sort(cmp);
    const ccFiles = memberFiles.map((f) => files.get(f)).filter((f): f is CcFile => f !== undefined);
    const dscs = [...(platformsOf.get(inf.path) ?? [])].sort(cmp);
    const m = buildCcModule({
      inf,
      files: ccFiles,
      dedicated: dedication.get(inf.path) ?? new Map(),
      platforms: dscs,
      commonPlatforms: dscs.filter((d) => commonDscs.has(d)),
      ccPlatformTechs: [
        ...new Set(dscs.map((d) => ccTechOfDsc.get(d)).filter((x): x is CcId => x !== undefined)),
      ],
      ...(featureKinds.has(inf.path) ? { featureKind: featureKinds.get(inf.path)! } : {}),
      infEvidence: infEvidence(inf, table),
    });
    if (m) modules.push(m);
  }
  modules.sort((a, b) => cmp(a.inf, b.inf));
  return {
    files,
    modules,
    moduleByInf: new Map(modules.map((m) => [m.inf, m])),
    modulesOfFile: membership.modulesOfFile,
  };
}

/**
 * Modules the feature registry names exist for the feature's technology, even without a CC name
 * or touchpoint (spec 1.3/2.3: PlatformBootManagerLibGrub is part of SEV's measured direct boot).
 */
function featureDedication(config: ResolvedConfig): Map<string, { cc: CcId; evidence: Evidence }[]> {
  const out = new Map<string, { cc: CcId; evidence: Evidence }[]>();
  for (const f of config.features) {
    for (const inf of f.infs) {
      const list = out.get(inf) ?? [];
      list.push({
        cc: f.cc,
        evidence: {
          kind: 'config',
          detail: `part of feature "${f.name}" (${f.cc}) in the feature registry`,
          path: inf,
          line: 1,
        },
      });
      out.set(inf, list);
    }
  }
  return out;
}

function stem(path: string): string {
  const base = relBasename(path);
  const dot = base.indexOf('.');
  return dot < 0 ? base : base.slice(0, dot);
}

/**
 * Basic/advanced per module and technology from the feature registry. A vendor-neutral feature
 * (attestation, CC probe) says what its modules are whichever technology's code they hold:
 * TdAttestationDxe holds TDX code and is advanced because attestation is.
 */
function featureKindIndex(
  config: ResolvedConfig,
  table: SignatureTable,
): Map<string, Map<CcId, 'basic' | 'advanced'>> {
  const neutral = new Set(table.technologies.filter((t) => t.vendorNeutral).map((t) => t.id));
  const out = new Map<string, Map<CcId, 'basic' | 'advanced'>>();
  for (const f of config.features) {
    if (!f.kind) continue;
    const techs = neutral.has(f.cc) ? table.technologies.map((t) => t.id) : [f.cc];
    for (const m of f.infs) {
      const map = out.get(m) ?? new Map<CcId, 'basic' | 'advanced'>();
      // A feature of the technology itself wins over a vendor-neutral one, in either order.
      for (const cc of techs) if (cc === f.cc || !map.has(cc)) map.set(cc, f.kind);
      out.set(m, map);
    }
  }
  return out;
}

/** CC signatures the INF names: library classes, PCDs, GUIDs, protocols, PPIs. */
/**
 * The technologies whose (non-weak) signature a metadata name is, per table: every INF of a tree
 * names BaseLib and DebugLib, so each distinct name is matched once.
 */
const nameTechsCache = new WeakMap<SignatureTable, Map<string, readonly CcId[]>>();

function nameTechs(name: string, table: SignatureTable): readonly CcId[] {
  let perTable = nameTechsCache.get(table);
  if (!perTable) {
    perTable = new Map();
    nameTechsCache.set(table, perTable);
  }
  let techs = perTable.get(name);
  if (techs === undefined) {
    const found = findTouchpoints({ path: '<name>', text: name, language: 'metadata' }, table);
    techs = [...new Set(found.filter((tp) => tp.text === name && !tp.weak).map((tp) => tp.technology))];
    perTable.set(name, techs);
  }
  return techs;
}

function infEvidence(inf: InfModule, table: SignatureTable): { cc: CcId; evidence: Evidence }[] {
  const out: { cc: CcId; evidence: Evidence }[] = [];
  const seen = new Set<string>();
  const names: { name: string; line: number; what: string }[] = [
    ...inf.libraryClasses.map((u) => ({ name: u.name, line: u.origin.line, what: 'library class' })),
    ...inf.pcds.map((p) => ({ name: p.name, line: p.origin.line, what: 'PCD' })),
    ...inf.guids.map((u) => ({ name: u.name, line: u.origin.line, what: 'GUID' })),
    ...inf.protocols.map((u) => ({ name: u.name, line: u.origin.line, what: 'protocol' })),
    ...inf.ppis.map((u) => ({ name: u.name, line: u.origin.line, what: 'PPI' })),
  ];
  for (const n of names) {
    for (const cc of nameTechs(n.name, table)) {
      const key = `${cc}\0${n.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        cc,
        evidence: { kind: 'inf', detail: `INF uses ${n.what} ${n.name}`, path: inf.path, line: n.line },
      });
    }
  }
  return out;
}

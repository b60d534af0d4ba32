/**
 * Platform resolution after BaseTools (Workspace/DscBuildData.py LibraryClasses/Modules,
 * Workspace/WorkspaceCommon.py GetModuleLibInstances):
 * - library class lookup for (arch, module type) uses tdict precedence:
 *   [LibraryClasses.<arch>.<type>] > [LibraryClasses.<arch>] > [LibraryClasses.common.<type>] >
 *   [LibraryClasses.common]; within one scope the last mapping in file order wins;
 * - a component's `<LibraryClasses>` override beats all of them, for the whole closure;
 * - classes pulled in by library instances resolve for the top-level module's type;
 * - `NULL|…` entries are each their own class (NULL1, NULL2, …) and so accumulate; global ones
 *   apply to every module whose type fits the section scope (not USER_DEFINED); library
 *   instances never pull in NULL classes of their own;
 * - a component listed twice with the same FILE_GUID (or none) is built once, the later listing
 *   winning; with a `<Defines> FILE_GUID` override it is a separate module;
 * - a module type that the instance's first LIBRARY_CLASS does not list stops BaseTools with an
 *   error; an instance that does not produce the mapped class is only a warning.
 */
import { cmp, type Diagnostic, DiagnosticCode, DiagnosticSink } from '../diagnostics.js';
import { parseDsc } from '../metadata/dsc.js';
import { parseFdf } from '../metadata/fdf.js';
import { libraryClassesProduced } from '../metadata/inf.js';
import type {
  DscComponent,
  DscLibraryMapping,
  DscPlatform,
  FdfFlash,
  InfLibraryClassDecl,
  InfModule,
  Origin,
} from '../metadata/model.js';
import type { MetadataStore, ParsedPlatform } from '../metadata/store.js';
import type { LibraryBinding, LibraryBindingSource, PlatformResolution, ResolvedModule } from './model.js';

export interface ResolveOptions {
  /** Arch to resolve; default: every arch of SUPPORTED_ARCHITECTURES. */
  readonly arch?: string;
  /** Command-line `-D NAME=VALUE` defines; they override the DSC's DEFINEs. */
  readonly defines?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly toolChainTag?: string;
}

/** Module types that may link any library instance regardless of its supported types. */
const ANY_LIBRARY_MODULE_TYPES = new Set(['USER_DEFINED', 'HOST_APPLICATION']);

/** BaseTools' global defines for a build (build.py: gGlobalDefines). */
export function builtinMacros(
  ws: { label: string },
  arch: string,
  options: ResolveOptions,
): Record<string, string> {
  const toolChain = options.toolChainTag ?? 'GCC';
  return {
    WORKSPACE: ws.label,
    ARCH: arch,
    TARGET: options.target ?? 'DEBUG',
    TOOL_CHAIN_TAG: toolChain,
    TOOLCHAIN: toolChain,
    FAMILY: /^(VS|MSFT)/i.test(toolChain) ? 'MSFT' : /^CLANG/i.test(toolChain) ? 'CLANG' : 'GCC',
  };
}

/** Archs named by SUPPORTED_ARCHITECTURES (`IA32|X64`), upper case. */
export function supportedArchs(dsc: DscPlatform): string[] {
  return dsc.supportedArchs.length > 0 ? [...dsc.supportedArchs] : ['X64'];
}

/** Resolve a platform for each requested arch (one resolution per arch). */
export function resolvePlatformArchs(
  store: MetadataStore,
  dscPath: string,
  options: ResolveOptions = {},
): PlatformResolution[] {
  if (options.arch) return [resolvePlatform(store, dscPath, options.arch, options)];
  const probe = parseDscFor(store, dscPath, 'common', options);
  return supportedArchs(probe).map((a) => resolvePlatform(store, dscPath, a, options));
}

function parseDscFor(
  store: MetadataStore,
  dscPath: string,
  arch: string,
  options: ResolveOptions,
): DscPlatform {
  const index = store.packageIndex();
  return parseDsc(store.ws, dscPath, {
    arch,
    defines: { ...(options.defines ?? {}) },
    builtins: builtinMacros(store.ws, arch, options),
    decPcdDefault: (ts, name) => index.pcdDefault(ts, name),
  });
}

/**
 * The DSC parsed for one arch with the resolver's settings, its FDF, and the PCD values the two
 * set. The result is kept in the store (one parse per platform, arch and settings): the bench's
 * whole-tree pass, `resolvePlatformArchs` and repeated resolutions all start from it.
 */
export function parsePlatform(
  store: MetadataStore,
  dscPath: string,
  arch: string,
  options: ResolveOptions = {},
): ParsedPlatform {
  const upperArch = arch.toUpperCase();
  const key = JSON.stringify([
    dscPath,
    upperArch,
    options.defines ?? {},
    options.target ?? '',
    options.toolChainTag ?? '',
  ]);
  return store.parsedPlatform(key, () => {
    const dsc = parseDscFor(store, dscPath, upperArch, options);
    const index = store.packageIndex();
    const pcdValues = effectivePcds(dsc, upperArch);
    const dscPcd = (ts: string | undefined, name: string): string | undefined =>
      lookupPcd(pcdValues, ts, name) ?? index.pcdDefault(ts, name);
    if (!dsc.flashDefinition) return { dsc, pcdValues };
    const fdf = parseFdf(store.ws, dsc.flashDefinition, {
      macros: dsc.macros,
      pcd: dscPcd,
      defines: { ...(options.defines ?? {}) },
    });
    for (const s of fdf.pcdSets) pcdValues.set(`${s.tokenSpace}.${s.name}`, s.value);
    return { dsc, fdf, pcdValues };
  });
}

export function resolvePlatform(
  store: MetadataStore,
  dscPath: string,
  arch: string,
  options: ResolveOptions = {},
): PlatformResolution {
  const upperArch = arch.toUpperCase();
  const sink = new DiagnosticSink();
  const { dsc, fdf, pcdValues } = parsePlatform(store, dscPath, upperArch, options);
  const index = store.packageIndex();
  const pcdValue = (ts: string | undefined, name: string): string | undefined =>
    lookupPcd(pcdValues, ts, name) ?? index.pcdDefault(ts, name);

  const table = new LibraryTable(dsc.libraryClasses, upperArch);
  const fvIndex = fdf ? indexFvs(fdf, upperArch) : new Map<string, FvPlacement[]>();

  const produces = new Map<InfModule, readonly InfLibraryClassDecl[]>();
  const modules: ResolvedModule[] = [];
  for (const component of activeComponents(dsc.components, upperArch)) {
    const inf = store.inf(component.inf);
    if (!inf) {
      // A missing INF was already reported by the DSC parser; report only unreadable ones here.
      if (!store.ws.isFile(component.inf)) continue;
      sink.report({
        severity: 'error',
        code: DiagnosticCode.ComponentNotFound,
        file: component.origin.file,
        line: component.origin.line,
        message: `component ${component.inf} cannot be read`,
      });
      continue;
    }
    modules.push(resolveModule(store, sink, table, produces, fvIndex, component, inf, upperArch));
  }
  modules.sort((a, b) => cmp(a.inf, b.inf) || cmp(a.fileGuid, b.fileGuid));

  const files = new Set<string>([...dsc.files, ...(fdf?.files ?? [])]);
  for (const m of modules) {
    files.add(m.inf);
    for (const l of m.libraries.values()) files.add(l.instance);
    for (const l of m.nullLibraries) files.add(l.instance);
  }
  const diagnostics: Diagnostic[] = [
    ...store.ws.diagnostics.all.filter((d) => d.file !== undefined && files.has(d.file)),
    ...sink.all,
  ];
  const unique = new DiagnosticSink();
  for (const d of diagnostics) unique.report(d);

  return {
    platform: dscPath,
    arch: upperArch,
    dsc,
    ...(fdf ? { fdf } : {}),
    defines: dsc.macros,
    modules,
    pcdValue,
    diagnostics: unique.sorted(),
  };
}

/** Components of `[Components]`/`[Components.<arch>]`; a repeated (FILE_GUID, INF) keeps the last. */
function activeComponents(components: readonly DscComponent[], arch: string): DscComponent[] {
  const byKey = new Map<string, DscComponent>();
  for (const c of components) {
    if (!c.scopes.some((s) => s.arch === 'common' || s.arch === arch)) continue;
    const guid = c.defines.get('FILE_GUID')?.value.toLowerCase() ?? 'NULL';
    const key = `${guid}\0${c.inf}`;
    byKey.delete(key);
    byKey.set(key, c);
  }
  return [...byKey.values()];
}

/** DSC PCD settings that apply to this arch, last one winning, keyed `TokenSpace.Name`. */
function effectivePcds(dsc: DscPlatform, arch: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of dsc.pcds) {
    if (!p.scopes.some((s) => s.arch === 'common' || s.arch === arch)) continue;
    out.set(`${p.tokenSpace}.${p.name}`, p.value);
  }
  return out;
}

function lookupPcd(
  values: ReadonlyMap<string, string>,
  ts: string | undefined,
  name: string,
): string | undefined {
  if (ts) return values.get(`${ts}.${name}`);
  for (const [k, v] of values) if (k.endsWith(`.${name}`)) return v;
  return undefined;
}

interface ScopedMapping {
  readonly mapping: DscLibraryMapping;
  readonly source: LibraryBindingSource;
}

/**
 * The global `[LibraryClasses*]` mappings for one arch, indexed for tdict-style lookup: key
 * `<archScope>\0<moduleType>\0<class>`, the last mapping in file order winning.
 */
class LibraryTable {
  private readonly byKey = new Map<string, DscLibraryMapping>();
  /** NULL entries in file order, each with the scopes it applies to. */
  readonly nullEntries: { mapping: DscLibraryMapping; arch: string; moduleType: string }[] = [];

  constructor(
    mappings: readonly DscLibraryMapping[],
    private readonly arch: string,
  ) {
    for (const m of mappings) {
      for (const s of m.scopes) {
        if (s.arch !== 'common' && s.arch !== arch) continue;
        if (m.className.toUpperCase() === 'NULL') {
          this.nullEntries.push({ mapping: m, arch: s.arch, moduleType: s.moduleType });
        } else {
          this.byKey.set(`${s.arch}\0${s.moduleType}\0${m.className}`, m);
        }
      }
    }
  }

  /** Answers per module type and class: every module of a type asks for the same classes. */
  private readonly answers = new Map<string, Map<string, ScopedMapping | null>>();

  lookup(className: string, moduleType: string): ScopedMapping | undefined {
    let perType = this.answers.get(moduleType);
    if (!perType) {
      perType = new Map();
      this.answers.set(moduleType, perType);
    }
    let answer = perType.get(className);
    if (answer === undefined) {
      answer = this.find(className, moduleType) ?? null;
      perType.set(className, answer);
    }
    return answer ?? undefined;
  }

  private find(className: string, moduleType: string): ScopedMapping | undefined {
    const tries: [string, string, LibraryBindingSource][] = [
      [this.arch, moduleType, 'arch.moduletype'],
      [this.arch, 'common', 'arch'],
      ['common', moduleType, 'common.moduletype'],
      ['common', 'common', 'common'],
    ];
    for (const [a, t, source] of tries) {
      const m = this.byKey.get(`${a}\0${t}\0${className}`);
      if (m) return { mapping: m, source };
    }
    return undefined;
  }

  /** Global NULL instances forced into a module of this type. */
  nullFor(moduleType: string): DscLibraryMapping[] {
    if (moduleType === 'USER_DEFINED') return [];
    return this.nullEntries
      .filter((e) => e.moduleType === 'common' || e.moduleType === moduleType)
      .map((e) => e.mapping);
  }
}

interface FvPlacement {
  readonly fv: string;
  readonly fileGuid?: string;
}

/** INF path → FVs that list it (honouring `USE = <arch>`), with any FILE_GUID option. */
function indexFvs(fdf: FdfFlash, arch: string): Map<string, FvPlacement[]> {
  const out = new Map<string, FvPlacement[]>();
  for (const fv of fdf.fvs) {
    for (const st of fv.infs) {
      const use = st.options.get('USE');
      if (use && use.toUpperCase() !== arch) continue;
      const guid = st.options.get('FILE_GUID');
      const list = out.get(st.inf) ?? [];
      list.push({ fv: fv.name, ...(guid ? { fileGuid: guid.toLowerCase() } : {}) });
      out.set(st.inf, list);
    }
  }
  return out;
}

function resolveModule(
  store: MetadataStore,
  sink: DiagnosticSink,
  table: LibraryTable,
  produces: Map<InfModule, readonly InfLibraryClassDecl[]>,
  fvIndex: ReadonlyMap<string, FvPlacement[]>,
  component: DscComponent,
  inf: InfModule,
  arch: string,
): ResolvedModule {
  const moduleType = inf.moduleType;
  const guidOverride = component.defines.get('FILE_GUID')?.value;
  const fileGuid = (guidOverride ?? inf.fileGuid).toLowerCase();

  // Component-scoped overrides: the last mapping of a class in the block wins.
  const overrides = new Map<string, DscLibraryMapping>();
  const componentNulls: DscLibraryMapping[] = [];
  for (const m of component.libraryClasses) {
    if (m.className.toUpperCase() === 'NULL') componentNulls.push(m);
    else overrides.set(m.className, m);
  }

  const libraries = new Map<string, LibraryBinding>();
  const nullLibraries: LibraryBinding[] = [];
  const resolvedInfs = new Map<string, InfModule>();
  // Depth-first over consumers, as GetModuleLibInstances' worklist; the result does not depend
  // on visiting order because a class's instance depends only on (class, module type, overrides).
  const work: InfModule[] = [];

  const bindNull = (m: DscLibraryMapping, source: LibraryBindingSource): void => {
    nullLibraries.push({
      className: 'NULL',
      instance: m.instance,
      source,
      origin: m.origin,
      consumedBy: inf.path,
    });
    const lib = store.inf(m.instance);
    if (!lib) {
      reportMissingInstance(sink, m, inf.path);
      return;
    }
    if (!resolvedInfs.has(lib.path)) {
      resolvedInfs.set(lib.path, lib);
      work.push(lib);
    }
  };
  for (const m of table.nullFor(moduleType)) bindNull(m, 'common');
  for (const m of componentNulls) bindNull(m, 'component');

  work.push(inf);
  const visitedConsumers = new Set<string>();
  while (work.length > 0) {
    const consumer = work.pop()!;
    if (visitedConsumers.has(consumer.path)) continue;
    visitedConsumers.add(consumer.path);
    // An indexed loop: this one runs tens of thousands of times while the code is still cold.
    const uses = consumer.libraryClasses;
    for (let i = 0; i < uses.length; i++) {
      const use = uses[i]!;
      if (use.arch !== 'common' && use.arch !== arch) continue;
      const className = use.name;
      if (libraries.has(className)) continue;
      const override = overrides.get(className);
      const scoped: ScopedMapping | undefined = override
        ? { mapping: override, source: 'component' }
        : table.lookup(className, moduleType);
      if (!scoped) {
        sink.report({
          severity: 'error',
          code: DiagnosticCode.UnresolvedLibraryClass,
          file: component.origin.file,
          line: component.origin.line,
          message: `no instance of library class ${className} for ${inf.path} (${arch}, ${moduleType || 'no MODULE_TYPE'})${
            consumer.path === inf.path ? '' : `, consumed by ${consumer.path}`
          }`,
        });
        continue;
      }
      const { mapping, source } = scoped;
      libraries.set(className, {
        className,
        instance: mapping.instance,
        source,
        origin: mapping.origin,
        consumedBy: consumer.path,
      });
      const lib = store.inf(mapping.instance);
      if (!lib) {
        reportMissingInstance(sink, mapping, inf.path);
        continue;
      }
      checkInstance(sink, produces, lib, mapping, className, inf, arch);
      if (!resolvedInfs.has(lib.path)) {
        resolvedInfs.set(lib.path, lib);
        work.push(lib);
      }
    }
  }

  const fv = [
    ...new Set(
      (fvIndex.get(inf.path) ?? [])
        .filter((p) => (p.fileGuid ?? inf.fileGuid.toLowerCase()) === fileGuid)
        .map((p) => p.fv),
    ),
  ].sort(cmp);

  nullLibraries.sort((a, b) => cmp(a.instance, b.instance));
  // Sort the class names, not [name, binding] entry pairs: no pair array per class.
  const sortedLibraries = new Map<string, LibraryBinding>();
  for (const name of [...libraries.keys()].sort(cmp)) sortedLibraries.set(name, libraries.get(name)!);
  return {
    inf: inf.path,
    arch,
    moduleType,
    baseName: inf.baseName,
    fileGuid,
    fileGuidOverridden: guidOverride !== undefined,
    isLibrary: inf.libraryClassDecls.length > 0,
    fv,
    libraries: sortedLibraries,
    nullLibraries,
    component,
    module: inf,
  };
}

function reportMissingInstance(sink: DiagnosticSink, mapping: DscLibraryMapping, modulePath: string): void {
  sink.report({
    severity: 'error',
    code: DiagnosticCode.PathNotFound,
    file: mapping.origin.file,
    line: mapping.origin.line,
    message: `library instance ${mapping.instance} (${mapping.className}) cannot be read; needed by ${modulePath}`,
  });
}

/**
 * BaseTools' checks of an instance against the class it is mapped to and the module type.
 * `produces` keeps each instance's LIBRARY_CLASS declarations for the arch: every module of
 * the platform asks about the same few hundred instances.
 */
function checkInstance(
  sink: DiagnosticSink,
  produces: Map<InfModule, readonly InfLibraryClassDecl[]>,
  lib: InfModule,
  mapping: DscLibraryMapping,
  className: string,
  module: InfModule,
  arch: string,
): void {
  let produced = produces.get(lib);
  if (produced === undefined) {
    produced = libraryClassesProduced(lib, arch);
    produces.set(lib, produced);
  }
  const at: Origin = mapping.origin;
  if (produced.length === 0) {
    sink.report({
      severity: 'error',
      code: DiagnosticCode.NotALibrary,
      file: at.file,
      line: at.line,
      message: `${lib.path} is mapped to library class ${className} but declares no LIBRARY_CLASS`,
    });
    return;
  }
  if (!produced.some((d) => d.name === className)) {
    sink.report({
      severity: 'warning',
      code: DiagnosticCode.LibraryClassMismatch,
      file: at.file,
      line: at.line,
      message: `${lib.path} does not support LIBRARY_CLASS ${className} (it produces ${produced
        .map((d) => d.name)
        .join(', ')})`,
    });
  }
  // BaseTools checks the first LIBRARY_CLASS line only (LibraryClass[0].SupModList).
  const first = produced[0]!;
  if (
    first.moduleTypes.length > 0 &&
    !ANY_LIBRARY_MODULE_TYPES.has(module.moduleType) &&
    !first.moduleTypes.includes(module.moduleType)
  ) {
    sink.report({
      severity: 'error',
      code: DiagnosticCode.LibraryModuleTypeMismatch,
      file: at.file,
      line: at.line,
      message: `module type ${module.moduleType} of ${module.path} is not supported by library instance ${lib.path} (${first.name}|${first.moduleTypes.join(' ')})`,
    });
  }
}

/**
 * Diagnostics are problems with the *input* (a malformed DSC line, a missing include, an
 * unresolvable library class), as opposed to findings, which are departures from the CC design.
 * Every diagnostic carries a stable code so that users can search for it and filter it.
 */

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** Stable diagnostic codes, one place for all of them (as Edk2Code's diagnostics enum). */
export const DiagnosticCode = {
  /** A file could not be read (permissions, vanished). */
  FileUnreadable: 'CCG001',
  /** A file is UTF-16 or binary and was skipped. */
  FileNotText: 'CCG002',
  /** A path named in metadata does not exist in the workspace or any package root. */
  PathNotFound: 'CCG003',
  /** `!include` of a file that does not exist. */
  IncludeNotFound: 'CCG010',
  /** `!include` cycle. */
  IncludeCycle: 'CCG011',
  /** `!if`/`!ifdef` without `!endif` at end of file, or a stray `!else`/`!endif`. */
  UnbalancedConditional: 'CCG012',
  /** A conditional expression that cannot be evaluated. */
  BadExpression: 'CCG013',
  /** `!error` reached in an active branch. */
  ErrorDirective: 'CCG014',
  /** `$(NAME)` used but never defined. */
  UnknownMacro: 'CCG015',
  /** An unknown directive (`!foo`). */
  UnknownDirective: 'CCG016',
  /** A section header that the format does not know. */
  UnknownSection: 'CCG020',
  /** A line that does not fit the section's grammar. */
  MalformedLine: 'CCG021',
  /** A name defined twice where only one definition can hold. */
  DuplicateDefinition: 'CCG022',
  /** A required `[Defines]` entry is missing (BASE_NAME, MODULE_TYPE, …). */
  MissingDefine: 'CCG023',
  /** A component's library class has no instance for its arch and module type. */
  UnresolvedLibraryClass: 'CCG030',
  /** A library instance does not list the module type of the module that links it. */
  LibraryModuleTypeMismatch: 'CCG031',
  /** A library class is mapped to an INF that is not a library (no LIBRARY_CLASS). */
  NotALibrary: 'CCG032',
  /** A library instance does not produce the class it is mapped to. */
  LibraryClassMismatch: 'CCG033',
  /** A component INF is listed but cannot be read. */
  ComponentNotFound: 'CCG034',
  /** A source file could not be parsed reliably (unbalanced braces, …). */
  SourceParse: 'CCG040',
  /** The configuration file is invalid. */
  ConfigInvalid: 'CCG050',
  /** A rule failed on this tree (a bug in ccguard); the other rules still ran. */
  RuleFailed: 'CCG060',
  /** The baseline file is missing, unreadable or malformed. */
  BaselineInvalid: 'CCG051',
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

export interface Diagnostic {
  readonly severity: DiagnosticSeverity;
  readonly code: DiagnosticCode;
  readonly message: string;
  /** Workspace-relative path with `/`; absent only for problems that belong to no file. */
  readonly file?: string;
  /** 1-based line. */
  readonly line?: number;
}

/** The longest run of non-blank characters a message quotes whole (long paths included). */
const MAX_QUOTED_RUN = 200;

/**
 * A message as it is shown: parsers quote the offending text, and a corrupt or generated file
 * can hold a line of 200,000 characters. Each over-long run keeps its start and says how long it
 * was, so the message still names what is wrong and where to look.
 */
export function clipMessage(message: string): string {
  if (message.length <= MAX_QUOTED_RUN) return message;
  return message.replace(
    new RegExp(`\\S{${MAX_QUOTED_RUN + 1},}`, 'g'),
    (run) => `${run.slice(0, 120)}… (${run.length} characters)`,
  );
}

/** Collects diagnostics from every layer; parsers report and carry on. */
export class DiagnosticSink {
  private readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  report(d: Diagnostic): void {
    const message = clipMessage(d.message);
    // The same include or INF is often read from several places; report each problem once.
    const key = `${d.code}\0${d.file ?? ''}\0${d.line ?? 0}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(message === d.message ? d : { ...d, message });
  }

  get all(): readonly Diagnostic[] {
    return this.items;
  }

  /** Diagnostics sorted by file, line, code, message: deterministic output. */
  sorted(): Diagnostic[] {
    return [...this.items].sort(compareDiagnostics);
  }
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    cmp(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    cmp(a.code, b.code) ||
    cmp(a.message, b.message)
  );
}

/** Byte-order string comparison: locale-independent, so output is the same on every machine. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

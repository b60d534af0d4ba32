/**
 * CC signatures: the identifiers, constants, instructions and byte encodings that mark code as
 * belonging to a confidential-computing technology, each with the role it plays (the text a
 * reviewer reads in the evidence). The built-in edk2 table lives in builtin-signatures.ts; a
 * config file adds technologies and signatures, disables built-ins and adds excludes, as plain
 * JSON, so that a new CC technology needs no code change.
 */
import { type Diagnostic, DiagnosticCode, type DiagnosticSink } from '../diagnostics.js';
import { BUILTIN_SIGNATURES } from './builtin-signatures.js';
import { BUILTIN_TECHNOLOGIES, type CcTechnology, type NameTag, type TechnologyId } from './technologies.js';

export type SignatureKind =
  | 'library-class'
  | 'function'
  | 'predicate'
  | 'pcd'
  | 'guid'
  | 'type'
  | 'macro'
  | 'msr'
  | 'cpuid'
  | 'instruction'
  | 'encoding'
  | 'build-macro'
  | 'name-tag';

export const SIGNATURE_KINDS: readonly SignatureKind[] = [
  'library-class',
  'function',
  'predicate',
  'pcd',
  'guid',
  'type',
  'macro',
  'msr',
  'cpuid',
  'instruction',
  'encoding',
  'build-macro',
  'name-tag',
];

/** C (.c/.h), NASM (.nasm/.nasmb/.asm/.inc) and metadata lines (INF/DSC/DEC/FDF). */
export type SourceLanguage = 'c' | 'nasm' | 'metadata';
export const SOURCE_LANGUAGES: readonly SourceLanguage[] = ['c', 'nasm', 'metadata'];

/**
 * How a signature is recognised. Identifier matchers look at whole identifier tokens (`[A-Za-z_]\w*`
 * outside comments and string literals); `number` at numeric literals (`0xC0010131`, NASM
 * `0C0010131h`); `code-regex` at the masked text itself.
 */
export type SignatureMatcher =
  /** The identifier is exactly `name` (also after an EDK II `m`/`g`/`_` prefix). */
  | { readonly type: 'identifier'; readonly name: string }
  /**
   * The identifier starts with `prefix` (also after an `m`/`g`/`_` prefix). Unless `anyContinuation`,
   * what follows must start a new CamelCase word (upper case, digit, `_` or the end), so that the
   * prefix `Td` takes `TdCall` but not `Tdx`.
   */
  | { readonly type: 'prefix'; readonly prefix: string; readonly anyContinuation?: boolean }
  /**
   * A CamelCase word anywhere in the identifier, in Title case or ALL CAPS: `Sev` takes
   * `NoSevPass` and `SEV_ES_WORK_AREA`, but not `Severity` or the Arm instruction `sev`.
   */
  | { readonly type: 'word'; readonly word: string }
  /**
   * A regular expression tested against the identifier. `anchors` are literal substrings of which
   * every match contains at least one: the matcher searches the text for anchors, never for the
   * regex, which is what keeps a whole tree fast.
   */
  | { readonly type: 'identifier-regex'; readonly pattern: string; readonly anchors: readonly string[] }
  /** A numeric literal with this value (hex, written `0x…` here). */
  | { readonly type: 'number'; readonly value: string }
  /** A regular expression over the masked text (instructions, `db` byte sequences). */
  | { readonly type: 'code-regex'; readonly pattern: string; readonly ignoreCase?: boolean };

export interface Signature {
  /** Stable id, `<technology>.<kind>.<name>`, used in evidence, suppressions and the config. */
  readonly id: string;
  readonly technology: TechnologyId;
  /** The least sub-mode of the technology this signature needs (SEV: sev, sev-es, sev-snp, svsm). */
  readonly subMode?: string;
  readonly kind: SignatureKind;
  readonly matcher: SignatureMatcher;
  /** A mode check (the spec's IsSev()/IsTdx()) or a value only mode checks compare against. */
  readonly predicate: boolean;
  /** Ambiguous: also used by generic code, so it is evidence, not proof. */
  readonly weak: boolean;
  /** What the signature is, for evidence ("SEV-ES: GHCB page base"). */
  readonly role: string;
  /** Regular expressions (full match) on the matched text that veto this signature. */
  readonly exclude: readonly string[];
  /** Languages the signature applies to; absent means all. */
  readonly languages?: readonly SourceLanguage[];
}

/** A technology as the config writes it: only `id` is required; given fields replace built-in ones. */
export interface TechnologyConfig {
  readonly id: string;
  readonly displayName?: string;
  readonly subModes?: readonly string[];
  readonly vendorNeutral?: boolean;
  readonly nameTags?: readonly NameTag[];
  readonly directories?: readonly string[];
  readonly platforms?: readonly string[];
}

/** A signature as the config writes it; a built-in signature with the same id is replaced. */
export interface SignatureConfig {
  readonly id: string;
  readonly technology: string;
  readonly subMode?: string;
  readonly kind: SignatureKind;
  readonly matcher: SignatureMatcher;
  readonly predicate?: boolean;
  readonly weak?: boolean;
  readonly role?: string;
  readonly exclude?: readonly string[];
  readonly languages?: readonly SourceLanguage[];
}

/** An exclude over all signatures (of one technology, if given): the matched text, full match. */
export interface ExcludeConfig {
  readonly pattern: string;
  readonly technology?: string;
}

/** The `signatures` part of ccguard's config file. Plain JSON. */
export interface SignatureTableConfig {
  /** Technologies added (new id) or overridden (built-in id, given fields replace). */
  readonly technologies?: readonly TechnologyConfig[];
  /** Signatures added (new id) or replacing a built-in one (same id). */
  readonly signatures?: readonly SignatureConfig[];
  /** Signature ids to drop; `sev.pcd.*` drops every id with that prefix. */
  readonly disable?: readonly string[];
  /** Extra excludes applied on top of each signature's own. */
  readonly excludes?: readonly ExcludeConfig[];
}

/** The merged table the touchpoint matcher compiles. Immutable. */
export interface SignatureTable {
  readonly technologies: readonly CcTechnology[];
  readonly signatures: readonly Signature[];
  readonly excludes: readonly ExcludeConfig[];
  readonly technologyById: ReadonlyMap<TechnologyId, CcTechnology>;
  readonly signatureById: ReadonlyMap<string, Signature>;
}

const ID_PATTERN = '^[a-z][a-z0-9-]*$';
const SIGNATURE_ID_PATTERN = '^[a-z][a-z0-9-]*\\.[A-Za-z0-9_.*:+~-]+$';

const NAME_TAG_SCHEMA = {
  type: 'object',
  required: ['words'],
  additionalProperties: false,
  properties: {
    words: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Za-z0-9]+$' } },
    requires: { type: 'array', items: { type: 'string' } },
    unless: { type: 'array', items: { type: 'string' } },
    subMode: { type: 'string' },
  },
} as const;

const MATCHER_SCHEMA = {
  oneOf: [
    {
      type: 'object',
      required: ['type', 'name'],
      additionalProperties: false,
      properties: { type: { const: 'identifier' }, name: { type: 'string', pattern: '^[A-Za-z_]\\w*$' } },
    },
    {
      type: 'object',
      required: ['type', 'prefix'],
      additionalProperties: false,
      properties: {
        type: { const: 'prefix' },
        prefix: { type: 'string', pattern: '^[A-Za-z_]\\w*$' },
        anyContinuation: { type: 'boolean' },
      },
    },
    {
      type: 'object',
      required: ['type', 'word'],
      additionalProperties: false,
      properties: { type: { const: 'word' }, word: { type: 'string', pattern: '^[A-Z][a-z0-9]*$' } },
    },
    {
      type: 'object',
      required: ['type', 'pattern', 'anchors'],
      additionalProperties: false,
      properties: {
        type: { const: 'identifier-regex' },
        pattern: { type: 'string', minLength: 1 },
        anchors: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^\\w{2,}$' } },
      },
    },
    {
      type: 'object',
      required: ['type', 'value'],
      additionalProperties: false,
      properties: { type: { const: 'number' }, value: { type: 'string', pattern: '^0[xX][0-9A-Fa-f]+$' } },
    },
    {
      type: 'object',
      required: ['type', 'pattern'],
      additionalProperties: false,
      properties: {
        type: { const: 'code-regex' },
        pattern: { type: 'string', minLength: 1 },
        ignoreCase: { type: 'boolean' },
      },
    },
  ],
} as const;

/**
 * JSON Schema (draft 2020-12 fragment) of `SignatureTableConfig`, for the config file's schema.
 * Semantic checks (known technology, valid sub-mode, compilable regex) happen in
 * `buildSignatureTable`, which reports `CCG050` and skips the entry.
 */
export const SIGNATURE_TABLE_CONFIG_SCHEMA = {
  $id: 'ccguard:signature-table-config',
  type: 'object',
  additionalProperties: false,
  properties: {
    technologies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: ID_PATTERN },
          displayName: { type: 'string' },
          subModes: { type: 'array', items: { type: 'string', pattern: ID_PATTERN } },
          vendorNeutral: { type: 'boolean' },
          nameTags: { type: 'array', items: NAME_TAG_SCHEMA },
          directories: { type: 'array', items: { type: 'string' } },
          platforms: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    signatures: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'technology', 'kind', 'matcher'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: SIGNATURE_ID_PATTERN },
          technology: { type: 'string', pattern: ID_PATTERN },
          subMode: { type: 'string' },
          kind: { enum: SIGNATURE_KINDS },
          matcher: MATCHER_SCHEMA,
          predicate: { type: 'boolean' },
          weak: { type: 'boolean' },
          role: { type: 'string' },
          exclude: { type: 'array', items: { type: 'string' } },
          languages: { type: 'array', items: { enum: SOURCE_LANGUAGES } },
        },
      },
    },
    disable: { type: 'array', items: { type: 'string' } },
    excludes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pattern'],
        additionalProperties: false,
        properties: { pattern: { type: 'string' }, technology: { type: 'string' } },
      },
    },
  },
} as const;

export interface BuildSignatureTableOptions {
  /** Receives CCG050 for config entries that cannot be used (they are skipped). */
  readonly sink?: DiagnosticSink;
  /** Workspace-relative path of the config file, for the diagnostics. */
  readonly configFile?: string;
}

/**
 * Merges a config onto the built-in technologies and signatures. Entries that cannot be used are
 * reported and skipped; the result is always a usable table.
 */
export function buildSignatureTable(
  config?: SignatureTableConfig,
  options: BuildSignatureTableOptions = {},
): SignatureTable {
  const report = (message: string): void => {
    const d: Diagnostic = {
      severity: 'error',
      code: DiagnosticCode.ConfigInvalid,
      message: `signatures: ${message}`,
      ...(options.configFile === undefined ? {} : { file: options.configFile }),
    };
    options.sink?.report(d);
  };

  const technologies = new Map<TechnologyId, CcTechnology>();
  for (const t of BUILTIN_TECHNOLOGIES) technologies.set(t.id, t);
  for (const [i, t] of (config?.technologies ?? []).entries()) {
    const merged = mergeTechnology(technologies.get(asString(t?.id)), t, `technologies[${i}]`, report);
    if (merged) technologies.set(merged.id, merged);
  }

  const signatures = new Map<string, Signature>();
  for (const s of BUILTIN_SIGNATURES) signatures.set(s.id, s);
  for (const [i, s] of (config?.signatures ?? []).entries()) {
    const checked = checkSignature(s, technologies, `signatures[${i}]`, report);
    if (checked) signatures.set(checked.id, checked);
  }
  for (const d of config?.disable ?? []) {
    if (typeof d !== 'string') {
      report('disable: entries must be signature ids');
      continue;
    }
    const ids = d.endsWith('*')
      ? [...signatures.keys()].filter((id) => id.startsWith(d.slice(0, -1)))
      : signatures.has(d)
        ? [d]
        : [];
    if (ids.length === 0) report(`disable: no signature '${d}'`);
    for (const id of ids) signatures.delete(id);
  }

  const excludes: ExcludeConfig[] = [];
  for (const [i, e] of (config?.excludes ?? []).entries()) {
    const where = `excludes[${i}]`;
    if (typeof e?.pattern !== 'string' || !compiles(e.pattern)) {
      report(`${where}: pattern must be a valid regular expression`);
      continue;
    }
    if (e.technology !== undefined && !technologies.has(e.technology)) {
      report(`${where}: unknown technology '${e.technology}'`);
      continue;
    }
    excludes.push(
      e.technology === undefined ? { pattern: e.pattern } : { pattern: e.pattern, technology: e.technology },
    );
  }

  const techList = [...technologies.values()];
  const sigList = [...signatures.values()];
  return {
    technologies: techList,
    signatures: sigList,
    excludes,
    technologyById: technologies,
    signatureById: new Map(sigList.map((s) => [s.id, s])),
  };
}

type Report = (message: string) => void;

function mergeTechnology(
  base: CcTechnology | undefined,
  t: TechnologyConfig,
  where: string,
  report: Report,
): CcTechnology | undefined {
  if (typeof t?.id !== 'string' || !new RegExp(ID_PATTERN).test(t.id)) {
    report(`${where}: id must be a lower-case name such as 'cove'`);
    return undefined;
  }
  const strings = (v: unknown): v is readonly string[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'string');
  for (const field of ['subModes', 'directories', 'platforms'] as const) {
    if (t[field] !== undefined && !strings(t[field])) {
      report(`${where}: ${field} must be a list of strings`);
      return undefined;
    }
  }
  if (t.nameTags !== undefined && !(Array.isArray(t.nameTags) && t.nameTags.every(isNameTag))) {
    report(`${where}: nameTags must be objects with a non-empty 'words' list`);
    return undefined;
  }
  return {
    id: t.id,
    displayName: typeof t.displayName === 'string' ? t.displayName : (base?.displayName ?? t.id),
    subModes: t.subModes ?? base?.subModes ?? [],
    vendorNeutral: typeof t.vendorNeutral === 'boolean' ? t.vendorNeutral : (base?.vendorNeutral ?? false),
    nameTags: t.nameTags ?? base?.nameTags ?? [],
    directories: t.directories ?? base?.directories ?? [],
    platforms: t.platforms ?? base?.platforms ?? [],
  };
}

function isNameTag(v: unknown): v is NameTag {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const words = o.words;
  return (
    Array.isArray(words) &&
    words.length > 0 &&
    words.every((w) => typeof w === 'string' && /^[A-Za-z0-9]+$/.test(w)) &&
    (o.requires === undefined ||
      (Array.isArray(o.requires) && o.requires.every((w) => typeof w === 'string'))) &&
    (o.unless === undefined || (Array.isArray(o.unless) && o.unless.every((w) => typeof w === 'string'))) &&
    (o.subMode === undefined || typeof o.subMode === 'string')
  );
}

function checkSignature(
  s: SignatureConfig,
  technologies: ReadonlyMap<TechnologyId, CcTechnology>,
  where: string,
  report: Report,
): Signature | undefined {
  if (typeof s !== 'object' || s === null) {
    report(`${where}: must be an object`);
    return undefined;
  }
  const at = typeof s.id === 'string' ? `${where} '${s.id}'` : where;
  if (typeof s.id !== 'string' || !new RegExp(SIGNATURE_ID_PATTERN).test(s.id)) {
    report(`${at}: id must look like '<technology>.<kind>.<name>'`);
    return undefined;
  }
  const tech = technologies.get(asString(s.technology));
  if (!tech) {
    report(`${at}: unknown technology '${String(s.technology)}'`);
    return undefined;
  }
  if (!SIGNATURE_KINDS.includes(s.kind)) {
    report(`${at}: unknown kind '${String(s.kind)}'`);
    return undefined;
  }
  if (s.subMode !== undefined && !tech.subModes.includes(s.subMode)) {
    report(
      `${at}: sub-mode '${String(s.subMode)}' is not one of ${tech.id}'s (${tech.subModes.join(', ') || 'none'})`,
    );
    return undefined;
  }
  const matcherProblem = describeMatcherProblem(s.matcher);
  if (matcherProblem) {
    report(`${at}: ${matcherProblem}`);
    return undefined;
  }
  const exclude = s.exclude ?? [];
  if (!Array.isArray(exclude) || !exclude.every((x) => typeof x === 'string' && compiles(x))) {
    report(`${at}: exclude must be a list of valid regular expressions`);
    return undefined;
  }
  if (
    s.languages !== undefined &&
    !(Array.isArray(s.languages) && s.languages.every((l) => SOURCE_LANGUAGES.includes(l)))
  ) {
    report(`${at}: languages must be drawn from ${SOURCE_LANGUAGES.join(', ')}`);
    return undefined;
  }
  return {
    id: s.id,
    technology: tech.id,
    ...(s.subMode === undefined ? {} : { subMode: s.subMode }),
    kind: s.kind,
    matcher: s.matcher,
    predicate: s.predicate === true,
    weak: s.weak === true,
    role: typeof s.role === 'string' ? s.role : s.id,
    exclude,
    ...(s.languages === undefined ? {} : { languages: s.languages }),
  };
}

/** Why a matcher from a config file cannot be used, or undefined if it can. */
function describeMatcherProblem(m: SignatureMatcher | undefined): string | undefined {
  if (typeof m !== 'object' || m === null) return 'matcher must be an object';
  const ident = /^[A-Za-z_]\w*$/;
  switch (m.type) {
    case 'identifier':
      return typeof m.name === 'string' && ident.test(m.name)
        ? undefined
        : 'identifier matcher needs an identifier name';
    case 'prefix':
      return typeof m.prefix === 'string' && ident.test(m.prefix)
        ? undefined
        : 'prefix matcher needs an identifier prefix';
    case 'word':
      return typeof m.word === 'string' && /^[A-Z][a-z0-9]*$/.test(m.word)
        ? undefined
        : "word matcher needs one Title-case word such as 'Cove'";
    case 'identifier-regex':
      if (typeof m.pattern !== 'string' || !compiles(m.pattern))
        return 'identifier-regex pattern does not compile';
      return Array.isArray(m.anchors) &&
        m.anchors.length > 0 &&
        m.anchors.every((a) => typeof a === 'string' && /^\w{2,}$/.test(a))
        ? undefined
        : 'identifier-regex needs anchors: literal substrings (2+ word characters) every match contains';
    case 'number':
      return typeof m.value === 'string' && /^0[xX][0-9A-Fa-f]+$/.test(m.value)
        ? undefined
        : "number matcher needs a hex value such as '0xC0010131'";
    case 'code-regex':
      return typeof m.pattern === 'string' && compiles(m.pattern)
        ? undefined
        : 'code-regex pattern does not compile';
    default:
      return `unknown matcher type '${String((m as { type?: unknown }).type)}'`;
  }
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

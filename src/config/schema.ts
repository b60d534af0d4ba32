/**
 * The JSON Schema of `ccguard.config.{json,yaml,yml}`: the source of truth for validation and for
 * the published copy in schema/ccguard.config.schema.json (written by scripts/write-schema.ts; a
 * test keeps the two equal). Draft-07, because it is the draft that editors (VS Code's JSON
 * service, the YAML language server) validate completely; nothing here needs a later draft.
 * Every property carries a description, since editors show them as hover help and completions.
 */
import { SIGNATURE_TABLE_CONFIG_SCHEMA } from '../cc/signatures.js';

type JsonSchema = { readonly [key: string]: unknown };

const ARCHES = ['IA32', 'X64', 'ARM', 'AARCH64', 'RISCV64', 'LOONGARCH64', 'EBC'] as const;
export const SEVERITY_SETTINGS = ['error', 'warning', 'info', 'off'] as const;

/** Workspace-relative with `/`: not absolute, no `\`, no `..` segment. */
const WORKSPACE_PATH = '^(?!/)(?![A-Za-z]:)(?!.*\\\\)(?!(?:.*/)?\\.\\.(?:/|$)).+$';
const DSC_PATH = '^(?!/)(?![A-Za-z]:)(?!.*\\\\)(?!(?:.*/)?\\.\\.(?:/|$)).+\\.[dD][sS][cC]$';
const TECHNOLOGY_ID = '^[a-z][a-z0-9-]*$';
const RULE_ID = '^[a-z][a-z0-9-]*/[a-z0-9][a-z0-9-]*$';
const RULE_ID_GLOB = '^[a-z*][a-z0-9*-]*(/[a-z0-9*][a-z0-9*-]*)?$';
// Spelt differently from TECHNOLOGY_ID (same language) so that each gets its own hint.
const FEATURE_NAME = '^[a-z][-a-z0-9]*$';
const MACRO_NAME = '^[A-Za-z_][A-Za-z0-9_]*$';
const RELATIVE_GLOB = '^(?!/)(?!.*\\\\)';

/** What a pattern means, for error messages (ajv would print the regular expression). */
export const PATTERN_HINTS: Readonly<Record<string, string>> = {
  [WORKSPACE_PATH]: "a workspace-relative path with '/' (no leading '/', no '\\', no '..')",
  [DSC_PATH]: "a workspace-relative path of a .dsc file with '/', such as OvmfPkg/OvmfPkgX64.dsc",
  [TECHNOLOGY_ID]: "a lower-case technology id (letters, digits, '-') such as 'sev', 'tdx', 'cca', 'cc'",
  [RULE_ID]: "a rule id '<area>/<name>' such as 'platform/one-image'",
  [RULE_ID_GLOB]: "a rule id such as 'naming/cc-file', or a glob of rule ids such as 'naming/*'",
  [FEATURE_NAME]: "a lower-case name with '-' such as 'sev-launch-secret'",
  [MACRO_NAME]: 'a macro name such as SMM_REQUIRE',
  [RELATIVE_GLOB]: "a glob over workspace-relative paths with '/' (no leading '/', no '\\')",
  '\\S': 'a non-blank text',
};

const stringList = (
  description: string,
  items: JsonSchema = { type: 'string', minLength: 1 },
): JsonSchema => ({
  description,
  type: 'array',
  items,
});

const globList = (description: string): JsonSchema =>
  stringList(description, { type: 'string', minLength: 1, pattern: RELATIVE_GLOB });

const FEATURE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: {
      description:
        'Unique name of the feature. A name that ccguard already knows replaces the built-in feature of that name.',
      type: 'string',
      pattern: FEATURE_NAME,
    },
    cc: {
      description:
        "Technology id of the feature: 'sev', 'tdx', 'cca', 'cc' (vendor-neutral, serves every CC) or one added under signatures.technologies.",
      type: 'string',
      pattern: TECHNOLOGY_ID,
    },
    kind: {
      description:
        "'basic': the firmware cannot boot in that CC mode without it, so it belongs directly in OvmfPkg (spec 2.2). 'advanced': the firmware still boots without it and only loses a function, so it belongs in OvmfPkg/<Cc>/ (spec 2.3). Left out: ccguard infers it from the platforms that build the modules.",
      enum: ['basic', 'advanced'],
    },
    maturity: {
      description:
        "'immature' (under discussion or review, such as attestation) keeps the feature out of the common platform (spec 1.2). Default 'mature'.",
      enum: ['mature', 'immature'],
    },
    modules: stringList(
      "INF files of the feature's modules: workspace-relative paths or globs (picomatch), e.g. 'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf' or 'OvmfPkg/**/*Attestation*.inf'. Only .inf files are matched. A platform holds the feature when it builds any of them.",
      { type: 'string', minLength: 1, pattern: RELATIVE_GLOB },
    ),
    description: { description: 'What the feature does, shown in reports.', type: 'string' },
    enabled: {
      description:
        "false drops the built-in feature of this name (then only 'name' is needed). Default true.",
      type: 'boolean',
    },
  },
  // `{ name, enabled: false }` drops a built-in feature; every other entry needs cc and modules.
  if: { type: 'object', properties: { enabled: { const: false } }, required: ['enabled'] },
  else: { required: ['cc', 'modules'] },
};

const RULE_SETTING_SCHEMA: JsonSchema = {
  oneOf: [
    {
      description: "The rule's severity, or 'off' to disable it.",
      type: 'string',
      enum: SEVERITY_SETTINGS,
    },
    {
      description: "The rule's severity and options.",
      type: 'object',
      additionalProperties: false,
      properties: {
        severity: {
          description: "Severity of the rule's findings, or 'off' to disable the rule.",
          type: 'string',
          enum: SEVERITY_SETTINGS,
        },
        options: {
          description: "Options of the rule (see `ccguard explain RULE`), merged over the rule's defaults.",
          type: 'object',
        },
      },
    },
  ],
};

const PLATFORMS_SCHEMA: JsonSchema = {
  description:
    'Which DSC platforms ccguard resolves and in which role. Default: the edk2 platforms that exist.',
  type: 'object',
  additionalProperties: false,
  properties: {
    common: stringList(
      'The common platforms: one image that boots in normal mode and in every CC mode it supports (spec 1.1) and holds only mature features (1.2). Default: OvmfPkg/OvmfPkgX64.dsc if it exists.',
      { type: 'string', pattern: DSC_PATH },
    ),
    cc: {
      description:
        "CC-specific platforms per technology id (spec 1.3). Given technologies replace their default (the technology's 'platforms' plus every .dsc directly in its directories, e.g. OvmfPkg/AmdSev/*.dsc); an empty list drops one.",
      type: 'object',
      propertyNames: { pattern: TECHNOLOGY_ID },
      additionalProperties: { type: 'array', items: { type: 'string', pattern: DSC_PATH } },
    },
    siblings: stringList(
      'Sibling platforms (other OVMF and ArmVirt builds) resolved for context and compared with the reference. Default: the edk2 ones that exist.',
      { type: 'string', pattern: DSC_PATH },
    ),
    reference: {
      description: 'The platform the others are compared with. Default: the first common platform.',
      type: 'string',
      pattern: DSC_PATH,
    },
    defines: {
      description:
        'Macros applied to every platform as `-D NAME=VALUE` would be (the command line wins). true/false become TRUE/FALSE.',
      type: 'object',
      propertyNames: { pattern: MACRO_NAME },
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
    arch: {
      description:
        "Arch to resolve, per platform DSC. Default: X64 for the OVMF x64 platforms, AARCH64 for ArmVirtPkg, otherwise the DSC's first x86 SUPPORTED_ARCHITECTURES entry or its first one.",
      type: 'object',
      propertyNames: { pattern: DSC_PATH },
      additionalProperties: { enum: ARCHES },
    },
  },
};

const SUPPRESSION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'path', 'reason'],
  properties: {
    rule: {
      description: "Rule id whose findings are accepted, or a glob of ids such as 'naming/*'.",
      type: 'string',
      pattern: RULE_ID_GLOB,
    },
    path: {
      description:
        "Glob (picomatch) over workspace-relative paths of the findings, e.g. 'OvmfPkg/AmdSev/SecretDxe/**'.",
      type: 'string',
      minLength: 1,
      pattern: RELATIVE_GLOB,
    },
    reason: {
      description: 'Why the finding is accepted. Mandatory: reports show it next to the suppressed finding.',
      type: 'string',
      pattern: '\\S',
    },
  },
};

/** Descriptions for the signature table fragment (signatures.ts), which carries none itself. */
const SIGNATURE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  technologies:
    'CC technologies added (new id, e.g. a RISC-V CoVE entry) or overridden field by field (built-in id: sev, tdx, cca, cc).',
  'technologies.id': "Technology id, lower case: a built-in one ('sev', 'tdx', 'cca', 'cc') or a new one.",
  'technologies.displayName': 'Name shown in reports, e.g. "AMD SEV (SEV, SEV-ES, SEV-SNP, SVSM)".',
  'technologies.subModes':
    'Sub-modes a signature of this technology may name (SEV: sev, sev-es, sev-snp, svsm).',
  'technologies.vendorNeutral': 'True for vendor-neutral CC plumbing (names starting with Cc).',
  'technologies.nameTags':
    'CamelCase word sequences that mark a file or module name as belonging to the technology.',
  'technologies.nameTags.words':
    "Consecutive CamelCase words, matched in Title case or ALL CAPS, e.g. ['Snp', 'Page'].",
  'technologies.nameTags.requires': 'At least one of these words must also occur in the name.',
  'technologies.nameTags.unless': 'None of these words may occur in the name.',
  'technologies.nameTags.subMode': 'Sub-mode a name with this tag implies.',
  'technologies.directories':
    'Workspace-relative directories that hold only this technology (spec 1.3, 2.3: OvmfPkg/<Cc>).',
  'technologies.platforms': 'Workspace-relative DSCs of platforms built only for this technology (spec 1.3).',
  signatures: 'Signatures added (new id) or replacing a built-in one (same id).',
  'signatures.id': "Stable id '<technology>.<kind>.<name>', used in evidence and with 'disable'.",
  'signatures.technology': 'Technology id the signature marks.',
  'signatures.subMode':
    'The least sub-mode of the technology the signature needs (e.g. sev-es for GHCB code).',
  'signatures.kind':
    'What the signature is: a library class, function, mode-check predicate, PCD, GUID, MSR, …',
  'signatures.matcher': 'How the signature is recognised in C, NASM and metadata text.',
  'signatures.matcher<identifier>.type': "'identifier': a whole identifier token equal to 'name'.",
  'signatures.matcher<identifier>.name': 'The identifier (also matched after an EDK II m/g/_ prefix).',
  'signatures.matcher<prefix>.type': "'prefix': an identifier starting with 'prefix'.",
  'signatures.matcher<prefix>.prefix':
    "The prefix; what follows must start a new CamelCase word unless 'anyContinuation'.",
  'signatures.matcher<prefix>.anyContinuation':
    'Accept any continuation after the prefix, not only a new CamelCase word.',
  'signatures.matcher<word>.type': "'word': a CamelCase word anywhere in an identifier.",
  'signatures.matcher<word>.word': "The word in Title case, e.g. 'Sev' (also matches SEV).",
  'signatures.matcher<identifier-regex>.type':
    "'identifier-regex': a regular expression tested against identifiers.",
  'signatures.matcher<identifier-regex>.pattern':
    'Regular expression (JavaScript) tested against each identifier.',
  'signatures.matcher<identifier-regex>.anchors':
    'Literal substrings every match contains at least one of; ccguard searches for these, which keeps it fast.',
  'signatures.matcher<number>.type': "'number': a numeric literal with the given value.",
  'signatures.matcher<number>.value':
    "The value in hex, written '0x…' (matches 0xC0010131 and NASM 0C0010131h).",
  'signatures.matcher<code-regex>.type':
    "'code-regex': a regular expression over the code with comments masked.",
  'signatures.matcher<code-regex>.pattern':
    'Regular expression (JavaScript) over the masked text, e.g. an instruction.',
  'signatures.matcher<code-regex>.ignoreCase': 'Match without regard to case.',
  'signatures.predicate':
    'True for a mode check (IsSev(), TdIsEnabled()) or a value only mode checks compare against.',
  'signatures.weak': 'True if generic code also uses it: evidence, not proof.',
  'signatures.role': 'What the signature is, shown in evidence, e.g. "SEV-ES: GHCB page base".',
  'signatures.exclude': 'Regular expressions (full match) on the matched text that veto the signature.',
  'signatures.languages': 'Languages the signature applies to (c, nasm, metadata); all if left out.',
  disable: "Signature ids to drop; 'sev.pcd.*' drops every id with that prefix.",
  excludes: 'Excludes applied on top of every signature’s own.',
  'excludes.pattern': 'Regular expression (full match) on the matched text.',
  'excludes.technology': 'Only for signatures of this technology.',
};

/** Deep copy of a schema with a description on every property, from `table` by context path. */
function describeProperties(
  node: unknown,
  context: string,
  table: Readonly<Record<string, string>>,
): unknown {
  if (Array.isArray(node)) return node.map((n) => describeProperties(n, context, table));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id') continue; // one id, at the root, keeps the published schema self-contained
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      const props: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(value)) {
        const path = context === '' ? name : `${context}.${name}`;
        const described = describeProperties(sub, path, table) as Record<string, unknown>;
        const description = table[path];
        props[name] = description === undefined ? described : { description, ...described };
      }
      out[key] = props;
    } else if (key === 'oneOf' && Array.isArray(value)) {
      out[key] = value.map((branch: { properties?: { type?: { const?: unknown } } }) => {
        const tag = branch.properties?.type?.const;
        return describeProperties(branch, typeof tag === 'string' ? `${context}<${tag}>` : context, table);
      });
    } else {
      out[key] = describeProperties(value, context, table);
    }
  }
  return out;
}

const SIGNATURES_SCHEMA = {
  description:
    'Extensions of the CC signature table: technologies (with their name tags, directories and platforms), signatures, disabled built-in signatures and extra excludes.',
  ...(describeProperties(SIGNATURE_TABLE_CONFIG_SCHEMA, '', SIGNATURE_DESCRIPTIONS) as JsonSchema),
};

/** The JSON Schema of CcGuardConfig (types.ts). */
export const CONFIG_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ccguard configuration',
  description:
    'Configuration of ccguard, the confidential-computing design checker for EDK II trees: ccguard.config.json, .yaml or .yml at the tree root. Every setting is optional; the built-in edk2 defaults apply to what is left out.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { description: 'Where editors find this schema.', type: 'string' },
    signatures: SIGNATURES_SCHEMA,
    platforms: PLATFORMS_SCHEMA,
    features: {
      description:
        'The feature registry: CC features with their technology, kind (basic/advanced), maturity and modules. Entries are merged by name over the built-in edk2 registry.',
      type: 'array',
      items: FEATURE_SCHEMA,
    },
    rules: {
      description:
        "Per rule id: a severity ('error', 'warning', 'info', 'off') or { severity, options }. Rules left out keep their defaults.",
      type: 'object',
      propertyNames: { pattern: RULE_ID },
      additionalProperties: RULE_SETTING_SCHEMA,
    },
    include: globList('Globs (picomatch) of workspace-relative paths to analyse. Default: everything.'),
    exclude: globList(
      "Globs of paths to leave out, added to the defaults (Build/, BaseTools/, unit tests, vendored submodules). '!GLOB' removes a default exclude, e.g. '!**/UnitTest/**'.",
    ),
    suppressions: {
      description: 'Findings accepted on purpose: rule, path glob and the mandatory reason.',
      type: 'array',
      items: SUPPRESSION_SCHEMA,
    },
    baseline: {
      description:
        'Workspace-relative path of the baseline file that `ccguard check --update-baseline` writes; later runs report only findings not in it.',
      type: 'string',
      pattern: WORKSPACE_PATH,
    },
  },
};

/** The published file's text: what scripts/write-schema.ts writes. */
export function configSchemaText(): string {
  return `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`;
}

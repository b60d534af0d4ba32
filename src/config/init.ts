/**
 * `ccguard init`: a commented starting config for the tree at hand, holding what ccguard detected
 * (platforms by role, the features whose modules exist) and, commented out, an example of every
 * other setting. Nothing here writes: the CLI writes the text, and only with `--force` over an
 * existing config. That command is the one time ccguard writes into the analysed tree.
 */
import { lazyModule } from '../lazy-module.js';
import type { Workspace } from '../workspace/workspace.js';
import { type EdkDefaults, edkDefaults, expandModules } from './defaults.js';
import { CONFIG_FILE_NAMES } from './load.js';
import type { CcGuardConfig, FeatureConfig, ResolvedFeature } from './types.js';

const yaml = lazyModule<typeof import('yaml')>('yaml');

export type InitFormat = 'yaml' | 'json';

export interface InitOptions {
  /** Replace an existing config (the CLI's --force). */
  readonly force?: boolean;
  /** Default `yaml` (JSON has no comments); with --force, the existing file's format. */
  readonly format?: InitFormat;
}

/** Thrown when a config exists and may not be replaced; the CLI turns it into exit code 2. */
export class ConfigExistsError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigExistsError';
  }
}

/** The file `ccguard init` would write and its text. Writes nothing. */
export function initConfig(ws: Workspace, options: InitOptions = {}): { path: string; text: string } {
  const existing = CONFIG_FILE_NAMES.find((n) => ws.isFile(n));
  let format: InitFormat;
  let path: string;
  if (existing !== undefined) {
    if (options.force !== true) {
      throw new ConfigExistsError(existing, `${existing} already exists; use --force to replace it`);
    }
    // Replace the file in force: a second file next to it would be ignored (see loadConfig).
    const existingFormat: InitFormat = existing.endsWith('.json') ? 'json' : 'yaml';
    if (options.format !== undefined && options.format !== existingFormat) {
      throw new ConfigExistsError(
        existing,
        `${existing} already exists in another format; remove it to start a ${options.format} config`,
      );
    }
    format = existingFormat;
    path = existing;
  } else {
    format = options.format ?? 'yaml';
    path = format === 'json' ? 'ccguard.config.json' : 'ccguard.config.yaml';
  }
  const detected = edkDefaults(ws);
  return {
    path,
    text: format === 'json' ? renderInitConfigJson(ws, detected) : renderInitConfig(ws, detected),
  };
}

/**
 * The detected part of the config: platforms by role and the features the tree has, each with
 * only the module paths (or globs) that name something here, so that the config loads cleanly.
 */
export function detectedConfig(ws: Workspace, detected: EdkDefaults): CcGuardConfig {
  return {
    platforms: {
      common: detected.platforms.common,
      cc: detected.platforms.cc,
      siblings: detected.platforms.siblings,
    },
    features: presentFeatures(ws, detected).map(({ feature, modules }) => featureEntry(feature, modules)),
  };
}

function presentFeatures(
  ws: Workspace,
  detected: EdkDefaults,
): { readonly feature: ResolvedFeature; readonly modules: readonly string[] }[] {
  return detected.features
    .map((feature) => ({
      feature,
      modules: feature.modules.filter((m) => expandModules(ws, [m]).length > 0),
    }))
    .filter((f) => f.modules.length > 0);
}

function featureEntry(f: ResolvedFeature, modules: readonly string[]): FeatureConfig {
  return {
    name: f.name,
    cc: f.cc,
    ...(f.kind === undefined ? {} : { kind: f.kind }),
    maturity: f.maturity,
    ...(f.description === undefined ? {} : { description: f.description }),
    modules,
  };
}

/** JSON has no comments: only the detected settings. */
export function renderInitConfigJson(ws: Workspace, detected: EdkDefaults): string {
  return `${JSON.stringify(detectedConfig(ws, detected), null, 2)}\n`;
}

/** Examples of the settings `init` leaves commented out, each valid on its own. */
export function initExamples(): Readonly<Record<string, CcGuardConfig>> {
  return {
    rules: {
      rules: {
        'platform/one-image': 'error',
        'isolation/standalone-module': 'off',
        'naming/cc-file': { severity: 'info' },
      },
    },
    paths: {
      include: ['OvmfPkg/**', 'MdePkg/**', 'UefiCpuPkg/**', 'SecurityPkg/**'],
      exclude: ['OvmfPkg/Vendor/**', '!**/UnitTest/**'],
    },
    suppressions: {
      suppressions: [
        {
          rule: 'naming/cc-module',
          path: 'OvmfPkg/AmdSev/SecretDxe/**',
          reason: 'renaming the module breaks downstream build scripts; tracked in our issue 123',
        },
      ],
    },
    baseline: { baseline: 'ccguard.baseline.json' },
    defines: { platforms: { reference: 'OvmfPkg/OvmfPkgX64.dsc', defines: { SMM_REQUIRE: 'TRUE' } } },
    signatures: {
      signatures: {
        technologies: [
          {
            id: 'cove',
            displayName: 'RISC-V CoVE (confidential VM extension)',
            nameTags: [{ words: ['Cove'] }],
            directories: ['OvmfPkg/RiscVVirt/Cove'],
          },
        ],
        signatures: [
          {
            id: 'cove.macro.SBI_EXT_COVG',
            technology: 'cove',
            kind: 'macro',
            matcher: { type: 'identifier', name: 'SBI_EXT_COVG' },
            role: 'CoVE: guest SBI extension id',
          },
          {
            id: 'cove.function.SbiCovg',
            technology: 'cove',
            kind: 'function',
            matcher: { type: 'prefix', prefix: 'SbiCovg' },
            role: 'CoVE: guest SBI call',
          },
        ],
      },
    },
    disableFeature: { features: [{ name: 'svsm-vtpm', enabled: false }] },
  };
}

/** The commented YAML starting config. */
export function renderInitConfig(ws: Workspace, detected: EdkDefaults): string {
  const examples = initExamples();
  const out: string[] = [];
  const comment = (...lines: string[]): void => {
    for (const l of lines) out.push(l === '' ? '#' : `# ${l}`);
  };
  const indentedComment = (indent: string, ...lines: string[]): void => {
    for (const l of lines) out.push(`${indent}# ${l}`);
  };
  const commentedYaml = (value: unknown, indent = ''): void => {
    for (const l of yaml().stringify(value, { lineWidth: 0 }).trimEnd().split('\n'))
      out.push(`${indent}# ${l}`);
  };
  const list = (indent: string, items: readonly string[]): void => {
    for (const item of items) out.push(`${indent}- ${scalar(item)}`);
  };

  comment(
    'ccguard configuration, written by `ccguard init` for this tree.',
    '',
    'ccguard checks the confidential-computing (CC: SEV, TDX, CCA) code of an EDK II tree against',
    'the edk2 CC design ("Common Design Proposal on Confidential Computing Support in OVMF",',
    'edk2-devel, July 2021). Every setting is optional: what is left out takes the built-in edk2',
    'defaults. `ccguard rules` lists the rules, `ccguard explain RULE` documents one.',
    '',
    'Editors validate this file against schema/ccguard.config.schema.json of the ccguard package;',
    'for the YAML language server, make this the first line:',
    '  # yaml-language-server: $schema=<ccguard package>/schema/ccguard.config.schema.json',
  );
  out.push('');

  comment('Which platforms ccguard resolves, and in which role. Found in this tree.');
  out.push('platforms:');
  const { common, cc, siblings } = detected.platforms;
  indentedComment(
    '  ',
    'The common platform: one image that boots in normal mode and in every CC mode (spec 1.1)',
    'and holds only mature features (spec 1.2).',
  );
  if (common.length === 0) {
    indentedComment('  ', 'None found: the rules about the common platform stay quiet until you name one.');
    out.push('  common: []');
  } else {
    out.push('  common:');
    list('    ', common);
  }
  indentedComment('  ', 'CC-specific platforms per technology; they belong in OvmfPkg/<Cc>/ (spec 1.3).');
  const techs = Object.keys(cc);
  if (techs.length === 0) {
    out.push('  cc: {}');
  } else {
    out.push('  cc:');
    for (const t of techs) {
      out.push(`    ${scalar(t)}:`);
      list('      ', cc[t]!);
    }
  }
  indentedComment(
    '  ',
    'Other builds of the same firmware, resolved for context and compared with the reference.',
  );
  if (siblings.length === 0) out.push('  siblings: []');
  else {
    out.push('  siblings:');
    list('    ', siblings);
  }
  indentedComment(
    '  ',
    'The platform the others are compared with (default: the first common platform), and',
    '-D defines for every platform (the command line wins):',
  );
  commentedYaml(examples.defines!.platforms, '  ');
  out.push('');

  comment(
    'The CC feature registry: name, technology, kind and maturity of each feature, and its modules.',
    "kind 'basic': the firmware cannot boot in that CC mode without it, so it belongs directly in",
    "OvmfPkg (spec 2.2); 'advanced': it only adds a function, so it belongs in OvmfPkg/<Cc>/ (2.3).",
    "maturity 'immature' keeps a feature out of the common platform (spec 1.2).",
    '',
    "These entries repeat ccguard's built-in registry for the features this tree has. An entry",
    'replaces the built-in one of the same name: delete the entries you do not change, to keep',
    "following ccguard's updates. To drop a built-in feature, write:",
  );
  commentedYaml(examples.disableFeature!.features);
  const present = presentFeatures(ws, detected);
  const absent = detected.features.filter((f) => !present.some((p) => p.feature.name === f.name));
  if (absent.length > 0) {
    comment(
      `Built-in features with no module in this tree, in force all the same: ${absent.map((f) => f.name).join(', ')}.`,
    );
  }
  if (present.length === 0) out.push('features: []');
  else {
    out.push('features:');
    const entries = present.map(({ feature, modules }) => featureEntry(feature, modules));
    for (const line of yaml().stringify(entries, { lineWidth: 0 }).trimEnd().split('\n'))
      out.push(`  ${line}`);
  }
  out.push('');

  comment("Rule severities ('error', 'warning', 'info' or 'off') and options, per rule id:");
  commentedYaml(examples.rules);
  out.push('');
  comment(
    'Files to analyse (default: all) and to leave out, on top of the default excludes (Build/,',
    "BaseTools/, unit tests, vendored submodules); '!GLOB' brings a default exclude back:",
  );
  commentedYaml(examples.paths);
  out.push('');
  comment('Findings accepted on purpose; the reason is mandatory and shown in reports:');
  commentedYaml(examples.suppressions);
  out.push('');
  comment(
    'A baseline file (`ccguard check --update-baseline` writes it): later runs report only new findings.',
  );
  commentedYaml(examples.baseline);
  out.push('');
  comment(
    'A CC technology ccguard does not know, with its signatures (names for illustration, as a RISC-V',
    'CoVE port might use them); its features then go under features with cc: cove. Built-in',
    'technologies: sev, tdx, cca, cc.',
  );
  commentedYaml(examples.signatures);
  return `${out.join('\n')}\n`;
}

/** A YAML scalar as `stringify` writes it (quoted when it must be). */
function scalar(value: string): string {
  return yaml().stringify(value, { lineWidth: 0 }).trimEnd();
}

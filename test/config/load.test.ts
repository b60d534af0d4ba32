import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_EXCLUDES } from '../../src/config/defaults.js';
import { type KnownRule, loadConfig, resolveConfig } from '../../src/config/load.js';
import { lines, show, workspace } from './fixture.js';

const RULES: readonly KnownRule[] = [
  { id: 'platform/one-image' },
  { id: 'platform/mature-only' },
  { id: 'naming/cc-file' },
  { id: 'naming/cc-module' },
  {
    id: 'isolation/inline-cc-logic',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { minLines: { type: 'integer', minimum: 1 } },
    },
  },
];

function load(file: string, text: string, extra: Record<string, string> = {}) {
  return loadConfig(workspace({ [file]: text, ...extra }), undefined, { rules: RULES });
}

describe('loadConfig: no config file', () => {
  it('uses the built-in defaults of the tree', () => {
    const { config, diagnostics } = loadConfig(workspace());
    assert.deepEqual(diagnostics, []);
    assert.equal(config.file, undefined);
    assert.deepEqual(config.raw, {});
    assert.deepEqual(config.platforms, {
      common: ['OvmfPkg/OvmfPkgX64.dsc'],
      cc: { sev: ['OvmfPkg/AmdSev/AmdSevX64.dsc'], tdx: ['OvmfPkg/IntelTdx/IntelTdxX64.dsc'] },
      siblings: ['OvmfPkg/Microvm/MicrovmX64.dsc', 'ArmVirtPkg/ArmVirtQemu.dsc'],
      reference: 'OvmfPkg/OvmfPkgX64.dsc',
      defines: {},
      arch: {
        'OvmfPkg/OvmfPkgX64.dsc': 'X64',
        'OvmfPkg/AmdSev/AmdSevX64.dsc': 'X64',
        'OvmfPkg/IntelTdx/IntelTdxX64.dsc': 'X64',
        'OvmfPkg/Microvm/MicrovmX64.dsc': 'X64',
        'ArmVirtPkg/ArmVirtQemu.dsc': 'AARCH64',
      },
    });
    assert.deepEqual(
      config.features.map((f) => `${f.name} ${f.cc} ${f.kind} ${f.maturity} ${f.infs.join(',')}`),
      [
        'sev-dxe sev basic mature OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
        'sev-launch-secret sev advanced mature OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf',
        'tdx-early-init tdx basic mature OvmfPkg/IntelTdx/TdxHelperLib/SecTdxHelperLib.inf',
        'cc-probe cc basic mature OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf,OvmfPkg/Library/CcProbeLib/SecPeiCcProbeLib.inf',
        'attestation cc advanced immature OvmfPkg/IntelTdx/TdAttestationDxe/TdAttestationDxe.inf',
      ],
    );
    assert.deepEqual(config.rules, {});
    assert.deepEqual(config.include, ['**']);
    assert.deepEqual(config.exclude, DEFAULT_EXCLUDES);
    assert.deepEqual(config.suppressions, []);
    assert.equal(config.baseline, undefined);
  });

  it('leaves the common platform empty when the tree has none', () => {
    const { config } = loadConfig(workspace({}, { 'MdePkg/MdePkg.dec': '' }));
    assert.deepEqual(config.platforms.common, []);
    assert.deepEqual(config.platforms.cc, {});
    assert.equal(config.platforms.reference, undefined);
    assert.deepEqual(
      config.features.map((f) => f.name),
      ['attestation'],
    );
  });
});

describe('loadConfig: valid files', () => {
  const JSON_CONFIG = lines(
    '{',
    '  "$schema": "./node_modules/ccguard/schema/ccguard.config.schema.json",',
    '  "rules": { "platform/one-image": "warning", "naming/cc-file": { "severity": "off" } },',
    '  "suppressions": [ { "rule": "naming/*", "path": "OvmfPkg/AmdSev/**", "reason": "kept for compatibility" } ],',
    '  "baseline": "ccguard.baseline.json"',
    '}',
  );
  const YAML_CONFIG = lines(
    '# comments are fine',
    'rules:',
    '  platform/one-image: warning',
    '  naming/cc-file:',
    '    severity: off',
    'suppressions:',
    '  - rule: naming/*',
    '    path: OvmfPkg/AmdSev/**',
    '    reason: kept for compatibility',
    'baseline: ccguard.baseline.json',
  );
  const cases: { name: string; file: string; text: string }[] = [
    { name: 'JSON', file: 'ccguard.config.json', text: JSON_CONFIG },
    { name: 'YAML (.yaml)', file: 'ccguard.config.yaml', text: YAML_CONFIG },
    { name: 'YAML (.yml)', file: 'ccguard.config.yml', text: YAML_CONFIG },
    {
      name: 'JSON with CRLF and a BOM',
      file: 'ccguard.config.json',
      text: `\ufeff${JSON_CONFIG.replace(/\n/g, '\r\n')}`,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { config, diagnostics } = load(c.file, c.text);
      assert.deepEqual(diagnostics.map(show), []);
      assert.equal(config.file, c.file);
      assert.deepEqual(config.rules, {
        'naming/cc-file': { severity: 'off' },
        'platform/one-image': { severity: 'warning' },
      });
      assert.deepEqual(config.suppressions, [
        { rule: 'naming/*', path: 'OvmfPkg/AmdSev/**', reason: 'kept for compatibility' },
      ]);
      assert.equal(config.baseline, 'ccguard.baseline.json');
    });
  }

  it('an empty file or one holding only comments is an empty config', () => {
    for (const text of ['', '# nothing yet\n']) {
      const { config, diagnostics } = load('ccguard.config.yaml', text);
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(config.raw, {});
      assert.equal(config.file, 'ccguard.config.yaml');
    }
  });

  it('reads YAML booleans and numbers in defines as BaseTools values', () => {
    const { config, diagnostics } = load(
      'ccguard.config.yaml',
      lines(
        'platforms:',
        '  defines:',
        '    SMM_REQUIRE: TRUE',
        '    SECURE_BOOT_ENABLE: false',
        '    FD_SIZE_IN_KB: 4096',
        '    NAME: abc',
      ),
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config.platforms.defines, {
      SMM_REQUIRE: 'TRUE',
      SECURE_BOOT_ENABLE: 'FALSE',
      FD_SIZE_IN_KB: '4096',
      NAME: 'abc',
    });
  });
});

describe('loadConfig: schema errors, each with its line', () => {
  const cases: { name: string; file?: string; text: string; expected: string[] }[] = [
    {
      name: 'bad severity in the object form',
      text: lines('{', '  "rules": {', '    "platform/one-image": { "severity": "fatal" }', '  }', '}'),
      expected: [
        'ccguard.config.json:3: error: rules.platform/one-image.severity must be one of error, warning, info, off',
      ],
    },
    {
      name: 'bad severity in the short form',
      file: 'ccguard.config.yaml',
      text: lines('rules:', '  platform/one-image: loud'),
      expected: [
        'ccguard.config.yaml:2: error: rules.platform/one-image must be one of error, warning, info, off',
      ],
    },
    {
      name: 'rule setting of the wrong type',
      file: 'ccguard.config.yaml',
      text: lines('rules:', '  platform/one-image: 3'),
      expected: [
        'ccguard.config.yaml:2: error: rules.platform/one-image must be one of error, warning, info, off, or an object',
      ],
    },
    {
      name: 'malformed rule id',
      file: 'ccguard.config.yaml',
      text: lines('rules:', '  OneImage: error'),
      expected: [
        "ccguard.config.yaml:2: error: rules: key 'OneImage' must be a rule id '<area>/<name>' such as 'platform/one-image'",
      ],
    },
    {
      name: 'unknown top-level property, with a suggestion',
      text: lines('{', '  "rule": {}', '}'),
      expected: ["ccguard.config.json:2: error: unknown top-level property 'rule' (did you mean 'rules'?)"],
    },
    {
      name: 'unknown nested property, with a suggestion',
      file: 'ccguard.config.yaml',
      text: lines('platforms:', '  comon: [OvmfPkg/OvmfPkgX64.dsc]'),
      expected: [
        "ccguard.config.yaml:2: error: platforms has unknown property 'comon' (did you mean 'common'?)",
      ],
    },
    {
      name: 'suppression without a reason',
      file: 'ccguard.config.yaml',
      text: lines('suppressions:', '  - rule: naming/cc-file', '    path: OvmfPkg/**'),
      expected: [
        "ccguard.config.yaml:2: error: suppressions[0] is missing required property 'reason': every suppression must say why the finding is accepted",
      ],
    },
    {
      name: 'suppression with a blank reason',
      file: 'ccguard.config.yaml',
      text: lines('suppressions:', '  - rule: naming/cc-file', '    path: OvmfPkg/**', '    reason: "  "'),
      expected: ['ccguard.config.yaml:4: error: suppressions[0].reason must be a non-blank text'],
    },
    {
      name: 'feature without its technology and modules',
      file: 'ccguard.config.yaml',
      text: lines('features:', '  - name: my-feature', '    kind: basic'),
      expected: [
        "ccguard.config.yaml:2: error: features[0] is missing required property 'cc'",
        "ccguard.config.yaml:2: error: features[0] is missing required property 'modules'",
      ],
    },
    {
      name: 'feature with a bad kind and maturity',
      file: 'ccguard.config.yaml',
      text: lines(
        'features:',
        '  - name: my-feature',
        '    cc: sev',
        '    kind: essential',
        '    maturity: beta',
        '    modules: [OvmfPkg/AmdSevDxe/AmdSevDxe.inf]',
      ),
      expected: [
        'ccguard.config.yaml:4: error: features[0].kind must be one of basic, advanced',
        'ccguard.config.yaml:5: error: features[0].maturity must be one of mature, immature',
      ],
    },
    {
      name: 'platform paths that are not workspace-relative DSCs',
      file: 'ccguard.config.yaml',
      text: lines(
        'platforms:',
        '  common:',
        '    - /abs/OvmfPkgX64.dsc',
        '    - OvmfPkg\\OvmfPkgX64.dsc',
        '    - OvmfPkg/OvmfPkgX64.fdf',
      ),
      expected: [
        "ccguard.config.yaml:3: error: platforms.common[0] must be a workspace-relative path of a .dsc file with '/', such as OvmfPkg/OvmfPkgX64.dsc",
        "ccguard.config.yaml:4: error: platforms.common[1] must be a workspace-relative path of a .dsc file with '/', such as OvmfPkg/OvmfPkgX64.dsc",
        "ccguard.config.yaml:5: error: platforms.common[2] must be a workspace-relative path of a .dsc file with '/', such as OvmfPkg/OvmfPkgX64.dsc",
      ],
    },
    {
      name: 'bad arch and technology key',
      file: 'ccguard.config.yaml',
      text: lines(
        'platforms:',
        '  arch:',
        '    OvmfPkg/OvmfPkgX64.dsc: x86',
        '  cc:',
        '    SEV: [OvmfPkg/AmdSev/AmdSevX64.dsc]',
      ),
      expected: [
        'ccguard.config.yaml:3: error: platforms.arch.OvmfPkg/OvmfPkgX64.dsc must be one of IA32, X64, ARM, AARCH64, RISCV64, LOONGARCH64, EBC',
        "ccguard.config.yaml:5: error: platforms.cc: key 'SEV' must be a lower-case technology id (letters, digits, '-') such as 'sev', 'tdx', 'cca', 'cc'",
      ],
    },
    {
      name: 'wrong types',
      text: lines('{', '  "include": "OvmfPkg/**",', '  "exclude": [1],', '  "features": {}', '}'),
      expected: [
        'ccguard.config.json:2: error: include must be a list',
        'ccguard.config.json:3: error: exclude[0] must be a string',
        'ccguard.config.json:4: error: features must be a list',
      ],
    },
    {
      name: 'signature matcher with an unknown type',
      file: 'ccguard.config.yaml',
      text: lines(
        'signatures:',
        '  signatures:',
        '    - id: sev.function.Foo',
        '      technology: sev',
        '      kind: function',
        '      matcher: { type: identifer, name: Foo }',
      ),
      expected: [
        'ccguard.config.yaml:6: error: signatures.signatures[0].matcher.type must be one of identifier, prefix, word, identifier-regex, number, code-regex',
      ],
    },
    {
      name: 'signature matcher with the fields of another type',
      file: 'ccguard.config.yaml',
      text: lines(
        'signatures:',
        '  signatures:',
        '    - id: sev.function.Foo',
        '      technology: sev',
        '      kind: function',
        '      matcher:',
        '        type: prefix',
        '        name: Foo',
      ),
      expected: [
        "ccguard.config.yaml:7: error: signatures.signatures[0].matcher is missing required property 'prefix'",
        "ccguard.config.yaml:8: error: signatures.signatures[0].matcher has unknown property 'name' (known: type, prefix, anyContinuation)",
      ],
    },
    {
      name: 'the config is not an object',
      file: 'ccguard.config.yaml',
      text: lines('- a', '- b'),
      expected: ['ccguard.config.yaml:1: error: the config must be an object'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const file = c.file ?? 'ccguard.config.json';
      const { config, diagnostics } = load(file, c.text);
      assert.deepEqual(diagnostics.map(show), c.expected);
      assert.ok(diagnostics.every((d) => d.code === 'CCG050'));
      // The defaults stay in force, so that a caller still has a usable config.
      assert.equal(config.file, file);
      assert.deepEqual(config.raw, {});
      assert.deepEqual(config.platforms.common, ['OvmfPkg/OvmfPkgX64.dsc']);
    });
  }
});

describe('loadConfig: parse errors', () => {
  const cases: { name: string; file: string; text: string; expected: string[] }[] = [
    {
      name: 'JSON missing a comma',
      file: 'ccguard.config.json',
      text: lines('{', '  "include": ["a"]', '  "exclude": ["b"]', '}'),
      expected: ["ccguard.config.json:3: error: invalid JSON: Expected ',' or '}' after property value"],
    },
    {
      name: 'JSON cut short',
      file: 'ccguard.config.json',
      text: lines('{', '  "include": ["a"'),
      expected: ["ccguard.config.json:2: error: invalid JSON: Expected ',' or ']' after array element"],
    },
    {
      name: 'duplicate key in JSON',
      file: 'ccguard.config.json',
      text: lines('{', '  "baseline": "a.json",', '  "baseline": "b.json"', '}'),
      expected: ['ccguard.config.json:3: error: Map keys must be unique'],
    },
    {
      name: 'duplicate key',
      file: 'ccguard.config.yaml',
      text: lines('baseline: a.json', 'baseline: b.json'),
      expected: ['ccguard.config.yaml:2: error: Map keys must be unique'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { config, diagnostics } = load(c.file, c.text);
      assert.deepEqual(diagnostics.map(show), c.expected);
      assert.deepEqual(config.raw, {});
    });
  }
});

describe('loadConfig: semantic checks', () => {
  const cases: { name: string; text: string; expected: string[] }[] = [
    {
      name: 'unknown rule id: a warning with the known ids',
      text: lines('rules:', '  platform/one-imag: error'),
      expected: [
        "ccguard.config.yaml:2: warning: rules: unknown rule 'platform/one-imag' (did you mean 'platform/one-image'?); known rules: isolation/inline-cc-logic, naming/cc-file, naming/cc-module, platform/mature-only, platform/one-image",
      ],
    },
    {
      name: 'rule options checked against the rule schema',
      text: lines(
        'rules:',
        '  isolation/inline-cc-logic:',
        '    options:',
        '      minLines: 0',
        '      maxLines: 3',
        '  platform/one-image:',
        '    options: { strict: true }',
      ),
      expected: [
        'ccguard.config.yaml:4: error: rules.isolation/inline-cc-logic.options.minLines must be >= 1',
        "ccguard.config.yaml:5: error: rules.isolation/inline-cc-logic.options has unknown property 'maxLines' (did you mean 'minLines'?)",
        'ccguard.config.yaml:7: warning: rules.platform/one-image.options: the rule takes no options',
      ],
    },
    {
      name: 'unknown technology in a feature and in platforms.cc',
      text: lines(
        'platforms:',
        '  cc:',
        '    sevv: [OvmfPkg/AmdSev/AmdSevX64.dsc]',
        'features:',
        '  - name: mine',
        '    cc: tdxx',
        '    modules: [OvmfPkg/AmdSevDxe/AmdSevDxe.inf]',
      ),
      expected: [
        "ccguard.config.yaml:3: error: platforms.cc: unknown technology 'sevv' (did you mean 'sev'?); known: cc, cca, sev, tdx",
        "ccguard.config.yaml:6: error: features[0].cc: unknown technology 'tdxx' (did you mean 'tdx'?); known: cc, cca, sev, tdx",
      ],
    },
    {
      name: 'a technology added under signatures is known',
      text: lines(
        'signatures:',
        '  technologies:',
        '    - id: cove',
        'features:',
        '  - name: cove-guest',
        '    cc: cove',
        '    modules: [OvmfPkg/AmdSevDxe/AmdSevDxe.inf]',
      ),
      expected: [],
    },
    {
      name: 'feature module globs that match nothing',
      text: lines(
        'features:',
        '  - name: mine',
        '    cc: sev',
        '    modules:',
        '      - OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
        '      - OvmfPkg/Nowhere/**/*.inf',
        '      - OvmfPkg/AmdSevDxe/AmdSevDxe.c',
      ),
      expected: [
        "ccguard.config.yaml:6: warning: features[0].modules[1]: 'OvmfPkg/Nowhere/**/*.inf' matches no INF file in the workspace",
        "ccguard.config.yaml:7: warning: features[0].modules[2]: 'OvmfPkg/AmdSevDxe/AmdSevDxe.c' matches no INF file in the workspace",
      ],
    },
    {
      name: 'duplicate feature names; dropping a feature that is not built in',
      text: lines(
        'features:',
        '  - { name: mine, cc: sev, modules: [OvmfPkg/AmdSevDxe/AmdSevDxe.inf] }',
        '  - { name: mine, cc: tdx, modules: [OvmfPkg/AmdSevDxe/AmdSevDxe.inf] }',
        '  - { name: not-builtin, enabled: false }',
      ),
      expected: [
        "ccguard.config.yaml:3: error: features[1]: feature 'mine' is already defined at features[0]",
        "ccguard.config.yaml:4: warning: features[2]: 'not-builtin' is not a built-in feature; 'enabled: false' drops nothing",
      ],
    },
    {
      name: 'platforms that do not exist',
      text: lines(
        'platforms:',
        '  common: [OvmfPkg/Missing.dsc]',
        '  siblings: [OvmfPkg/Microvm/MicrovmX64.dsc, OvmfPkg/Gone.dsc]',
        '  reference: OvmfPkg/Missing.dsc',
        '  arch:',
        '    OvmfPkg/Other.dsc: IA32',
      ),
      expected: [
        'ccguard.config.yaml:2: warning: platforms.common[0]: OvmfPkg/Missing.dsc does not exist in the workspace; ignored',
        'ccguard.config.yaml:3: warning: platforms.siblings[1]: OvmfPkg/Gone.dsc does not exist in the workspace; ignored',
        'ccguard.config.yaml:4: warning: platforms.reference: OvmfPkg/Missing.dsc does not exist in the workspace; ignored',
        'ccguard.config.yaml:6: warning: platforms.arch.OvmfPkg/Other.dsc: OvmfPkg/Other.dsc does not exist in the workspace; ignored',
      ],
    },
    {
      name: 'suppressions that match no rule or no file',
      text: lines(
        'suppressions:',
        '  - { rule: naming/cc-fil, path: OvmfPkg/**, reason: typo in the rule }',
        '  - { rule: naming/*, path: Foo/**, reason: typo in the path }',
        '  - { rule: naming/*, path: OvmfPkg/Sec/*.c, reason: fine }',
      ),
      expected: [
        "ccguard.config.yaml:2: warning: suppressions[0].rule: unknown rule 'naming/cc-fil' (did you mean 'naming/cc-file'?); known rules: isolation/inline-cc-logic, naming/cc-file, naming/cc-module, platform/mature-only, platform/one-image",
        "ccguard.config.yaml:3: warning: suppressions[1].path: 'Foo/**' matches no file in the workspace",
      ],
    },
    {
      name: "'!' exclude that removes no default",
      text: lines('exclude:', "  - '!**/UnitTest/**'", "  - '!Vendor/**'"),
      expected: [
        `ccguard.config.yaml:3: warning: exclude[1]: 'Vendor/**' is not a default exclude; '!Vendor/**' removes nothing (defaults: ${DEFAULT_EXCLUDES.join(', ')})`,
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { diagnostics } = load('ccguard.config.yaml', c.text);
      assert.deepEqual(diagnostics.map(show), c.expected);
    });
  }

  it('does not check rule ids when no rules are given', () => {
    const ws = workspace({ 'ccguard.config.yaml': lines('rules:', '  any/thing: off') });
    assert.deepEqual(loadConfig(ws).diagnostics, []);
  });
});

describe('loadConfig: merging over the defaults', () => {
  it('features: replace by name, drop with enabled: false, add new ones', () => {
    const { config, diagnostics } = load(
      'ccguard.config.yaml',
      lines(
        'features:',
        '  - name: attestation',
        '    cc: tdx',
        '    kind: advanced',
        '    maturity: mature',
        '    modules: [OvmfPkg/IntelTdx/TdAttestationDxe/TdAttestationDxe.inf]',
        '  - { name: sev-launch-secret, enabled: false }',
        '  - name: tdx-helpers',
        '    cc: tdx',
        '    modules: [OvmfPkg/IntelTdx/TdxHelperLib/*.inf, OvmfPkg/IntelTdx/TdxHelperLib/TdxHelperLibNull.inf]',
      ),
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      config.features.map((f) => `${f.name} ${f.source} ${f.cc} ${f.maturity} ${f.infs.join(',')}`),
      [
        'sev-dxe builtin sev mature OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
        'tdx-early-init builtin tdx mature OvmfPkg/IntelTdx/TdxHelperLib/SecTdxHelperLib.inf',
        'cc-probe builtin cc mature OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf,OvmfPkg/Library/CcProbeLib/SecPeiCcProbeLib.inf',
        'attestation config tdx mature OvmfPkg/IntelTdx/TdAttestationDxe/TdAttestationDxe.inf',
        // A glob skips Null instances; a path written out in full is taken as written.
        'tdx-helpers config tdx mature OvmfPkg/IntelTdx/TdxHelperLib/SecTdxHelperLib.inf,OvmfPkg/IntelTdx/TdxHelperLib/TdxHelperLibNull.inf',
      ],
    );
  });

  it('platforms: given roles replace the defaults, cc per technology', () => {
    const { config, diagnostics } = load(
      'ccguard.config.yaml',
      lines(
        'platforms:',
        '  common: [OvmfPkg/Microvm/MicrovmX64.dsc]',
        '  cc:',
        '    tdx: []',
        '  siblings: []',
        '  reference: OvmfPkg/OvmfPkgX64.dsc',
        '  arch:',
        '    OvmfPkg/Microvm/MicrovmX64.dsc: IA32',
      ),
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config.platforms.common, ['OvmfPkg/Microvm/MicrovmX64.dsc']);
    assert.deepEqual(config.platforms.cc, { sev: ['OvmfPkg/AmdSev/AmdSevX64.dsc'] });
    assert.deepEqual(config.platforms.siblings, []);
    assert.equal(config.platforms.reference, 'OvmfPkg/OvmfPkgX64.dsc');
    assert.equal(config.platforms.arch['OvmfPkg/Microvm/MicrovmX64.dsc'], 'IA32');
    assert.equal(config.platforms.arch['OvmfPkg/OvmfPkgX64.dsc'], 'X64');
  });

  it('platforms of a technology added under signatures', () => {
    const { config, diagnostics } = load(
      'ccguard.config.yaml',
      lines(
        'signatures:',
        '  technologies:',
        '    - id: cove',
        '      directories: [OvmfPkg/RiscVVirt/Cove]',
      ),
      { 'OvmfPkg/RiscVVirt/Cove/CoveVirt.dsc': '', 'OvmfPkg/RiscVVirt/Cove/Sub/Other.dsc': '' },
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config.platforms.cc.cove, ['OvmfPkg/RiscVVirt/Cove/CoveVirt.dsc']);
  });

  it("exclude: added to the defaults; '!' removes a default", () => {
    const { config } = load(
      'ccguard.config.yaml',
      lines('exclude:', "  - '!**/UnitTest/**'", '  - Vendor/**'),
    );
    assert.deepEqual(config.exclude, [
      ...DEFAULT_EXCLUDES.filter((e) => e !== '**/UnitTest/**'),
      'Vendor/**',
    ]);
  });

  it("exclude: submodules named by the tree's .gitmodules", () => {
    const { config } = loadConfig(
      workspace({
        '.gitmodules': lines(
          '[submodule "x"]',
          '\tpath = MyPkg/Library/Vendored',
          '\turl = https://example.invalid/x',
        ),
      }),
    );
    assert.deepEqual(config.exclude, [...DEFAULT_EXCLUDES, 'MyPkg/Library/Vendored/**']);
  });

  it('resolveConfig builds a config from an object in memory', () => {
    const config = resolveConfig(workspace(), {
      rules: { 'naming/cc-file': 'info' },
      include: ['OvmfPkg/**'],
    });
    assert.equal(config.file, undefined);
    assert.deepEqual(config.rules, { 'naming/cc-file': { severity: 'info' } });
    assert.deepEqual(config.include, ['OvmfPkg/**']);
  });
});

describe('loadConfig: which file', () => {
  it('prefers .json, warns about the others', () => {
    const { config, diagnostics } = loadConfig(
      workspace({ 'ccguard.config.json': '{}', 'ccguard.config.yml': 'baseline: b.json\n' }),
    );
    assert.equal(config.file, 'ccguard.config.json');
    assert.deepEqual(diagnostics.map(show), [
      'ccguard.config.yml:-: warning: ignored: ccguard.config.json is the config in force (keep one config file)',
    ]);
  });

  it('an explicit workspace-relative path', () => {
    const { config, diagnostics } = loadConfig(
      workspace({ 'ci/strict.yaml': 'rules:\n  naming/cc-file: error\n', 'ccguard.config.json': '{}' }),
      './ci/strict.yaml',
    );
    assert.deepEqual(diagnostics, []);
    assert.equal(config.file, 'ci/strict.yaml');
    assert.deepEqual(config.rules, { 'naming/cc-file': { severity: 'error' } });
  });

  it('an explicit file that does not exist is an error', () => {
    const { config, diagnostics } = loadConfig(workspace(), 'ci/missing.yaml');
    assert.deepEqual(diagnostics.map(show), ['ci/missing.yaml:-: error: config file not found']);
    assert.equal(config.file, 'ci/missing.yaml');
  });

  it('an explicit absolute path outside the tree', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-config-'));
    try {
      const file = path.join(dir, 'outside.yaml');
      fs.writeFileSync(file, 'rules:\n  naming/cc-file: 7\n');
      const { diagnostics } = loadConfig(workspace(), file);
      assert.deepEqual(diagnostics.map(show), [
        `${file.split(path.sep).join('/')}:2: error: rules.naming/cc-file must be one of error, warning, info, off, or an object`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

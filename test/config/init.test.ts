import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ConfigExistsError, initConfig, initExamples } from '../../src/config/init.js';
import { loadConfig } from '../../src/config/load.js';
import { validateConfigData } from '../../src/config/validate.js';
import { parseSource } from '../../src/config/yaml-source.js';
import { show, workspace } from './fixture.js';

const KNOWN_RULES = [
  { id: 'platform/one-image' },
  { id: 'isolation/standalone-module' },
  { id: 'naming/cc-file' },
  { id: 'naming/cc-module' },
];

describe('initConfig', () => {
  it('writes a commented YAML config that validates as it is', () => {
    const ws = workspace();
    const { path, text } = initConfig(ws);
    assert.equal(path, 'ccguard.config.yaml');
    assert.match(text, /^# ccguard configuration/);
    const source = parseSource(text);
    assert.deepEqual(source.problems, []);
    assert.deepEqual(validateConfigData(source.data, source), []);
    assert.deepEqual(parse(text), {
      platforms: {
        common: ['OvmfPkg/OvmfPkgX64.dsc'],
        cc: { sev: ['OvmfPkg/AmdSev/AmdSevX64.dsc'], tdx: ['OvmfPkg/IntelTdx/IntelTdxX64.dsc'] },
        siblings: ['OvmfPkg/Microvm/MicrovmX64.dsc', 'ArmVirtPkg/ArmVirtQemu.dsc'],
      },
      features: [
        {
          name: 'sev-dxe',
          cc: 'sev',
          kind: 'basic',
          maturity: 'mature',
          description:
            'SEV DXE set-up: MMIO and non-existent memory mapped unencrypted, SNP memory acceptance, the CC blob table (AmdSevDxe).',
          modules: ['OvmfPkg/AmdSevDxe/AmdSevDxe.inf'],
        },
        {
          name: 'sev-launch-secret',
          cc: 'sev',
          kind: 'advanced',
          maturity: 'mature',
          description:
            'SEV launch secret: memory reserved for the secret injected at launch and its configuration table (SecretPei, SecretDxe).',
          // Only the module of the pair that this tree has.
          modules: ['OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf'],
        },
        {
          name: 'tdx-early-init',
          cc: 'tdx',
          kind: 'basic',
          maturity: 'mature',
          description:
            'TDX SEC/PEI set-up: TD HOB validation, memory acceptance and the TD HOB/CFV measurement HOBs (TdxHelperLib).',
          modules: ['OvmfPkg/IntelTdx/TdxHelperLib/*.inf'],
        },
        {
          name: 'cc-probe',
          cc: 'cc',
          kind: 'basic',
          maturity: 'mature',
          description:
            'Which CC guest type the firmware runs in (CcProbeLib); a Null instance silently disables CC protections.',
          modules: ['OvmfPkg/Library/CcProbeLib/*.inf'],
        },
        {
          name: 'attestation',
          cc: 'cc',
          kind: 'advanced',
          maturity: 'immature',
          description:
            'CC attestation: the spec names it as the example of a feature still under discussion (1.2). No upstream module yet; any OVMF or ArmVirt module with Attestation in its name.',
          modules: ['OvmfPkg/**/*Attestation*.inf'],
        },
      ],
    });
  });

  it('the written config loads without a diagnostic and changes nothing', () => {
    for (const format of ['yaml', 'json'] as const) {
      const before = loadConfig(workspace());
      const { path, text } = initConfig(workspace(), { format });
      const after = loadConfig(workspace({ [path]: text }), undefined, { rules: KNOWN_RULES });
      assert.deepEqual(after.diagnostics.map(show), [], format);
      assert.equal(after.config.file, path);
      assert.deepEqual(after.config.platforms, before.config.platforms, format);
      assert.deepEqual(
        after.config.features.map((f) => [f.name, f.cc, f.kind, f.maturity, f.infs]),
        before.config.features.map((f) => [f.name, f.cc, f.kind, f.maturity, f.infs]),
        format,
      );
    }
  });

  it('a tree without edk2 platforms gets empty roles, still valid', () => {
    const ws = workspace({}, { 'MyPkg/MyPkg.dec': '' });
    const { text } = initConfig(ws);
    const source = parseSource(text);
    assert.deepEqual(validateConfigData(source.data, source), []);
    assert.deepEqual(parse(text), { platforms: { common: [], cc: {}, siblings: [] }, features: [] });
    assert.match(text, /None found: the rules about the common platform stay quiet/);
    assert.match(text, /Built-in features with no module in this tree, in force all the same: attestation\./);
  });

  it('JSON on request', () => {
    const { path, text } = initConfig(workspace(), { format: 'json' });
    assert.equal(path, 'ccguard.config.json');
    const data = JSON.parse(text);
    assert.deepEqual(Object.keys(data), ['platforms', 'features']);
  });

  it('every commented-out example is valid and appears in the text', () => {
    const { text } = initConfig(workspace());
    for (const [name, example] of Object.entries(initExamples())) {
      const source = parseSource(JSON.stringify(example));
      assert.deepEqual(validateConfigData(example, source), [], name);
    }
    assert.match(text, /^# suppressions:\n# {3}- rule: naming\/cc-module\n/m);
    assert.match(text, /^# {5}- id: cove$/m);
    assert.match(text, /^ {2}# reference: OvmfPkg\/OvmfPkgX64.dsc$/m);
  });

  it('every commented-out example loads cleanly on the tree', () => {
    const examples = initExamples();
    const merged = {
      ...examples.rules,
      ...examples.paths,
      ...examples.suppressions,
      ...examples.baseline,
      ...examples.defines,
      ...examples.signatures,
    };
    const ws = workspace({ 'ccguard.config.json': JSON.stringify(merged, null, 2) });
    assert.deepEqual(loadConfig(ws, undefined, { rules: KNOWN_RULES }).diagnostics.map(show), []);
  });
});

describe('initConfig: an existing config', () => {
  it('is not replaced without force', () => {
    const ws = workspace({ 'ccguard.config.json': '{}' });
    assert.throws(
      () => initConfig(ws),
      (e: unknown) =>
        e instanceof ConfigExistsError &&
        e.path === 'ccguard.config.json' &&
        e.message === 'ccguard.config.json already exists; use --force to replace it',
    );
  });

  it('with force, the existing file is the target, in its format', () => {
    const ws = workspace({ 'ccguard.config.yml': 'baseline: b.json\n' });
    const { path, text } = initConfig(ws, { force: true });
    assert.equal(path, 'ccguard.config.yml');
    assert.match(text, /^# ccguard configuration/);
    assert.equal(
      initConfig(workspace({ 'ccguard.config.json': '{}' }), { force: true }).path,
      'ccguard.config.json',
    );
  });

  it('with force, another format is refused (the other file would be ignored)', () => {
    const ws = workspace({ 'ccguard.config.json': '{}' });
    assert.throws(
      () => initConfig(ws, { force: true, format: 'yaml' }),
      /ccguard.config.json already exists in another format; remove it to start a yaml config/,
    );
  });
});

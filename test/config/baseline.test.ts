import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyBaseline, readBaseline, writeBaseline } from '../../src/config/baseline.js';
import { lines, show, workspace } from './fixture.js';

const finding = (ruleId: string, path: string, fingerprint: string, message = `${ruleId} at ${path}`) => ({
  ruleId,
  path,
  fingerprint,
  message,
});

const FINDINGS = [
  finding('naming/cc-module', 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf', 'f-iommu'),
  finding('isolation/inline-cc-logic', 'OvmfPkg/Sec/SecMain.c', 'f-sec-1'),
  finding('isolation/inline-cc-logic', 'OvmfPkg/Sec/SecMain.c', 'f-sec-0'),
  finding('naming/cc-module', 'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf', 'f-secret'),
];

describe('writeBaseline', () => {
  it('writes sorted, stable JSON', () => {
    const text = writeBaseline(FINDINGS, '0.1.0');
    assert.equal(text, writeBaseline([...FINDINGS].reverse(), '0.1.0'));
    const data = JSON.parse(text);
    assert.equal(data.version, 1);
    assert.equal(data.toolVersion, '0.1.0');
    assert.deepEqual(
      data.entries.map((e: { path: string; fingerprint: string }) => `${e.path} ${e.fingerprint}`),
      [
        'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf f-secret',
        'OvmfPkg/IoMmuDxe/IoMmuDxe.inf f-iommu',
        'OvmfPkg/Sec/SecMain.c f-sec-0',
        'OvmfPkg/Sec/SecMain.c f-sec-1',
      ],
    );
    assert.ok(text.endsWith('}\n'));
  });
});

describe('baseline round trip', () => {
  it('a baseline written from the findings baselines all of them', () => {
    const ws = workspace({ 'ccguard.baseline.json': writeBaseline(FINDINGS, '0.1.0') });
    const { baseline, diagnostics } = readBaseline(ws, 'ccguard.baseline.json');
    assert.deepEqual(diagnostics, []);
    assert.ok(baseline);
    const result = applyBaseline(FINDINGS, baseline);
    assert.deepEqual(result.fresh, []);
    assert.deepEqual(result.baselined, FINDINGS);
    assert.deepEqual(result.stale, []);
  });

  it('new findings are fresh, fixed ones stale; lines and messages do not matter', () => {
    const ws = workspace({ 'ccguard.baseline.json': writeBaseline(FINDINGS, '0.0.9') });
    const { baseline } = readBaseline(ws, 'ccguard.baseline.json');
    assert.ok(baseline);
    const now = [
      finding('naming/cc-module', 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf', 'f-iommu', 'reworded message'),
      finding('isolation/inline-cc-logic', 'OvmfPkg/Sec/SecMain.c', 'f-sec-1'),
      finding('isolation/inline-cc-logic', 'OvmfPkg/Sec/SecMain.c', 'f-sec-2'),
      // Same fingerprint under another rule: not the same finding.
      finding('naming/cc-file', 'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf', 'f-secret'),
    ];
    const result = applyBaseline(now, baseline);
    assert.deepEqual(
      result.fresh.map((f) => f.fingerprint),
      ['f-sec-2', 'f-secret'],
    );
    assert.deepEqual(
      result.baselined.map((f) => f.fingerprint),
      ['f-iommu', 'f-sec-1'],
    );
    assert.deepEqual(
      result.stale.map((e) => `${e.ruleId} ${e.fingerprint}`),
      ['naming/cc-module f-secret', 'isolation/inline-cc-logic f-sec-0'],
    );
  });

  it('entries count: a second copy of an accepted finding is fresh', () => {
    const one = [finding('naming/cc-file', 'A/b.c', 'same')];
    const ws = workspace({ 'b.json': writeBaseline(one, '0.1.0') });
    const { baseline } = readBaseline(ws, 'b.json');
    assert.ok(baseline);
    const result = applyBaseline([...one, ...one], baseline);
    assert.equal(result.baselined.length, 1);
    assert.equal(result.fresh.length, 1);
  });
});

describe('readBaseline: bad files', () => {
  const cases: { name: string; text?: string; expected: string[] }[] = [
    {
      name: 'missing file: a warning',
      expected: [
        'ccguard.baseline.json:-: warning: baseline file not found: every finding is reported as new (`ccguard check --update-baseline` writes it)',
      ],
    },
    {
      name: 'not JSON',
      text: lines('{', '  "version": 1', '  "entries": []', '}'),
      expected: ["ccguard.baseline.json:3: error: invalid JSON: Expected ',' or '}' after property value"],
    },
    {
      name: 'another version',
      text: lines('{', '  "version": 2,', '  "toolVersion": "9.0.0",', '  "entries": []', '}'),
      expected: [
        'ccguard.baseline.json:2: error: unsupported baseline version 2; this ccguard reads version 1 (rewrite it with `ccguard check --update-baseline`)',
      ],
    },
    {
      name: 'malformed entries',
      text: lines(
        '{',
        '  "version": 1,',
        '  "toolVersion": "0.1.0",',
        '  "entries": [',
        '    { "ruleId": "naming/cc-file", "path": "a.c", "message": "m" },',
        '    { "ruleId": "naming/cc-file", "path": "a.c", "fingerprint": 5, "message": "m", "line": 3 }',
        '  ]',
        '}',
      ),
      expected: [
        "ccguard.baseline.json:5: error: entries[0] is missing required property 'fingerprint'",
        "ccguard.baseline.json:6: error: entries[1] has unknown property 'line' (known: ruleId, path, fingerprint, message)",
        'ccguard.baseline.json:6: error: entries[1].fingerprint must be a string',
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ws = workspace(c.text === undefined ? {} : { 'ccguard.baseline.json': c.text });
      const { baseline, diagnostics } = readBaseline(ws, 'ccguard.baseline.json');
      assert.equal(baseline, undefined);
      assert.deepEqual(diagnostics.map(show), c.expected);
      assert.ok(diagnostics.every((d) => d.code === 'CCG051'));
    });
  }
});

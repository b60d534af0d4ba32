import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import {
  buildSarif,
  FINGERPRINT_KEY,
  formatSarif,
  pascalCase,
  SARIF_SCHEMA_URI,
  uriReference,
} from '../../src/report/sarif.js';
import { projectFile } from './project-file.js';
import { FINDINGS, RULES, sampleInput } from './sample-input.js';

const schema = JSON.parse(fs.readFileSync(projectFile('test/fixtures/sarif-schema-2.1.0.json'), 'utf8'));

/** RFC 3986 characters: unreserved, reserved, and `%` only as a percent-encoding. */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;

// The official schema declares draft-04. Apart from the schema's own `id` (draft-07 spells it
// `$id`), every keyword it uses means the same in draft-07, Ajv's default dialect: so the test
// renames that one keyword and validates as draft-07. Its formats are checked, not ignored.
const { id: schemaId, $schema: _draft04, ...schemaBody } = schema;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('uri', (s: string) => URI_CHARS.test(s) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s));
ajv.addFormat('uri-reference', (s: string) => URI_CHARS.test(s));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
const validate = ajv.compile({ ...schemaBody, $id: schemaId });

function assertValid(sarifText: string): void {
  const ok = validate(JSON.parse(sarifText));
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
}

// biome-ignore lint/suspicious/noExplicitAny: walking a parsed JSON document
type Json = any;

describe('formatSarif', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    assertValid(formatSarif(sampleInput()));
    assertValid(
      formatSarif(sampleInput({ findings: [], suppressed: [], staleBaseline: [], diagnostics: [] })),
    );
    assertValid(
      formatSarif(sampleInput({ tool: { name: 'ccguard', version: '0.1.0' }, baselined: undefined })),
    );
  });

  it('the schema check catches a broken log (the validator is not vacuous)', () => {
    const doc: Json = JSON.parse(formatSarif(sampleInput()));
    doc.runs[0].results[0].level = 'fatal';
    assert.equal(validate(doc), false);
    const spaced: Json = JSON.parse(formatSarif(sampleInput()));
    spaced.runs[0].results[1].locations[0].physicalLocation.artifactLocation.uri = 'OvmfPkg/My Dir/Weird.c';
    assert.equal(validate(spaced), false);
  });

  it('names the schema, the version and the driver with every rule', () => {
    const log: Json = JSON.parse(formatSarif(sampleInput()));
    assert.equal(log.$schema, SARIF_SCHEMA_URI);
    assert.equal(log.$schema, schemaId);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'ccguard');
    assert.equal(driver.version, '0.1.0');
    assert.equal(driver.informationUri, 'https://example.org/ccguard');
    assert.deepEqual(
      driver.rules.map((r: Json) => [r.id, r.name, r.defaultConfiguration.level]),
      [
        ['isolation/inline-cc-logic', 'IsolationInlineCcLogic', 'warning'],
        ['platform/one-image', 'PlatformOneImage', 'error'],
        ['review/maintainers-coverage', 'ReviewMaintainersCoverage', 'note'],
      ],
    );
    const inline = driver.rules[0];
    assert.equal(inline.shortDescription.text, 'CC logic inline in common code');
    assert.equal(inline.fullDescription.text, RULES[2]!.docs.summary);
    assert.deepEqual(inline.properties.tags, ['confidential-computing', 'isolation', 'spec-3.2.A']);
    assert.deepEqual(driver.rules[2].properties.tags, ['confidential-computing', 'review']);
    for (const part of [
      '**Why.**',
      '**Failing example**',
      '**Passing example**',
      '**How to fix.**',
      'Section 3.2.A',
    ]) {
      assert.ok(inline.help.markdown.includes(part), part);
    }
    assert.ok(inline.help.text.includes('Why: Common code stays readable'));
  });

  it('writes results with relative locations, fingerprints, evidence and the fix', () => {
    const log: Json = JSON.parse(formatSarif(sampleInput()));
    const run = log.runs[0];
    assert.deepEqual(Object.keys(run.originalUriBaseIds), ['SRCROOT']);
    assert.equal(run.originalUriBaseIds.SRCROOT.uri, undefined);
    assert.equal(run.results.length, 6);
    const secMain = run.results.find((r: Json) =>
      r.message.text.startsWith('SEV logic inline in common function SecStartup'),
    );
    assert.deepEqual(secMain, {
      ruleId: 'isolation/inline-cc-logic',
      ruleIndex: 0,
      level: 'warning',
      message: {
        text: 'SEV logic inline in common function SecStartup\n\nFix: Move the SEV lines into SecMainSev.c and call SecStartupSev () from SecStartup.',
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'OvmfPkg/Sec/SecMain.c', uriBaseId: 'SRCROOT' },
            region: { startLine: 8, endLine: 11 },
          },
        },
      ],
      relatedLocations: [
        {
          id: 0,
          physicalLocation: {
            artifactLocation: { uri: 'OvmfPkg/Sec/SecMain.c', uriBaseId: 'SRCROOT' },
            region: { startLine: 8 },
          },
          message: { text: 'calls MemEncryptSevIsEnabled (predicate)' },
        },
        {
          id: 1,
          physicalLocation: {
            artifactLocation: { uri: 'OvmfPkg/Sec/SecMain.c', uriBaseId: 'SRCROOT' },
            region: { startLine: 9 },
          },
          message: { text: 'writes the GHCB MSR' },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: FINDINGS[2]!.fingerprint },
      properties: {
        cc: 'sev',
        fix: 'Move the SEV lines into SecMainSev.c and call SecStartupSev () from SecStartup.',
        evidence: [
          {
            kind: 'code',
            detail: 'calls MemEncryptSevIsEnabled (predicate)',
            path: 'OvmfPkg/Sec/SecMain.c',
            line: 8,
          },
          { kind: 'code', detail: 'writes the GHCB MSR', path: 'OvmfPkg/Sec/SecMain.c', line: 9 },
        ],
      },
    });
    // Every rule index points at its rule; evidence without a path has no related location.
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    const general = run.results.find((r: Json) => r.ruleId === 'review/maintainers-coverage');
    assert.equal(general.level, 'note');
    assert.equal(general.relatedLocations, undefined);
    assert.equal(general.properties.cc, null);
  });

  it('percent-encodes paths and never writes an absolute one', () => {
    const text = formatSarif(sampleInput());
    const log: Json = JSON.parse(text);
    const weird = log.runs[0].results.find((r: Json) => r.message.text.includes('<script>'));
    assert.equal(weird.locations[0].physicalLocation.artifactLocation.uri, 'OvmfPkg/My%20Dir/Weird.c');
    const uris = [...text.matchAll(/"uri": "([^"]*)"/g)].map((m) => m[1]!);
    assert.ok(uris.length > 0);
    for (const u of uris) assert.ok(!u.startsWith('/') && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(u), u);
    assert.equal(uriReference('A:B/c d/e#f%g'), 'A%3AB/c%20d/e%23f%25g');
  });

  it('marks suppressed findings with the suppression reason', () => {
    const log: Json = JSON.parse(formatSarif(sampleInput()));
    const suppressed = log.runs[0].results.filter((r: Json) => r.suppressions);
    assert.equal(suppressed.length, 1);
    assert.deepEqual(suppressed[0].suppressions, [
      { kind: 'external', status: 'accepted', justification: 'Upstream refactor pending <bug 1234>' },
    ]);
    assert.equal(
      suppressed[0].locations[0].physicalLocation.artifactLocation.uri,
      'OvmfPkg/Library/Foo/Foo.c',
    );
  });

  it('reports diagnostics and stale baseline entries as notifications', () => {
    const inv: Json = buildSarif(sampleInput()).runs[0].invocations;
    assert.deepEqual(inv[0].toolExecutionNotifications, [
      {
        level: 'warning',
        message: { text: '$(FOO) used but never defined' },
        descriptor: { id: 'CCG015' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'OvmfPkg/OvmfPkgX64.dsc', uriBaseId: 'SRCROOT' },
              region: { startLine: 30 },
            },
          },
        ],
      },
    ]);
    const stale = inv[0].toolConfigurationNotifications[0];
    assert.deepEqual(stale.associatedRule, { id: 'platform/one-image', index: 1 });
    assert.equal(stale.properties.fingerprint, '0123456789abcdef0123456789abcdef');
  });

  it('is deterministic whatever the input order', () => {
    const reordered = sampleInput({ findings: [...FINDINGS].reverse(), rules: [...RULES].reverse() });
    assert.equal(formatSarif(reordered), formatSarif(sampleInput()));
  });

  it('derives rule names in PascalCase', () => {
    assert.equal(pascalCase('location/basic-in-ovmfpkg'), 'LocationBasicInOvmfpkg');
    assert.equal(pascalCase('naming/cc-module'), 'NamingCcModule');
  });
});

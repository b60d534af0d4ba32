import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { BUILTIN_SIGNATURES } from '../../src/cc/builtin-signatures.js';
import {
  buildSignatureTable,
  SIGNATURE_TABLE_CONFIG_SCHEMA,
  type SignatureTableConfig,
} from '../../src/cc/signatures.js';
import { BUILTIN_TECHNOLOGIES, nameCarriesTag, splitWords } from '../../src/cc/technologies.js';
import { fileNameTags, findTouchpoints } from '../../src/cc/touchpoints.js';
import { DiagnosticCode, DiagnosticSink } from '../../src/diagnostics.js';

const techIds = (text: string, table = buildSignatureTable(), language: 'c' | 'nasm' | 'metadata' = 'c') =>
  findTouchpoints({ path: 'A.c', text, language }, table).map((t) => `${t.technology}:${t.text}`);

describe('built-in signature table', () => {
  const table = buildSignatureTable();

  it('has unique ids of the form <technology>.<kind>.<name>', () => {
    const ids = BUILTIN_SIGNATURES.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const s of BUILTIN_SIGNATURES) assert.ok(s.id.startsWith(`${s.technology}.${s.kind}.`), s.id);
  });

  it('names only known technologies, their sub-modes, and valid patterns', () => {
    const techs = new Map(BUILTIN_TECHNOLOGIES.map((t) => [t.id, t]));
    for (const s of BUILTIN_SIGNATURES) {
      const tech = techs.get(s.technology);
      assert.ok(tech, s.id);
      if (s.subMode !== undefined) assert.ok(tech.subModes.includes(s.subMode), `${s.id} ${s.subMode}`);
      for (const x of s.exclude) assert.doesNotThrow(() => new RegExp(x), s.id);
      const m = s.matcher;
      if (m.type === 'identifier-regex' || m.type === 'code-regex')
        assert.doesNotThrow(() => new RegExp(m.pattern), s.id);
      assert.ok(s.role.length > 0, s.id);
    }
  });

  it('gives each identifier key to one signature, so precedence is never a tie', () => {
    const seen = new Map<string, string>();
    for (const s of BUILTIN_SIGNATURES) {
      const m = s.matcher;
      const key =
        m.type === 'identifier'
          ? `=${m.name}`
          : m.type === 'prefix'
            ? `^${m.prefix}`
            : m.type === 'word'
              ? `~${m.word}`
              : m.type === 'number'
                ? `#${m.value.toLowerCase()}`
                : undefined;
      if (key === undefined) continue;
      assert.equal(seen.get(key), undefined, `${key} in ${s.id} and ${seen.get(key)}`);
      seen.set(key, s.id);
    }
  });

  it('covers all four technologies with predicates (the spec IsSev/IsTdx)', () => {
    for (const tech of ['sev', 'tdx', 'cca', 'cc']) {
      assert.ok(
        table.signatures.some((s) => s.technology === tech && s.predicate),
        tech,
      );
    }
    const sevModes = new Set(
      table.signatures.filter((s) => s.kind === 'predicate' && s.technology === 'sev').map((s) => s.subMode),
    );
    assert.deepEqual([...sevModes].sort(), ['sev', 'sev-es', 'sev-snp', 'svsm']);
  });

  it('encodes the reference rows by kind', () => {
    const kinds = new Set(table.signatures.map((s) => s.kind));
    for (const k of [
      'library-class',
      'function',
      'predicate',
      'pcd',
      'guid',
      'type',
      'macro',
      'msr',
      'cpuid',
    ] as const) {
      assert.ok(kinds.has(k), k);
    }
    for (const k of ['instruction', 'encoding', 'build-macro', 'name-tag'] as const)
      assert.ok(kinds.has(k), k);
  });
});

describe('technology metadata', () => {
  it('lists the CC directories and platforms of edk2', () => {
    const byId = new Map(BUILTIN_TECHNOLOGIES.map((t) => [t.id, t]));
    assert.deepEqual(byId.get('sev')?.directories, ['OvmfPkg/AmdSev']);
    assert.deepEqual(byId.get('tdx')?.platforms, ['OvmfPkg/IntelTdx/IntelTdxX64.dsc']);
    assert.equal(byId.get('cc')?.vendorNeutral, true);
    assert.deepEqual([...byId.keys()], ['sev', 'tdx', 'cca', 'cc']);
  });

  const words: [string, string[]][] = [
    ['SevEsAPBuffer', ['Sev', 'Es', 'AP', 'Buffer']],
    ['MSR_SEV_STATUS', ['MSR', 'SEV', 'STATUS']],
    ['TdTcg2Dxe', ['Td', 'Tcg', '2', 'Dxe']],
    ['TDXLib', ['TDX', 'Lib']],
    ['sevEsResetBlockStart', ['sev', 'Es', 'Reset', 'Block', 'Start']],
    ['Severity', ['Severity']],
  ];
  for (const [name, expected] of words) {
    it(`splits ${name}`, () => assert.deepEqual(splitWords(name), expected));
  }

  it('applies requires and unless to name tags', () => {
    const snp = { words: ['Snp'], requires: ['Sev'] };
    assert.equal(nameCarriesTag(splitWords('SevSnpMsr'), snp), true);
    assert.equal(nameCarriesTag(splitWords('SnpDxe'), snp), false);
    const td = { words: ['Td'], unless: ['Uhci'] };
    assert.equal(nameCarriesTag(splitWords('TdCall'), td), true);
    assert.equal(nameCarriesTag(splitWords('UhciTd'), td), false);
  });
});

describe('buildSignatureTable: config merging', () => {
  const cove: SignatureTableConfig = {
    technologies: [
      {
        id: 'cove',
        displayName: 'RISC-V CoVE',
        nameTags: [{ words: ['Cove'] }],
        directories: ['OvmfPkg/RiscVCove'],
      },
    ],
    signatures: [
      {
        id: 'cove.predicate.CoveIsTvm',
        technology: 'cove',
        kind: 'predicate',
        matcher: { type: 'identifier', name: 'CoveIsTvm' },
        predicate: true,
        role: 'mode check: running as a CoVE TVM',
      },
      {
        id: 'cove.name-tag.word:Cove',
        technology: 'cove',
        kind: 'name-tag',
        matcher: { type: 'word', word: 'Cove' },
      },
      {
        id: 'cove.msr.0x5A5A',
        technology: 'cove',
        kind: 'msr',
        matcher: { type: 'number', value: '0x5A5A' },
      },
      {
        id: 'cove.instruction.ecall',
        technology: 'cove',
        kind: 'instruction',
        matcher: { type: 'code-regex', pattern: '\\becall\\b' },
        languages: ['nasm'],
      },
    ],
  };

  it('adds a technology and its signatures without code changes', () => {
    const sink = new DiagnosticSink();
    const table = buildSignatureTable(cove, { sink });
    assert.deepEqual(sink.all, []);
    assert.equal(table.technologyById.get('cove')?.displayName, 'RISC-V CoVE');
    const tps = findTouchpoints(
      { path: 'X.c', text: 'if (CoveIsTvm ()) { CoveSetup (); x = 0x5a5a; }', language: 'c' },
      table,
    );
    assert.deepEqual(
      tps.map((t) => [t.signatureId, t.text, t.predicate]),
      [
        ['cove.predicate.CoveIsTvm', 'CoveIsTvm', true],
        ['cove.name-tag.word:Cove', 'CoveSetup', false],
        ['cove.msr.0x5A5A', '0x5a5a', false],
      ],
    );
    assert.deepEqual(techIds('  ecall\n', table, 'nasm'), ['cove:ecall']);
    assert.deepEqual(fileNameTags('OvmfPkg/CoveDxe/CoveDxe.c', table), [{ technology: 'cove', tag: 'Cove' }]);
  });

  it('overrides a built-in technology field by field', () => {
    const table = buildSignatureTable({ technologies: [{ id: 'sev', directories: ['Vendor/Sev'] }] });
    const sev = table.technologyById.get('sev')!;
    assert.deepEqual(sev.directories, ['Vendor/Sev']);
    assert.deepEqual(sev.platforms, ['OvmfPkg/AmdSev/AmdSevX64.dsc']);
    assert.equal(sev.displayName, 'AMD SEV (SEV, SEV-ES, SEV-SNP, SVSM)');
  });

  it('replaces a built-in signature with the same id', () => {
    const before = buildSignatureTable().signatureById.get('sev.pcd.PcdGhcbBase');
    assert.equal(before?.weak, true);
    const table = buildSignatureTable({
      signatures: [
        {
          id: 'sev.pcd.PcdGhcbBase',
          technology: 'sev',
          subMode: 'sev-es',
          kind: 'pcd',
          matcher: { type: 'identifier', name: 'PcdGhcbBase' },
          role: 'GHCB pool (vendor tree: SEV-only)',
        },
      ],
    });
    assert.equal(table.signatureById.get('sev.pcd.PcdGhcbBase')?.weak, false);
    assert.equal(table.signatures.length, buildSignatureTable().signatures.length);
  });

  it('lets a config signature win over a built-in one with the same key', () => {
    const table = buildSignatureTable({
      signatures: [
        {
          id: 'cc.function.MyTdHelper',
          technology: 'cc',
          kind: 'function',
          matcher: { type: 'identifier', name: 'TdCall' },
        },
      ],
    });
    assert.deepEqual(techIds('TdCall ();', table), ['cc:TdCall']);
  });

  it('disables signatures by id and by prefix', () => {
    const one = buildSignatureTable({ disable: ['tdx.predicate.TdIsEnabled'] });
    assert.equal(one.signatureById.has('tdx.predicate.TdIsEnabled'), false);
    // Still a TDX touchpoint, now through the weaker Td prefix.
    assert.deepEqual(
      findTouchpoints({ path: 'a.c', text: 'TdIsEnabled ()', language: 'c' }, one).map((t) => t.signatureId),
      ['tdx.function.Td*'],
    );
    const all = buildSignatureTable({ disable: ['sev.pcd.*'] });
    assert.equal(
      all.signatures.some((s) => s.id.startsWith('sev.pcd.')),
      false,
    );
  });

  it('applies extra excludes, globally or per technology', () => {
    const global = buildSignatureTable({ excludes: [{ pattern: 'SevLegacyThing' }] });
    assert.deepEqual(techIds('SevLegacyThing (); SevOther ();', global), ['sev:SevOther']);
    const tdxOnly = buildSignatureTable({ excludes: [{ pattern: 'Td\\w+', technology: 'tdx' }] });
    assert.deepEqual(techIds('TdCall (); SevOther ();', tdxOnly), ['sev:SevOther']);
  });

  const bad: [string, unknown][] = [
    [
      'unknown technology',
      {
        signatures: [
          {
            id: 'x.function.A',
            technology: 'x',
            kind: 'function',
            matcher: { type: 'identifier', name: 'A' },
          },
        ],
      },
    ],
    [
      'sub-mode of another technology',
      {
        signatures: [
          {
            id: 'tdx.function.A',
            technology: 'tdx',
            subMode: 'sev-es',
            kind: 'function',
            matcher: { type: 'identifier', name: 'A' },
          },
        ],
      },
    ],
    [
      'unknown kind',
      {
        signatures: [
          { id: 'sev.thing.A', technology: 'sev', kind: 'thing', matcher: { type: 'identifier', name: 'A' } },
        ],
      },
    ],
    [
      'regex that does not compile',
      {
        signatures: [
          {
            id: 'sev.macro.A',
            technology: 'sev',
            kind: 'macro',
            matcher: { type: 'code-regex', pattern: '(' },
          },
        ],
      },
    ],
    [
      'identifier regex without anchors',
      {
        signatures: [
          {
            id: 'sev.macro.A',
            technology: 'sev',
            kind: 'macro',
            matcher: { type: 'identifier-regex', pattern: 'A+' },
          },
        ],
      },
    ],
    [
      'number not in hex',
      {
        signatures: [
          { id: 'sev.msr.A', technology: 'sev', kind: 'msr', matcher: { type: 'number', value: '42' } },
        ],
      },
    ],
    [
      'bad id',
      {
        signatures: [
          { id: 'no dots', technology: 'sev', kind: 'macro', matcher: { type: 'identifier', name: 'A' } },
        ],
      },
    ],
    ['disable of an unknown id', { disable: ['sev.function.NoSuchThing'] }],
    ['bad exclude', { excludes: [{ pattern: '[' }] }],
    ['technology without id', { technologies: [{ displayName: 'x' }] }],
    ['name tag without words', { technologies: [{ id: 'cove', nameTags: [{ requires: ['X'] }] }] }],
    ['null entries', { signatures: [null], technologies: [null], excludes: [null] }],
  ];
  for (const [label, config] of bad) {
    it(`reports and skips: ${label}`, () => {
      const sink = new DiagnosticSink();
      const table = buildSignatureTable(config as SignatureTableConfig, {
        sink,
        configFile: 'ccguard.config.json',
      });
      assert.ok(sink.all.length > 0);
      for (const d of sink.all) {
        assert.equal(d.code, DiagnosticCode.ConfigInvalid);
        assert.equal(d.file, 'ccguard.config.json');
      }
      assert.ok(table.signatures.length >= buildSignatureTable().signatures.length - 1);
    });
  }
});

describe('SIGNATURE_TABLE_CONFIG_SCHEMA', () => {
  const validate = new Ajv({ strict: true, strictRequired: false, strictTypes: false }).compile(
    SIGNATURE_TABLE_CONFIG_SCHEMA,
  );

  it('accepts a config that adds a technology', () => {
    assert.equal(
      validate({ technologies: [{ id: 'cove', nameTags: [{ words: ['Cove'] }] }], disable: ['sev.pcd.*'] }),
      true,
    );
  });

  it('rejects a matcher of an unknown type and an unknown top-level key', () => {
    assert.equal(
      validate({
        signatures: [{ id: 'sev.macro.A', technology: 'sev', kind: 'macro', matcher: { type: 'glob' } }],
      }),
      false,
    );
    assert.equal(validate({ signature: [] }), false);
  });

  it('is plain JSON', () => {
    assert.deepEqual(
      JSON.parse(JSON.stringify(SIGNATURE_TABLE_CONFIG_SCHEMA)),
      SIGNATURE_TABLE_CONFIG_SCHEMA,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type ExprContext,
  type ExprResult,
  type ExprValue,
  evaluateExpression,
  formatExprValue,
  isDefinedTest,
  isTruthy,
} from '../../src/metadata/expression.js';

/** A context over plain tables; PCDs are keyed `TokenSpace.Name`, a bare name matches one entry. */
function context(macros: Record<string, string> = {}, pcds: Record<string, string> = {}): ExprContext {
  return {
    macro: (name) => (Object.hasOwn(macros, name) ? macros[name] : undefined),
    pcd: (tokenSpace, name) => {
      if (tokenSpace !== undefined) {
        const key = `${tokenSpace}.${name}`;
        return Object.hasOwn(pcds, key) ? pcds[key] : undefined;
      }
      const hits = Object.keys(pcds).filter((k) => k.endsWith(`.${name}`));
      return hits.length === 1 ? pcds[hits[0]!] : undefined;
    },
  };
}

const NONE = context();

function value(text: string, ctx: ExprContext = NONE, mode?: 'condition' | 'value'): ExprValue {
  const r = evaluateExpression(text, ctx, mode ? { mode } : {});
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.error}`);
  return r.value;
}

function truth(text: string, ctx: ExprContext = NONE): boolean {
  return isTruthy(value(text, ctx));
}

function failure(text: string, ctx: ExprContext = NONE): string {
  const r = evaluateExpression(text, ctx);
  assert.ok(!r.ok, `${text} should fail but gave ${r.ok ? String(r.value) : ''}`);
  return r.error;
}

describe('evaluateExpression: literals', () => {
  const table: [string, ExprValue][] = [
    ['0', 0n],
    ['42', 42n],
    ['010', 10n],
    ['0x1F', 31n],
    ['0X1f', 31n],
    ['1_000', 1000n],
    ['0xFFFFFFFFFFFFFFFF', 0xffffffffffffffffn],
    ['TRUE', true],
    ['True', true],
    ['true', true],
    ['FALSE', false],
    ['False', false],
    ['false', false],
    ['"X64"', 'X64'],
    ['""', ''],
    ['L"Uni"', 'L"Uni"'],
    ["'c'", "'c'"],
    ["L'c'", "L'c'"],
    ['DEBUG', 'DEBUG'],
    ['"a\\"b"', 'a\\"b'],
    ['{0x1, 0X02}', '{0x1,0x02}'],
    [
      '8be4df61-93ca-11d2-aa0d-00e098032b8c',
      '{0x8be4df61,0x93ca,0x11d2,{0xaa,0x0d,0x00,0xe0,0x98,0x03,0x2b,0x8c}}',
    ],
    ['UINT16(0x1234)', 0x1234n],
    ['(((7)))', 7n],
  ];
  for (const [text, expected] of table) {
    it(`${text} → ${String(expected)}`, () => assert.equal(value(text), expected));
  }
});

describe('evaluateExpression: operators and precedence as BaseTools has them', () => {
  const table: [string, ExprValue][] = [
    ['1 < 2', true],
    ['2 < 1', false],
    ['1 > 2', false],
    ['2 LT 3', true],
    ['3 GT 2', true],
    ['2 <= 2', true],
    ['2 LE 1', false],
    ['3 >= 4', false],
    ['4 GE 4', true],
    ['5 == 5', true],
    ['5 EQ 6', false],
    ['5 != 6', true],
    ['5 NE 5', false],
    ['1 + 2 * 3', 7n],
    ['(1 + 2) * 3', 9n],
    ['10 - 4 - 3', 3n],
    ['7 / 2', 3n],
    ['7 % 4', 3n],
    ['1 << 4', 16n],
    ['0x100 >> 4', 16n],
    ['1 << 2 + 1', 8n],
    ['6 & 3', 2n],
    ['6 | 3', 7n],
    ['6 ^ 3', 5n],
    ['6 XOR 3', 5n],
    ['1 | 2 ^ 3 & 1', 3n],
    ['~0', -1n],
    ['2 - 5', -3n],
    ['0 - 7 / 2', -3n],
    ['(0 - 7) / 2', -4n],
    ['(0 - 7) % 3', 2n],
    ['!TRUE', false],
    ['NOT FALSE', true],
    ['not 0', true],
    ['!!5', true],
    ['TRUE && FALSE', false],
    ['TRUE AND TRUE', true],
    ['TRUE and 0', false],
    ['FALSE || TRUE', true],
    ['FALSE OR FALSE', false],
    ['0 or 3', true],
    ['TRUE XOR TRUE', false],
    ['TRUE ^ FALSE', true],
    ['TRUE & FALSE', false],
    ['TRUE | 2', 3n],
    ['TRUE == 1', true],
    ['FALSE < 1', true],
    ['1 || 0 && 0', true],
    ['1 == 1 && 2 == 3', false],
    ['6 & 2 == 2', 0n],
    ['TRUE ? 1 : 2', 1n],
    ['FALSE ? 1 : 2', 2n],
    ['1 ? 2 : 3 ? 4 : 5', 4n],
    ['TRUE ? 7', 7n],
    ['"a" < "b"', true],
    ['"abc" < "ab"', false],
    ['"zero" < "three"', false],
    ['"thirty" < "thirty1"', true],
    ['L"a" == L"a"', true],
    ['"X64" IN "IA32 X64"', true],
    ['"X6" in "IA32 X64"', false],
    ['"ARM" NOT IN "IA32 X64"', true],
    ['"X64" not in "X64"', false],
    ['"X64" !in "X64"', false],
    ['{0x1, 0x2} == {0x1,0x2}', true],
  ];
  for (const [text, expected] of table) {
    it(`${text} → ${String(expected)}`, () => assert.equal(value(text), expected));
  }
  it('never reads < as > (a mistake of other tools)', () => {
    assert.equal(value('1 < 2'), true);
    assert.equal(value('2 < 1'), false);
    assert.equal(value('$(KB) < 4096', context({ KB: '2048' })), true);
    assert.equal(value('$(KB) < 4096', context({ KB: '8192' })), false);
  });
});

describe('evaluateExpression: macros', () => {
  const ctx = context({
    SMM_REQUIRE: 'FALSE',
    NET: 'TRUE',
    ARCH: 'IA32 X64',
    TARGET: 'DEBUG',
    TOOL_CHAIN_TAG: 'GCC5',
    MODE: 'ALL',
    SIZE: '0x400',
    EMPTY: '',
    NESTED: '$(SIZE) + 1',
  });
  it('substitutes values as written, so TRUE/FALSE and numbers keep their type', () => {
    assert.equal(value('$(SMM_REQUIRE) == FALSE', ctx), true);
    assert.equal(value('$(SMM_REQUIRE)', ctx), false);
    assert.equal(value('$(NET) == TRUE', ctx), true);
    assert.equal(value('$(SIZE) * 2', ctx), 0x800n);
    assert.equal(value('$(NESTED)', ctx), 0x401n);
  });
  it('quotes TARGET, TOOL_CHAIN_TAG, ARCH and FAMILY, so IN and word comparisons work', () => {
    assert.equal(value('"X64" IN $(ARCH)', ctx), true);
    assert.equal(value('"X64" in "$(ARCH)"', ctx), true);
    assert.equal(value('$(TARGET) == DEBUG', ctx), true);
    assert.equal(value('$(TARGET) == "DEBUG"', ctx), true);
    assert.equal(value('$(TOOL_CHAIN_TAG) != "XCODE5" && $(NET) == TRUE', ctx), true);
  });
  it('compares bare words as strings', () => {
    assert.equal(value('$(MODE) == ALL', ctx), true);
    assert.equal(value('"$(MODE)" == "ALL"', ctx), true);
    assert.equal(value('$(MODE) IN "ALL NONE"', ctx), true);
  });
  it('reads an undefined macro as 0 and reports it', () => {
    const r = evaluateExpression('$(NOPE) == TRUE || "$(NOPE2)" == "0"', ctx);
    assert.deepEqual(r, { ok: true, value: true, undefinedMacros: ['NOPE', 'NOPE2'] });
    assert.equal(value('$(NOPE)', ctx), 0n);
  });
  it('gives a blank macro the value ""', () => {
    assert.equal(value('$(EMPTY) == ""', ctx), true);
  });
  it('allows only TARGET, TOOL_CHAIN_TAG, ARCH and FAMILY after IN', () => {
    assert.match(failure('"ALL" IN $(MODE)', ctx), /may follow IN/);
  });
  it('rejects a macro value that puts blanks at the ends of the expression, as BaseTools does', () => {
    assert.match(failure('$(X)', context({ X: 'TRUE ' })), /blanks/);
  });
  it('stops on a macro that refers to itself', () => {
    assert.match(failure('$(LOOP)', context({ LOOP: '$(LOOP)' })), /does not end/);
  });
});

describe('evaluateExpression: PCDs', () => {
  const ctx = context(
    {},
    {
      'gUefiOvmfPkgTokenSpaceGuid.PcdSmmSmramRequire': 'TRUE',
      'gTok.PcdSize': '0x1000',
      'gTok.PcdTwice': 'gTok.PcdSize * 2',
      'gTok.PcdName': '"Ovmf"',
      'gTok.PcdSelf': 'gTok.PcdSelf',
    },
  );
  it('reads TokenSpaceGuid.PcdName and evaluates its value', () => {
    assert.equal(value('gUefiOvmfPkgTokenSpaceGuid.PcdSmmSmramRequire == TRUE', ctx), true);
    assert.equal(value('gTok.PcdSize >= 0x800', ctx), true);
    assert.equal(value('gTok.PcdTwice', ctx), 0x2000n);
    assert.equal(value('gTok.PcdName == "Ovmf"', ctx), true);
    assert.equal(value('$(gTok.PcdSize) + 1', ctx), 0x1001n);
  });
  it('also understands a PCD written without its token space, with a warning', () => {
    const r = evaluateExpression('PcdSmmSmramRequire == TRUE', ctx);
    assert.ok(r.ok);
    assert.equal(r.value, true);
    assert.match(r.warnings?.[0] ?? '', /BaseTools compares a bare word as text/);
  });
  it('fails on an unknown PCD and on a PCD cycle', () => {
    assert.match(failure('gTok.PcdMissing == TRUE', ctx), /PCD gTok\.PcdMissing has no value/);
    assert.match(failure('gTok.PcdSelf', ctx), /refers to itself/);
  });
});

describe('evaluateExpression: type rules and warnings', () => {
  it('warns for == / != between a string and a number or boolean, and answers FALSE / TRUE', () => {
    const eq = evaluateExpression('"1" == 1', NONE);
    assert.ok(eq.ok && eq.value === false && eq.warnings?.length === 1);
    const ne = evaluateExpression('TRUE != "TRUE"', NONE);
    assert.ok(ne.ok && ne.value === true && ne.warnings?.length === 1);
  });
  it('warns for booleans in + and -', () => {
    const r = evaluateExpression('TRUE + 1', NONE);
    assert.ok(r.ok && r.value === 2n && r.warnings?.length === 1);
  });
  it('rejects what BaseTools rejects', () => {
    const table: [string, RegExp][] = [
      ['"a" < 1', /cannot compare a string/],
      ['"a" + "b"', /cannot take a string/],
      ['!"a"', /cannot take a string/],
      ['"a" && TRUE', /cannot take a string/],
      ['TRUE * 2', /cannot mix a number and a boolean/],
      ['L"a" == "a"', /L"…" string/],
      ['1 / 0', /division by zero/],
      ['1 % 0', /modulo by zero/],
      ['1 << (0 - 1)', /negative shift/],
      ['UINT8(0x100)', /does not fit/],
      ['FALSE ? 1', /'\?' without ':'/],
      ['1 : 2', /':' without/],
      ['"a" NOT "b"', /IN after NOT/],
    ];
    for (const [text, error] of table) assert.match(failure(text), error, text);
  });
});

describe('evaluateExpression: syntax errors never throw', () => {
  const table: [string, RegExp][] = [
    ['', /empty expression/],
    ['   ', /empty expression/],
    ['(1', /missing '\)'/],
    ['()', /missing '\)'/],
    ['1)', /cannot parse the rest/],
    ['(1 + 2', /missing '\)'/],
    ['1 2', /cannot parse the rest/],
    ['1 +', /ends where an operand is expected/],
    ['1 <> 2', /unsupported operator '<>'/],
    ['1 === 1', /unsupported operator '==='/],
    ['1 = 1', /cannot parse the rest/],
    ['-1', /no unary '-'/],
    ['1 + -1', /no unary '-'/],
    ['"open', /unterminated string/],
    ['$(OPEN', /unterminated macro/],
    ['{}', /expected an operand/],
    ['{0x1, {0x2}}', /malformed array/],
    ['{1, 2}', /hex values/],
    ['@', /expected an operand/],
    ['1 ANDTRUE', /cannot parse the rest/],
  ];
  for (const [text, error] of table) {
    it(JSON.stringify(text), () => assert.match(failure(text), error));
  }
});

describe('evaluateExpression: value mode (SET and PCD values)', () => {
  it('takes a whole-text number, string or array as written', () => {
    assert.equal(value('-1', NONE, 'value'), -1n);
    assert.equal(value('0x10', NONE, 'value'), 16n);
    assert.equal(value('"abc"', NONE, 'value'), 'abc');
    assert.equal(value('{ 0x1, 0x2 }', NONE, 'value'), '{ 0x1, 0x2 }');
  });
  it('evaluates arithmetic', () => {
    assert.equal(value('0x1000 + 0x200', NONE, 'value'), 0x1200n);
    assert.equal(value('$(BASE) + 0x10', context({ BASE: '0xFF000000' }), 'value'), 0xff000010n);
  });
});

describe('formatExprValue', () => {
  it('writes values as BaseTools str() does', () => {
    assert.equal(formatExprValue(16n), '16');
    assert.equal(formatExprValue(true), 'True');
    assert.equal(formatExprValue('abc'), '"abc"');
    assert.equal(formatExprValue(''), '""');
    assert.equal(formatExprValue('L"x"'), 'L"x"');
    assert.equal(formatExprValue('{0x1}'), '{0x1}');
  });
});

describe('isTruthy', () => {
  it('follows BaseTools: any non-empty string is true, even "FALSE"', () => {
    assert.equal(isTruthy(true), true);
    assert.equal(isTruthy(false), false);
    assert.equal(isTruthy(0n), false);
    assert.equal(isTruthy(-1n), true);
    assert.equal(isTruthy(''), false);
    assert.equal(isTruthy('L""'), false);
    assert.equal(isTruthy('FALSE'), true);
    assert.equal(isTruthy('0'), true);
    assert.equal(truth('"FALSE"'), true);
    assert.equal(truth('FALSE'), false);
  });
});

describe('isDefinedTest', () => {
  const ctx = context({ SMM_REQUIRE: 'FALSE', EMPTY: '' }, { 'gTok.PcdA': '1' });
  it('is about definition, not value', () => {
    assert.equal(isDefinedTest('$(SMM_REQUIRE)', ctx), true);
    assert.equal(isDefinedTest('SMM_REQUIRE', ctx), true);
    assert.equal(isDefinedTest('  $(EMPTY) ', ctx), true);
    assert.equal(isDefinedTest('$(NOPE)', ctx), false);
    assert.equal(isDefinedTest('NOPE', ctx), false);
  });
  it('sees PCDs written with their token space only', () => {
    assert.equal(isDefinedTest('gTok.PcdA', ctx), true);
    assert.equal(isDefinedTest('PcdA', ctx), false);
  });
  it('does not throw when the context does', () => {
    const throwing: ExprContext = {
      macro: () => {
        throw new Error('boom');
      },
      pcd: () => undefined,
    };
    assert.equal(isDefinedTest('X', throwing), false);
    const r = evaluateExpression('$(X)', throwing);
    assert.ok(!r.ok && /boom/.test(r.error));
  });
});

describe('evaluateExpression: platform-style conditions', () => {
  // Forms seen in firmware platform descriptions, with plausible settings.
  const ctx = context(
    {
      ARCH: 'IA32 X64',
      TARGET: 'DEBUG',
      TOOL_CHAIN_TAG: 'GCC5',
      FAMILY: 'GCC',
      SMM_REQUIRE: 'FALSE',
      SECURE_BOOT_ENABLE: 'TRUE',
      NETWORK_ENABLE: 'TRUE',
      NETWORK_TLS_ENABLE: 'FALSE',
      NETWORK_HTTP_BOOT_ENABLE: 'FALSE',
      SOURCE_DEBUG_ENABLE: 'FALSE',
      TPM2_ENABLE: 'TRUE',
      CC_MEASUREMENT_ENABLE: 'TRUE',
      FD_SIZE_IN_KB: '4096',
      FD_SIZE_IN_MB: '4',
      CRYPTO_SERVICES: 'ALL',
      CRYPTO_IMG_TYPE: 'PEI_DEFAULT',
      TIMER_SUPPORT: 'HPET',
      BOOTLOADER: 'COREBOOT',
      VARIABLE_SUPPORT: 'SMMSTORE',
      CAPSULE_SUPPORT: 'TRUE',
      STACK_CHECK_LIB: 'STATIC',
      PAYLOAD_FORMAT: 'ELF',
      DEBUG_TO_MEM: 'FALSE',
    },
    {
      'gUefiOvmfPkgTokenSpaceGuid.PcdSmmSmramRequire': 'FALSE',
      'gEfiMdeModulePkgTokenSpaceGuid.PcdPciDisableBusEnumeration': 'TRUE',
      'gEfiMdePkgTokenSpaceGuid.PcdPciExpressBaseAddress': '0xE0000000',
    },
  );
  const table: [string, boolean][] = [
    ['$(SMM_REQUIRE) == FALSE', true],
    ['$(SMM_REQUIRE)', false],
    ['!$(SMM_REQUIRE)', true],
    ['$(SMM_REQUIRE) == TRUE', false],
    ['$(NETWORK_ENABLE) == TRUE', true],
    ['$(NETWORK_ENABLE)', true],
    ['$(SECURE_BOOT_ENABLE) == TRUE || $(NETWORK_ENABLE) == TRUE', true],
    ['$(NETWORK_TLS_ENABLE) == FALSE', true],
    ['$(NETWORK_ENABLE) == TRUE && $(NETWORK_TLS_ENABLE) == TRUE', false],
    ['($(NETWORK_TLS_ENABLE) == FALSE) AND ($(NETWORK_HTTP_BOOT_ENABLE) == FALSE)', true],
    ['($(NETWORK_HTTP_BOOT_ENABLE) == TRUE) OR ($(NETWORK_TLS_ENABLE) == TRUE)', false],
    ['$(TOOL_CHAIN_TAG) != "XCODE5" && $(SOURCE_DEBUG_ENABLE) == TRUE', false],
    ['$(TOOL_CHAIN_TAG) != "XCODE5" && $(TOOL_CHAIN_TAG) != "CLANGPDB"', true],
    ['"$(FAMILY)" == "MSFT" || "$(TOOL_CHAIN_TAG)" == "CLANGPDB"', false],
    ['$(TOOL_CHAIN_TAG) == VS2019 or $(TOOL_CHAIN_TAG) == VS2022', false],
    ['$(TOOL_CHAIN_TAG) in "GCC5 GCCNOLTO"', true],
    ['"XCODE5" not in $(TOOL_CHAIN_TAG)', true],
    ['$(ARCH) == "X64"', false],
    ['"X64" IN "$(ARCH)"', true],
    ['"IA32" in $(ARCH) || "X64" in $(ARCH)', true],
    ['"AARCH64" IN "$(ARCH)"', false],
    ['$(TARGET) == DEBUG', true],
    ['$(TARGET) != RELEASE', true],
    ['$(TARGET) == "NOOPT"', false],
    ['($(TARGET) == DEBUG || $(DEBUG_TO_MEM) == TRUE)', true],
    ['$(FD_SIZE_IN_KB) == 4096', true],
    ['$(FD_SIZE_IN_KB) < 4096', false],
    ['($(FD_SIZE_IN_KB) == 1024) || ($(FD_SIZE_IN_KB) == 2048)', false],
    ['$(FD_SIZE_IN_MB) == 2', false],
    ['$(CRYPTO_SERVICES) == ALL', true],
    ['"$(CRYPTO_SERVICES)" == "NONE"', false],
    ['$(CRYPTO_SERVICES) IN "ALL NONE MIN_PEI"', true],
    ['$(CRYPTO_IMG_TYPE) IN "PEI_DEFAULT PEI_PREMEM"', true],
    ['$(TIMER_SUPPORT) == "HPET"', true],
    ['$(VARIABLE_SUPPORT) == "SPI" || $(VARIABLE_SUPPORT) == "SMMSTORE"', true],
    ['$(VARIABLE_SUPPORT) == "EMU" || ($(CAPSULE_SUPPORT) && $(BOOTLOADER) == "COREBOOT")', true],
    ['$(STACK_CHECK_LIB) == DYNAMIC', false],
    ['$(PAYLOAD_FORMAT) == "ELF"', true],
    ['$(TPM2_ENABLE) == TRUE || $(CC_MEASUREMENT_ENABLE) == TRUE', true],
    ['$(SECURE_BOOT_ENABLE) == TRUE && $(SMM_REQUIRE) == FALSE', true],
    ['$(UNDEFINED_OPTION)', false],
    ['$(UNDEFINED_OPTION) == TRUE', false],
    ['gUefiOvmfPkgTokenSpaceGuid.PcdSmmSmramRequire == TRUE', false],
    ['gEfiMdeModulePkgTokenSpaceGuid.PcdPciDisableBusEnumeration', true],
    ['gEfiMdePkgTokenSpaceGuid.PcdPciExpressBaseAddress >= 0xB0000000', true],
    ['$(SMM_REQUIRE) == TRUE ? FALSE : TRUE', true],
  ];
  for (const [text, expected] of table) {
    it(`${text} → ${expected}`, () => {
      const r = evaluateExpression(text, ctx);
      assert.ok(r.ok, `${text}: ${r.ok ? '' : r.error}`);
      assert.equal(isTruthy(r.value), expected);
      assert.equal(r.warnings, undefined, `${text}: ${r.warnings?.join('; ')}`);
    });
  }
});

describe('evaluateExpression: properties', () => {
  const nonNegative = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
  const small = fc.bigInt({ min: 0n, max: 1n << 20n });
  const positive = fc.bigInt({ min: 1n, max: 1n << 32n });
  const written = (n: bigint, hex: boolean) => (hex ? `0x${n.toString(16)}` : n.toString());
  const numeral = fc.tuple(nonNegative, fc.boolean()).map(([n, hex]) => ({ n, text: written(n, hex) }));
  const smallNumeral = fc.tuple(small, fc.boolean()).map(([n, hex]) => ({ n, text: written(n, hex) }));
  const floorDiv = (x: bigint, y: bigint) => {
    const q = x / y;
    return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
  };

  it('orders numbers as JS does', () => {
    fc.assert(
      fc.property(numeral, numeral, (a, b) => {
        assert.equal(value(`${a.text} < ${b.text}`), a.n < b.n);
        assert.equal(value(`${a.text} LT ${b.text}`), a.n < b.n);
        assert.equal(value(`${a.text} > ${b.text}`), a.n > b.n);
        assert.equal(value(`${a.text} <= ${b.text}`), a.n <= b.n);
        assert.equal(value(`${a.text} >= ${b.text}`), a.n >= b.n);
      }),
    );
  });

  it('!(a == b) equals a != b', () => {
    fc.assert(
      fc.property(numeral, numeral, (a, b) => {
        assert.equal(value(`!(${a.text} == ${b.text})`), value(`${a.text} != ${b.text}`));
        assert.equal(value(`NOT (${a.text} EQ ${b.text})`), value(`${a.text} NE ${b.text}`));
      }),
    );
  });

  it('gives * and / precedence over + and -, and - associates left', () => {
    fc.assert(
      fc.property(smallNumeral, smallNumeral, smallNumeral, positive, (a, b, c, d) => {
        assert.equal(value(`${a.text} + ${b.text} * ${c.text}`), a.n + b.n * c.n);
        assert.equal(value(`${a.text} - ${b.text} - ${c.text}`), a.n - b.n - c.n);
        assert.equal(value(`${a.text} * ${b.text} / ${d}`), floorDiv(a.n * b.n, d));
        assert.equal(value(`${a.text} - ${b.text} % ${d}`), a.n - (b.n % d));
      }),
    );
  });

  it('ranks bitwise operators and shifts as C does', () => {
    const shift = fc.bigInt({ min: 0n, max: 70n });
    fc.assert(
      fc.property(nonNegative, nonNegative, nonNegative, shift, (a, b, c, s) => {
        assert.equal(value(`${a} | ${b} ^ ${c} & ${a}`), a | (b ^ (c & a)));
        assert.equal(value(`${a} << ${s} + 1`), a << (s + 1n));
        assert.equal(value(`${a} >> ${s}`), a >> s);
        // == binds tighter than &: a & (b == b) is a & 1.
        assert.equal(value(`${a} & ${b} == ${b}`), a & 1n);
      }),
    );
  });

  it('treats word and symbol spellings of logical operators alike', () => {
    const word = fc.constantFrom('TRUE', 'FALSE', 'True', 'false', '0', '1', '0x0', '0x2');
    fc.assert(
      fc.property(word, word, (x, y) => {
        assert.equal(value(`${x} AND ${y}`), value(`${x} && ${y}`));
        assert.equal(value(`${x} and ${y}`), value(`${x} && ${y}`));
        assert.equal(value(`${x} OR ${y}`), value(`${x} || ${y}`));
        assert.equal(value(`${x} or ${y}`), value(`${x} || ${y}`));
        assert.equal(value(`NOT ${x}`), value(`!${x}`));
        assert.equal(value(`${x} XOR ${y}`), value(`${x} ^ ${y}`));
        assert.equal(value(`${x} && ${y}`), isTruthy(value(x)) && isTruthy(value(y)));
      }),
    );
  });

  it('gives the same value with a macro as with its text written in place', () => {
    const literal = fc.constantFrom('TRUE', 'FALSE', '0', '7', '0x20', '"X64"', '"a b"', 'DEBUG', 'L"u"');
    // Not IN: BaseTools allows only $(ARCH)-like macros after it.
    const op = fc.constantFrom('==', '!=', '&&', '||', '<', '+', '|', 'AND', 'EQ', '>=');
    fc.assert(
      fc.property(fc.array(fc.tuple(literal, op), { minLength: 1, maxLength: 5 }), literal, (pairs, last) => {
        const macros: Record<string, string> = {};
        let plain = '';
        let viaMacros = '';
        pairs.forEach(([lit, o], i) => {
          macros[`M${i}`] = lit;
          plain += `${lit} ${o} `;
          viaMacros += `$(M${i}) ${o} `;
        });
        plain += last;
        viaMacros += last;
        const direct = evaluateExpression(plain, NONE);
        const expanded = evaluateExpression(viaMacros, context(macros));
        assert.deepEqual(expanded, direct, `${plain} vs ${viaMacros}`);
      }),
    );
  });

  it('never throws on arbitrary text and always explains a failure', () => {
    const pieces = fc.constantFrom(
      ...'()"\'{}$!~<>=&|^+-*/%?:,.0123456789abcxLTRUEFALSE \t\\'.split(''),
      '$(',
      ')',
      'AND',
      'NOT',
      'IN',
      'UINT8(',
      '0x',
      'gTok.PcdX',
      '8be4df61-93ca-11d2-aa0d-00e098032b8c',
    );
    const garbage = fc.oneof(
      fc.string(),
      fc.array(pieces, { maxLength: 30 }).map((p) => p.join('')),
    );
    const ctx = context({ X: 'TRUE', ARCH: 'X64', L: '$(L)' }, { 'gTok.PcdX': '1 +' });
    fc.assert(
      fc.property(garbage, fc.constantFrom<'condition' | 'value'>('condition', 'value'), (text, mode) => {
        let r: ExprResult | undefined;
        assert.doesNotThrow(() => {
          r = evaluateExpression(text, ctx, { mode });
        });
        assert.ok(r);
        if (r.ok) assert.ok(['boolean', 'bigint', 'string'].includes(typeof r.value));
        else assert.ok(r.error.length > 0);
        assert.doesNotThrow(() => isDefinedTest(text, ctx));
      }),
      { numRuns: 2000 },
    );
  });
});

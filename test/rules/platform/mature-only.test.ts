import { matureOnly } from '../../../src/rules/platform/mature-only.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { BASE_LIBRARIES, BASE_TREE, dsc, fdf, inf, lineOf } from './fixture-tree.js';

const COMMON = 'OvmfPkg/OvmfPkgX64.dsc';
const TDX = 'OvmfPkg/IntelTdx/IntelTdxX64.dsc';
const ATTESTATION = 'OvmfPkg/IntelTdx/TdAttestationDxe/TdAttestationDxe.inf';

const TREE = {
  ...BASE_TREE,
  [ATTESTATION]: inf({ name: 'TdAttestationDxe', uses: ['TdxLib'] }),
  'OvmfPkg/Library/QuoteLib/QuoteLib.inf': inf({ name: 'QuoteLib', libraryClass: 'QuoteLib' }),
  'OvmfPkg/QuoteDxe/QuoteDxe.inf': inf({ name: 'QuoteDxe', uses: ['QuoteLib'] }),
};

const components = (...infs: string[]) => ['[Components]', ...infs.map((i) => `  ${i}`)].join('\n');

const COMMON_WITH_ATTESTATION = dsc({
  name: 'Ovmf',
  fdf: 'OvmfPkg/OvmfPkgX64.fdf',
  body: [BASE_LIBRARIES, components('OvmfPkg/TdxDxe/TdxDxe.inf', ATTESTATION)].join('\n'),
});
const COMMON_FDF = fdf({ DXEFV: ['OvmfPkg/TdxDxe/TdxDxe.inf', ATTESTATION] });

/** A feature the config declares immature, made of a library: the mapping line is the finding. */
const QUOTE_CONFIG = JSON.stringify({
  features: [
    {
      name: 'td-quote',
      cc: 'tdx',
      kind: 'advanced',
      maturity: 'immature',
      modules: ['OvmfPkg/Library/QuoteLib/QuoteLib.inf'],
    },
  ],
});
const COMMON_WITH_QUOTE = dsc({
  name: 'Ovmf',
  body: [
    BASE_LIBRARIES,
    '  QuoteLib|OvmfPkg/Library/QuoteLib/QuoteLib.inf',
    components('OvmfPkg/QuoteDxe/QuoteDxe.inf'),
  ].join('\n'),
});

ruleCases(matureOnly, {
  valid: [
    {
      name: 'the immature attestation driver is built by the TDX platform only',
      files: {
        ...TREE,
        [COMMON]: dsc({
          name: 'Ovmf',
          body: [BASE_LIBRARIES, components('OvmfPkg/TdxDxe/TdxDxe.inf')].join('\n'),
        }),
        [TDX]: dsc({
          name: 'IntelTdxX64',
          body: [BASE_LIBRARIES, components('OvmfPkg/TdxDxe/TdxDxe.inf', ATTESTATION)].join('\n'),
        }),
      },
    },
    {
      name: 'a config that declares attestation mature lets the common platform carry it',
      files: {
        ...TREE,
        'ccguard.config.json': JSON.stringify({
          features: [
            {
              name: 'attestation',
              cc: 'cc',
              kind: 'advanced',
              maturity: 'mature',
              modules: ['OvmfPkg/**/*Attestation*.inf'],
            },
          ],
        }),
        [COMMON]: COMMON_WITH_ATTESTATION,
        'OvmfPkg/OvmfPkgX64.fdf': COMMON_FDF,
      },
    },
    {
      name: 'an immature library mapped but linked by no module is not in the image',
      files: {
        ...TREE,
        'ccguard.config.json': QUOTE_CONFIG,
        [COMMON]: dsc({
          name: 'Ovmf',
          body: [
            BASE_LIBRARIES,
            '  QuoteLib|OvmfPkg/Library/QuoteLib/QuoteLib.inf',
            components('OvmfPkg/TdxDxe/TdxDxe.inf'),
          ].join('\n'),
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'the common platform builds TdAttestationDxe (built-in registry: attestation is immature); the FDF line is named too',
      files: { ...TREE, [COMMON]: COMMON_WITH_ATTESTATION, 'OvmfPkg/OvmfPkgX64.fdf': COMMON_FDF },
      findings: [
        {
          path: COMMON,
          line: lineOf(COMMON_WITH_ATTESTATION, 'TdAttestationDxe'),
          cc: 'tdx',
          message:
            "OvmfPkgX64, the common platform, holds TdAttestationDxe of the immature feature 'attestation'; also in OvmfPkgX64.fdf:",
        },
      ],
    },
    {
      name: 'a library of a feature the config marks immature, linked into a common driver: the mapping line',
      files: { ...TREE, 'ccguard.config.json': QUOTE_CONFIG, [COMMON]: COMMON_WITH_QUOTE },
      findings: [
        {
          path: COMMON,
          line: lineOf(COMMON_WITH_QUOTE, 'QuoteLib|'),
          cc: 'tdx',
          message:
            "holds QuoteLib of the immature feature 'td-quote'; build it only in a TDX-specific platform",
        },
      ],
    },
  ],
});

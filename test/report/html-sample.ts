/**
 * Inputs for the HTML report tests: a small CC map, and a report whose tree-derived strings —
 * paths, code lines, module and platform names, messages, evidence, the title — all carry HTML and
 * script that must show as text.
 */
import type { MapJson, MapModuleJson, MapSummaryJson } from '../../src/cc/map-report.js';
import type { IsolationLevel } from '../../src/cc/model.js';
import { computeFingerprint } from '../../src/report/fingerprint.js';
import type { ReportInput } from '../../src/report/input.js';
import type { Finding } from '../../src/rules/types.js';
import { RULES, sampleInput } from './sample-input.js';

export const XSS_IMG = '<img src=x onerror=alert(1)>';
export const XSS_DIR = `OvmfPkg/${XSS_IMG}`;
export const XSS_FILE = `${XSS_DIR}/Evil.c`;
export const XSS_INF = `${XSS_DIR}/Evil.inf`;
export const XSS_CODE_LINE = '  SevEvil (); /* </script><script>alert(2)</script> <!-- <b>bold</b> */';
export const XSS_TITLE = '</title><script>alert(3)</script>';

function summary(touchpoints: number, mixed: number, mixedLines: number, modules: number): MapSummaryJson {
  const placement = { A: 0, B: touchpoints - mixed, C: 0, D: 0, glue: 0, declaration: 0, mixed };
  const judged = touchpoints;
  return {
    touchpoints,
    placement,
    isolatedShare: judged === 0 ? 1 : Math.round(((touchpoints - mixed) / judged) * 1000) / 1000,
    mixedLines,
    modules,
  };
}

function mod(inf: string, level: IsolationLevel, touchpoints: number, mixedLines: number): MapModuleJson {
  const file = inf.replace(/\.inf$/, '.c');
  return {
    inf,
    moduleType: 'DXE_DRIVER',
    library: false,
    level,
    basic: level !== 'A',
    platforms: ['OvmfPkg/OvmfPkgX64.dsc'],
    touchpoints,
    mixedLines,
    files: [{ path: file, touchpoints, mixedLines }],
    functions: [{ name: 'EvilInit', path: file, line: 3, endLine: 9, role: 'common', mixedLines }],
    mixedSpots:
      mixedLines > 0
        ? [
            {
              function: 'EvilInit',
              path: file,
              line: 5,
              endLine: 5 + mixedLines - 1,
              lines: mixedLines,
              evidence: [{ kind: 'code', detail: `calls SevEvil ${XSS_IMG}`, path: file, line: 5 }],
            },
          ]
        : [],
    evidence: [{ kind: 'name', detail: `the name carries the Sev tag ${XSS_IMG}` }],
  };
}

export function sampleMap(): MapJson {
  return {
    technologies: [
      {
        id: 'sev',
        name: 'AMD SEV',
        modules: [
          mod('OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'A', 12, 0),
          mod('OvmfPkg/Sec/SecMain.inf', 'mixed', 9, 4),
          mod(XSS_INF, 'mixed', 5, 2),
        ],
        summary: summary(26, 6, 6, 3),
      },
      {
        id: 'tdx',
        name: 'Intel TDX',
        modules: [
          mod('OvmfPkg/Sec/SecMain.inf', 'D', 7, 0),
          mod('MdePkg/Library/TdxLib/TdxLib.inf', 'B', 11, 0),
        ],
        summary: summary(18, 0, 0, 2),
      },
    ],
    platforms: [
      {
        dsc: 'OvmfPkg/OvmfPkgX64.dsc',
        role: 'common',
        arch: 'X64',
        fv: {
          DXEFV: [
            { inf: 'OvmfPkg/AmdSevDxe/AmdSevDxe.inf', cc: ['sev'] },
            { inf: XSS_INF, cc: ['sev'] },
          ],
          SECFV: [{ inf: 'OvmfPkg/Sec/SecMain.inf', cc: ['sev', 'tdx'] }],
        },
      },
      { dsc: `OvmfPkg/${XSS_IMG}.dsc`, role: 'cc', cc: 'sev', arch: 'X64', fv: { '<i>FV</i>': [] } },
    ],
    summary: {
      tree: { sev: summary(26, 6, 6, 3), tdx: summary(18, 0, 0, 2) },
      packages: {
        MdePkg: { tdx: summary(11, 0, 0, 0) },
        OvmfPkg: { sev: summary(26, 6, 6, 0), tdx: summary(7, 0, 0, 0) },
      },
    },
    diagnostics: [],
  };
}

const EVIL_LINES = ['/* evil */', 'VOID', 'EvilInit (VOID)', '{', XSS_CODE_LINE, '}'];

const XSS_FINDING: Finding = {
  ruleId: 'isolation/inline-cc-logic',
  severity: 'warning',
  cc: 'sev',
  path: XSS_FILE,
  line: 5,
  endLine: 5,
  message: `SEV logic inline in ${XSS_IMG} </script><!--`,
  evidence: [{ kind: 'code', detail: `calls SevEvil ${XSS_IMG}`, path: XSS_FILE, line: 5 }],
  fix: `Move it to ${XSS_DIR}/EvilSev.c </script>`,
  key: 'EvilInit',
  fingerprint: computeFingerprint('isolation/inline-cc-logic', 'EvilInit', [XSS_CODE_LINE]),
};

/** The sample report plus one finding, one module and one platform whose strings hold HTML. */
export function xssInput(): ReportInput {
  const base = sampleInput();
  return sampleInput({
    rootLabel: `<script>alert(4)</script>`,
    findings: [...base.findings, XSS_FINDING],
    readLines: (p) => (p === XSS_FILE ? EVIL_LINES : base.readLines(p)),
  });
}

export { RULES };

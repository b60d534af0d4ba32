/**
 * ESLint-style case tables for ccguard rules: each case is a tiny in-memory edk2-like tree; valid
 * cases must produce no finding of the rule, invalid cases exactly the findings listed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import type { AnalysisModel } from '../../src/analysis/model.js';
import { loadConfig } from '../../src/config/load.js';
import { runRules } from '../../src/rules/run.js';
import type { Finding, Rule } from '../../src/rules/types.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

export interface ExpectedFinding {
  readonly path: string;
  readonly line: number;
  readonly endLine?: number;
  readonly cc?: string | null;
  /** A substring the message must contain. */
  readonly message?: string;
  readonly severity?: string;
}

export interface RuleCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  /** `-D` defines for the platforms. */
  readonly defines?: Readonly<Record<string, string>>;
}

export interface InvalidRuleCase extends RuleCase {
  readonly findings: readonly ExpectedFinding[];
}

/** Analyse an in-memory tree (with its ccguard.config.json if it has one). */
export function analyzeFiles(
  files: Readonly<Record<string, string>>,
  defines?: Readonly<Record<string, string>>,
): AnalysisModel {
  const ws = new Workspace([MemorySource.fromStrings('fixture', { ...files })]);
  const { config, diagnostics } = loadConfig(ws);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], 'the fixture config must be valid');
  return analyze(ws, { config, ...(defines ? { defines } : {}) });
}

export function findingsOf(
  rule: Rule,
  files: Readonly<Record<string, string>>,
  defines?: Readonly<Record<string, string>>,
): Finding[] {
  const model = analyzeFiles(files, defines);
  const result = runRules(model, { rules: [rule] });
  assert.deepEqual(
    result.diagnostics.map((d) => d.message),
    [],
    `rule ${rule.meta.id} must not fail`,
  );
  return [...result.findings];
}

function describeFinding(f: Finding): string {
  return `${f.path}:${f.line}-${f.endLine} [${f.cc}] ${f.message}`;
}

export function ruleCases(
  rule: Rule,
  cases: { valid: readonly RuleCase[]; invalid: readonly InvalidRuleCase[] },
): void {
  describe(rule.meta.id, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const found = findingsOf(rule, c.files, c.defines);
        assert.deepEqual(found.map(describeFinding), [], 'expected no findings');
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const found = findingsOf(rule, c.files, c.defines);
        assert.equal(
          found.length,
          c.findings.length,
          `expected ${c.findings.length} findings, got:\n${found.map(describeFinding).join('\n')}`,
        );
        c.findings.forEach((want, i) => {
          const got = found[i]!;
          assert.equal(got.path, want.path, `finding ${i} path`);
          assert.equal(got.line, want.line, `finding ${i} line (${describeFinding(got)})`);
          if (want.endLine !== undefined) assert.equal(got.endLine, want.endLine, `finding ${i} endLine`);
          if (want.cc !== undefined) assert.equal(got.cc, want.cc, `finding ${i} cc`);
          if (want.severity !== undefined) assert.equal(got.severity, want.severity, `finding ${i} severity`);
          if (want.message !== undefined)
            assert.ok(got.message.includes(want.message), `finding ${i} message: ${got.message}`);
          assert.ok(got.evidence.length > 0, 'every finding has evidence');
          assert.ok(got.fix.length > 0, 'every finding has a fix');
        });
      });
    }
  });
}

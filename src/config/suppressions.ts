/**
 * Suppressions: findings accepted on purpose, each with its reason. A suppression names a rule id
 * (or a glob of ids, `naming/*`) and a picomatch glob over the finding's workspace-relative path.
 */
import picomatch from 'picomatch';
import type { Finding } from '../rules/types.js';
import type { SuppressionConfig } from './types.js';

interface CompiledSuppression {
  readonly rule: (id: string) => boolean;
  readonly path: (p: string) => boolean;
}

// Suppression lists live as long as a run; compile each entry once, however many findings.
const compiled = new WeakMap<SuppressionConfig, CompiledSuppression>();

function compile(s: SuppressionConfig): CompiledSuppression {
  let c = compiled.get(s);
  if (c === undefined) {
    c = { rule: picomatch(s.rule), path: picomatch(s.path, { dot: true }) };
    compiled.set(s, c);
  }
  return c;
}

/** The first suppression that covers the finding, or undefined. */
export function isSuppressed(
  finding: Pick<Finding, 'ruleId' | 'path'>,
  suppressions: readonly SuppressionConfig[],
): SuppressionConfig | undefined {
  return suppressions.find((s) => {
    const c = compile(s);
    return c.rule(finding.ruleId) && c.path(finding.path);
  });
}

/** Findings split into those reported and those suppressed (with the suppression that took each). */
export function partitionSuppressed<F extends Pick<Finding, 'ruleId' | 'path'>>(
  findings: readonly F[],
  suppressions: readonly SuppressionConfig[],
): { readonly kept: F[]; readonly suppressed: { readonly finding: F; readonly by: SuppressionConfig }[] } {
  const kept: F[] = [];
  const suppressed: { finding: F; by: SuppressionConfig }[] = [];
  for (const f of findings) {
    const by = isSuppressed(f, suppressions);
    if (by === undefined) kept.push(f);
    else suppressed.push({ finding: f, by });
  }
  return { kept, suppressed };
}

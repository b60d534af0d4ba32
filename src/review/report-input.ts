/** The input every report format takes, from a review: the head tree's findings plus the change. */
import * as path from 'node:path';
import type { ReportInput } from '../report/input.js';
import { ALL_RULES } from '../rules/index.js';
import type { RuleMeta } from '../rules/types.js';
import { CCGUARD_VERSION } from '../version.js';
import type { ReviewResult } from './review.js';

export function reviewReportInput(result: ReviewResult, failOn: ReportInput['failOn']): ReportInput {
  const ws = result.model.ws;
  // Every rule ccguard has, plus any a library caller brought.
  const rules = new Map<string, RuleMeta>(ALL_RULES.map((r) => [r.meta.id, r.meta]));
  for (const r of result.rules) if (!rules.has(r.meta.id)) rules.set(r.meta.id, r.meta);
  return {
    tool: { name: 'ccguard', version: CCGUARD_VERSION },
    rootLabel: path.basename(result.root),
    rules: [...rules.values()],
    findings: result.findings,
    suppressed: result.suppressed,
    diagnostics: result.diagnostics,
    readLines: (p) => ws.read(p)?.lines,
    ...(failOn ? { failOn } : {}),
    review: {
      change: result.change,
      touched: result.touched,
      resolved: result.resolved,
      unchanged: result.unchanged,
    },
  };
}

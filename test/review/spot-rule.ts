/**
 * A test-only rule: every inline CC spot of every common function, keyed by the function's name
 * alone (no path), so that the review's rename handling can be seen through the fingerprint.
 */
import type { Rule } from '../../src/rules/types.js';

export const inlineSpotRule: Rule = {
  meta: {
    id: 'test/inline-spot',
    title: 'Inline CC spot',
    specSection: '—',
    defaultSeverity: 'warning',
    docs: {
      summary: 'Every inline CC spot.',
      what: 'Reports every inline CC spot.',
      why: 'Tests the review.',
      failing: '`if (SevIsEnabled ()) { … }`',
      passing: '`FooSev ();`',
      fix: 'Extract a hook.',
    },
  },
  check(context) {
    for (const file of context.model.cc.files.values()) {
      for (const fn of file.functions) {
        for (const spot of fn.spots) {
          if (spot.style !== 'inline') continue;
          context.report({
            cc: spot.cc,
            path: file.path,
            line: spot.line,
            endLine: spot.endLine,
            message: `inline ${spot.cc} code in ${fn.name}`,
            evidence: [{ kind: 'code', detail: `spot in ${fn.name}`, path: file.path, line: spot.line }],
            fix: 'Extract a hook.',
            key: fn.name,
          });
        }
      }
    }
  },
};

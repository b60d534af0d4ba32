/**
 * A finding's identity across runs, for baselines, `ccguard review` and SARIF's
 * `partialFingerprints`.
 *
 * It hashes the rule id, the rule's stable key (a function name, a module path and class) and the
 * code of the finding's span with whitespace collapsed — and deliberately not the line number or
 * the file path:
 * - lines moved by an edit above the finding keep the fingerprint (no line number);
 * - a file renamed with the same code keeps it, as long as the rule's key does not name the path
 *   (rules about locations put the path in the key, because there the path *is* the finding);
 * - re-indenting or re-wrapping the code keeps it (whitespace runs collapse, blank lines drop);
 * - changing the code of the span changes it, so a review sees the finding as touched.
 * Two findings of one rule with the same key and the same code get the same fingerprint: keys must
 * tell apart whatever a reviewer would call two different problems.
 */
import { createHash } from 'node:crypto';

/** Hex digits kept: 128 bits, far beyond any tree's number of findings. */
const FINGERPRINT_LENGTH = 32;

export function computeFingerprint(ruleId: string, key: string, contentLines?: readonly string[]): string {
  const content = normalizeContent(contentLines ?? []);
  // A JSON array: the three parts cannot run into each other, whatever characters they hold.
  return createHash('sha256')
    .update(JSON.stringify([ruleId, key, content]), 'utf8')
    .digest('hex')
    .slice(0, FINGERPRINT_LENGTH);
}

/** Each line trimmed with inner whitespace runs as one space; blank lines dropped. */
export function normalizeContent(lines: readonly string[]): string {
  return lines
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRuleDoc } from '../../src/cli/rules-command.js';
import { ALL_RULES, ruleById } from '../../src/rules/index.js';

describe('rule registry', () => {
  it('has unique, well-formed ids', () => {
    const ids = ALL_RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z]+\/[a-z0-9-]+$/);
  });

  it('documents every rule completely (what, why, failing, passing, fix, spec section)', () => {
    for (const r of ALL_RULES) {
      const d = r.meta.docs;
      for (const [section, text] of Object.entries({
        summary: d.summary,
        what: d.what,
        why: d.why,
        failing: d.failing,
        passing: d.passing,
        fix: d.fix,
        title: r.meta.title,
        specSection: r.meta.specSection,
      })) {
        assert.ok(typeof text === 'string' && text.trim().length > 0, `${r.meta.id} lacks ${section}`);
      }
      assert.notEqual(
        d.failing.trim(),
        d.passing.trim(),
        `${r.meta.id}: the failing and passing examples differ`,
      );
      assert.ok(['error', 'warning', 'info'].includes(r.meta.defaultSeverity));
    }
  });

  it('prints a rule through `ccguard explain`', () => {
    const first = ALL_RULES[0]!;
    const text = formatRuleDoc(ruleById(first.meta.id)!);
    assert.ok(text.startsWith(`${first.meta.id} — ${first.meta.title}`));
    for (const heading of [
      '## What it does',
      '## Why is this bad?',
      '## Example (fails)',
      '## Use instead (passes)',
      '## How to fix',
    ]) {
      assert.ok(text.includes(heading), heading);
    }
  });
});

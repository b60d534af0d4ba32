import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code, escapeMarkdown, formatMarkdown } from '../../src/report/markdown.js';
import { assertGolden } from './golden.js';
import { FINDINGS, sampleInput } from './sample-input.js';

describe('formatMarkdown', () => {
  it('matches the golden summary', () => {
    assertGolden('sample.md', formatMarkdown(sampleInput()));
  });

  it('links each place to the blob view when a link base is given', () => {
    const out = formatMarkdown(sampleInput(), { linkBase: 'https://github.com/o/r/blob/abc123' });
    assert.ok(
      out.includes(
        '[OvmfPkg/My Dir/Weird.c:5](https://github.com/o/r/blob/abc123/OvmfPkg/My%20Dir/Weird.c#L5)',
      ),
    );
    assert.ok(out.includes('(https://github.com/o/r/blob/abc123/OvmfPkg/Sec/SecMain.c#L8-L11)'));
    assert.ok(
      out.includes(
        '[OvmfPkg/AmdSev/AmdSevX64.dsc](https://github.com/o/r/blob/abc123/OvmfPkg/AmdSev/AmdSevX64.dsc)',
      ),
    );
  });

  it('folds each rule into <details> above collapseAbove findings', () => {
    const out = formatMarkdown(sampleInput(), { collapseAbove: 4 });
    assert.ok(
      out.includes(
        '<details>\n<summary><code>isolation/inline-cc-logic</code> — CC logic inline in common code (3 findings)</summary>\n\n- **warning**',
      ),
    );
    assert.equal((out.match(/<details>/g) ?? []).length, 4);
    assert.ok(!formatMarkdown(sampleInput(), { collapseAbove: 5 }).includes('<summary><code>'));
  });

  it('never lets text from the tree become markup', () => {
    const out = formatMarkdown(sampleInput());
    assert.ok(!out.includes('<script>'));
    assert.ok(!out.includes('<b>'));
    assert.ok(out.includes('\\<script\\>alert("x")\\</script\\> \\& a \\| pipe'));
  });

  it('escapes table cells and code spans', () => {
    const odd = { ...FINDINGS[0]!, cc: 'a|b' };
    const out = formatMarkdown(sampleInput({ findings: [odd] }));
    assert.ok(out.includes('| a\\|b | 0 | 1 | 0 | 1 |'));
    assert.equal(
      escapeMarkdown('*x* _y_ [l](u) <t> `c` ~s~ a|b &amp;\nnext'),
      '\\*x\\* \\_y\\_ \\[l\\](u) \\<t\\> \\`c\\` \\~s\\~ a\\|b \\&amp; next',
    );
    assert.equal(code('a`b'), '``a`b``');
    assert.equal(code('`x'), '`` `x ``');
    assert.equal(code('a|b'), '`a|b`');
    assert.equal(code('a|b', true), '`a\\|b`');
  });

  it('says so when there is nothing to report', () => {
    const out = formatMarkdown(
      sampleInput({ findings: [], suppressed: [], staleBaseline: [], diagnostics: [], baselined: 0 }),
    );
    assert.equal(
      out,
      '## ccguard: no findings in `edk2-demo`\n\n✔ **no findings** · 0 suppressed · 0 baselined · 0 stale baseline entries · 0 diagnostics\n',
    );
  });
});

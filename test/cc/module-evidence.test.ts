/**
 * The first evidence of a shared module's level says what made it C or B, in words a reviewer
 * can check: which file the code is confined to and what that file is named for, or that the
 * module only checks the mode.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from '../helpers/rule-tester.js';
import { entryPoint, platformPei, SEV_FIXUP } from '../rules/isolation/cases.js';
import { cFile } from '../rules/isolation/tree.js';

/** The evidence details of PlatformPei's entry for `cc`. */
function evidenceOf(
  files: Readonly<Record<string, string>>,
  cc: string,
): { level: string; details: string[] } {
  const model = analyzeFiles(platformPei(files));
  const m = model.cc.moduleByInf.get('OvmfPkg/PlatformPei/PlatformPei.inf');
  const t = m?.techs.find((x) => x.cc === cc);
  assert.ok(t, `PlatformPei holds ${cc} code`);
  return { level: t.level, details: t.evidence.map((e) => e.detail) };
}

describe('shared module evidence', () => {
  it('a file named for the technology is the witness of level C, before one named for CC in general', () => {
    const { level, details } = evidenceOf(
      {
        'Platform.c': cFile(entryPoint(['SevPlatformFixup ();', 'CcFifoFixup ();'])),
        // Listed first: CcFifo.c sorts before SevFixup.c.
        'CcFifo.c': cFile(entryPoint(['if (MemEncryptSevIsEnabled ()) {', '  SevFixupFifo ();', '}'])),
        'SevFixup.c': cFile(SEV_FIXUP),
      },
      'sev',
    );
    assert.equal(level, 'C');
    assert.ok(details.includes('sev code confined to SevFixup.c, named for it'), details.join('\n'));
  });

  it('a file named for CC in general says so', () => {
    const { level, details } = evidenceOf(
      {
        'Platform.c': cFile(entryPoint(['CcFifoFixup ();'])),
        'FifoCc.c': cFile(entryPoint(['if (MemEncryptSevIsEnabled ()) {', '  SevFixupFifo ();', '}'])),
      },
      'sev',
    );
    assert.equal(level, 'C');
    assert.ok(details.includes('sev code confined to FifoCc.c, named for CC in general'), details.join('\n'));
  });

  it('a module whose only SEV code is a mode check says that, not "predicate"', () => {
    const { level, details } = evidenceOf(
      { 'Platform.c': cFile(entryPoint(['if (MemEncryptSevIsEnabled ()) {', '  return;', '}'])) },
      'sev',
    );
    assert.equal(level, 'B');
    assert.ok(details.includes('only a mode check in EntryPoint'), details.join('\n'));
  });
});

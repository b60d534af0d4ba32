/**
 * A tiny edk2-like git repository made by the tests in a temp folder: one package with a common
 * platform, one shared module (FooLib, built by the common platform) and its common function
 * `FooInit`, in three commits — no CC code, SEV code written inline in `FooInit`, and the SEV code
 * extracted into `FooSev.c` behind a hook.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const DEC = `[Defines]
  DEC_SPECIFICATION = 0x00010005
  PACKAGE_NAME      = OvmfPkg
  PACKAGE_GUID      = 6C5A1F33-0D34-4C9E-8D2B-1A2B3C4D5E60
  PACKAGE_VERSION   = 0.1

[Includes]
  Include

[LibraryClasses]
  FooLib|Include/Library/FooLib.h
`;

const DSC = `[Defines]
  PLATFORM_NAME           = Ovmf
  PLATFORM_GUID           = 0F7E8A60-2C9B-4B8E-9D0A-6C6B1E5B3A12
  PLATFORM_VERSION        = 0.1
  DSC_SPECIFICATION       = 0x00010005
  OUTPUT_DIRECTORY        = Build/OvmfX64
  SUPPORTED_ARCHITECTURES = X64
  BUILD_TARGETS           = DEBUG
  SKUID_IDENTIFIER        = DEFAULT

[LibraryClasses]
  FooLib|OvmfPkg/Library/FooLib/FooLib.inf

[Components]
  OvmfPkg/FooDxe/FooDxe.inf
`;

function inf(sources: readonly string[]): string {
  return `[Defines]
  INF_VERSION    = 0x00010005
  BASE_NAME      = FooLib
  FILE_GUID      = 2B1F0C3E-5A6D-4E7F-8091-A2B3C4D5E6F7
  MODULE_TYPE    = BASE
  VERSION_STRING = 1.0
  LIBRARY_CLASS  = FooLib

[Sources]
${sources.map((s) => `  ${s}\n`).join('')}
[Packages]
  OvmfPkg/OvmfPkg.dec
`;
}

const DRIVER_INF = `[Defines]
  INF_VERSION    = 0x00010005
  BASE_NAME      = FooDxe
  FILE_GUID      = 3C2A1D4E-6B7F-4A8B-9C0D-B1C2D3E4F5A6
  MODULE_TYPE    = DXE_DRIVER
  VERSION_STRING = 1.0
  ENTRY_POINT    = FooDxeEntry

[Sources]
  FooDxe.c

[Packages]
  OvmfPkg/OvmfPkg.dec

[LibraryClasses]
  FooLib
`;

const DRIVER_C = `#include <Library/FooLib.h>

EFI_STATUS
EFIAPI
FooDxeEntry (
  IN EFI_HANDLE        ImageHandle,
  IN EFI_SYSTEM_TABLE  *SystemTable
  )
{
  FooInit ();
  return EFI_SUCCESS;
}
`;

const HEADER = `#ifndef FOO_LIB_H_
#define FOO_LIB_H_

VOID
FooInit (
  VOID
  );

#endif
`;

/** FooInit with the given lines in the middle of its body. */
export function fooC(middle: readonly string[], extraIncludes: readonly string[] = []): string {
  return [
    '#include <Library/FooLib.h>',
    ...extraIncludes,
    '',
    'STATIC UINTN  mFooCount;',
    '',
    'VOID',
    'FooInit (',
    '  VOID',
    '  )',
    '{',
    '  mFooCount = 0;',
    ...middle,
    '  mFooCount++;',
    '}',
    '',
  ].join('\n');
}

export const INLINE_SEV = [
  '  if (MemEncryptSevEsIsEnabled ()) {',
  '    AsmWriteMsr64 (MSR_SEV_ES_GHCB, mFooGhcbBase);',
  '    AsmVmgExit ();',
  '  }',
];

const FOO_SEV_C = `#include <Library/FooLib.h>
#include <Library/MemEncryptSevLib.h>

/**
  The SEV-ES part of FooInit: called only in an SEV-ES guest.
**/
VOID
FooInitSev (
  VOID
  )
{
  AsmWriteMsr64 (MSR_SEV_ES_GHCB, mFooGhcbBase);
  AsmVmgExit ();
}
`;

/** The files of each commit of the fixture history. */
export const COMMITS = {
  base: {
    'OvmfPkg/OvmfPkg.dec': DEC,
    'OvmfPkg/OvmfPkgX64.dsc': DSC,
    'OvmfPkg/Include/Library/FooLib.h': HEADER,
    'OvmfPkg/Library/FooLib/FooLib.inf': inf(['Foo.c']),
    'OvmfPkg/Library/FooLib/Foo.c': fooC([]),
    'OvmfPkg/FooDxe/FooDxe.inf': DRIVER_INF,
    'OvmfPkg/FooDxe/FooDxe.c': DRIVER_C,
  },
  inline: {
    'OvmfPkg/Library/FooLib/Foo.c': fooC(INLINE_SEV, ['#include <Library/MemEncryptSevLib.h>']),
  },
  extract: {
    'OvmfPkg/Library/FooLib/FooLib.inf': inf(['Foo.c', 'FooSev.c']),
    'OvmfPkg/Library/FooLib/Foo.c': fooC(
      ['  if (MemEncryptSevEsIsEnabled ()) {', '    FooInitSev ();', '  }'],
      ['#include <Library/MemEncryptSevLib.h>'],
    ),
    'OvmfPkg/Library/FooLib/FooSev.c': FOO_SEV_C,
  },
} as const;

export interface FixtureRepo {
  readonly dir: string;
  /** Commit ids by name, in history order. */
  readonly commits: Readonly<Record<keyof typeof COMMITS, string>>;
  git(...args: string[]): string;
  /** Write (or, with null, delete) files of the work tree. */
  write(files: Readonly<Record<string, string | null>>): void;
  /** Check out `rev`, write the files on top, commit them, and return the new commit's id. */
  commitOn(rev: string, files: Readonly<Record<string, string | null>>, subject: string): string;
  /** The text of a work-tree file. */
  read(rel: string): string;
  remove(): void;
}

/** A fresh repository with the three commits; HEAD at `extract`. */
export function makeFixtureRepo(): FixtureRepo {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-review-'));
  const git = (...args: string[]): string =>
    execFileSync(
      'git',
      ['-C', dir, '-c', 'user.name=ccguard test', '-c', 'user.email=test@example.org', ...args],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_DATE: '2021-07-01T00:00:00Z',
          GIT_COMMITTER_DATE: '2021-07-01T00:00:00Z',
        },
      },
    ).trim();
  const write = (files: Readonly<Record<string, string | null>>): void => {
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(dir, rel);
      if (text === null) fs.rmSync(file, { force: true });
      else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
      }
    }
  };
  git('init', '-q', '-b', 'main');
  const commits: Record<string, string> = {};
  const subjects: Record<keyof typeof COMMITS, string> = {
    base: 'OvmfPkg: add FooLib',
    inline: 'OvmfPkg/FooLib: set up the SEV-ES GHCB in FooInit',
    extract: 'OvmfPkg/FooLib: move SEV code into FooSev.c',
  };
  for (const name of Object.keys(COMMITS) as (keyof typeof COMMITS)[]) {
    write(COMMITS[name]);
    git('add', '-A');
    git('commit', '-q', '-m', subjects[name]);
    commits[name] = git('rev-parse', 'HEAD');
  }
  return {
    dir,
    commits: commits as Record<keyof typeof COMMITS, string>,
    git,
    write,
    commitOn: (rev, files, subject) => {
      git('checkout', '-q', '--detach', rev);
      write(files);
      git('add', '-A');
      git('commit', '-q', '-m', subject);
      return git('rev-parse', 'HEAD');
    },
    read: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Facts about one C file (.c/.h) of an EDK II tree: its functions with their spans, calls,
 * `if`/`switch` chains and identifiers, its `#include`s, `#define`s and `#if` groups.
 *
 * Computed by a purpose-built scan rather than a C grammar: EDK II code is full of macros a
 * grammar cannot know (EFIAPI, IN/OUT, DEBUG ((…)), list-walking macros that take a body, `#if`
 * branches that split braces), so the scan relies only on what survives them all — comments,
 * literals, preprocessor lines, and the nesting of braces and parentheses — and reads statements
 * just far enough to find conditions, branches, calls and early exits. On the whole edk2 tree
 * tree-sitter-c leaves ERROR nodes in 8% of the files even with EDK II's macros blanked, while
 * this scan finds every function it finds in the other 92% (same name, first and last line) at
 * a tenth of its cost.
 *
 * The scan runs in passes over one token buffer: tokens, with identifiers interned on the way
 * (c-lexer.ts, c-identifiers.ts); preprocessor facts and a per-token decision of which `#if`
 * branches to follow (c-directives.ts); functions, statements and conditionals
 * (c-structure.ts); identifier uses and calls (c-uses.ts). This module holds the facts' types
 * and puts the passes together.
 */
import { cmp } from '../diagnostics.js';
import { scanDirectives } from './c-directives.js';
import { CTokenBuffer, lexC, sharedNames } from './c-lexer.js';
import { scratch } from './c-scratch.js';
import { StructureScan } from './c-structure.js';
import { collectUses } from './c-uses.js';
import { C_WARMUP_SAMPLE } from './c-warmup.js';

export { maskCComments } from './c-lexer.js';

/** Where an identifier is used: its name and the lines (ascending, each once). */
export interface CIdentifierUse {
  readonly name: string;
  readonly lines: number[];
}

/**
 * The identifier uses of a function or of a file's top level, in a compact form: a whole tree
 * has about a million (name, lines) groups, and one object and one array each made the scan
 * spend more time collecting garbage than reading C. Read it with `identifierUses` or
 * `identifierLines`.
 */
export interface CIdentifierIndex {
  /** Each name once, in order of first use. */
  readonly names: string[];
  /** The lines of `names[0]` (ascending, each once), then 0, then those of `names[1]`, then 0, … */
  readonly lines: number[];
}

/** The uses of an index as one (name, lines) pair per name. */
export function identifierUses(index: CIdentifierIndex): CIdentifierUse[] {
  const uses: CIdentifierUse[] = [];
  let k = 0;
  for (const name of index.names) {
    const lines: number[] = [];
    while (index.lines[k] !== 0 && k < index.lines.length) lines.push(index.lines[k++]!);
    k++;
    uses.push({ name, lines });
  }
  return uses;
}

/** The lines where `name` is used, or [] when it is not. */
export function identifierLines(index: CIdentifierIndex, name: string): number[] {
  const position = index.names.indexOf(name);
  if (position < 0) return [];
  let k = 0;
  for (let skipped = 0; skipped < position; k++) if (index.lines[k] === 0) skipped++;
  const lines: number[] = [];
  while (k < index.lines.length && index.lines[k] !== 0) lines.push(index.lines[k++]!);
  return lines;
}

/** A branch of a conditional, by indices into the function's `conditionals`. */
export interface CGuard {
  readonly conditionalIndex: number;
  readonly branchIndex: number;
}

export interface CCall {
  /** The identifier before `(`: a function, a function-like macro (DEBUG, ASSERT) or a member. */
  readonly callee: string;
  readonly line: number;
  readonly column: number;
  /** Called through a structure member: `gBS->AllocatePool (…)`, `Ops.Read (…)`. */
  readonly member: boolean;
  /** The innermost conditional branch whose body holds the call; absent when none does. */
  readonly guard?: CGuard;
}

export interface CBranch {
  readonly kind: 'if' | 'else-if' | 'else' | 'case' | 'default';
  /** Condition (or case label) text, comments removed, blanks collapsed; '' for else/default. */
  readonly condition: string;
  /** Identifiers of the condition, each once, in order of appearance. */
  readonly conditionIdentifiers: string[];
  /** Body span; for a case, from its label to the last statement before the next label. */
  readonly startLine: number;
  readonly endLine: number;
  /**
   * The body ends the enclosing flow: its last statement is a return, goto, break, continue, a
   * call that does not return (CpuDeadLoop, ASSERT (FALSE), …) or an if/else whose every branch
   * does. For a case, a closing `break` does not count: it only leaves the switch.
   */
  readonly earlyExit: boolean;
}

export interface CConditional {
  readonly kind: 'if' | 'switch';
  readonly line: number;
  endLine: number;
  /** The first `if` condition of the chain, or the controlling expression of the switch. */
  condition: string;
  conditionIdentifiers: string[];
  /** The if / else if / else chain flattened, or the switch's case and default labels. */
  readonly branches: CBranch[];
  /** The branch holding this conditional, when it is nested in one. */
  readonly parent?: CGuard;
}

export interface CFunction {
  readonly name: string;
  /** First line of the definition (return type, which EDK II puts on a line of its own). */
  readonly startLine: number;
  /** Line of the closing `}`. */
  readonly endLine: number;
  /** Line of the opening `{`. */
  readonly bodyStartLine: number;
  readonly isStatic: boolean;
  /** Return type as written, without storage class and calling convention (`EFI_STATUS`, `VOID *`). */
  readonly returnType: string;
  /** Parameter list text between the parentheses, comments removed, blanks collapsed. */
  readonly params: string;
  /**
   * Set when a macro makes the header (`PRM_HANDLER_EXPORT (Name) {`, or `MACRO (Name) (…)`):
   * the macro's name, while `name` is its argument (the real name is pasted from it).
   */
  readonly headerMacro?: string;
  readonly calls: CCall[];
  /** Every if-chain and switch of the body, outer before inner, in source order. */
  readonly conditionals: CConditional[];
  /** Identifiers of the header and body (not the function's own name), keywords and IN/OUT/… left out. */
  readonly identifiers: CIdentifierIndex;
}

export interface CInclude {
  readonly path: string;
  readonly line: number;
  /** `<…>` rather than `"…"`. */
  readonly system: boolean;
}

export interface CMacro {
  readonly name: string;
  readonly line: number;
  /** Last line, after `\` continuations. */
  readonly endLine: number;
  readonly functionLike: boolean;
}

export interface CPreprocessorBranch {
  readonly kind: 'elif' | 'elifdef' | 'elifndef' | 'else';
  readonly line: number;
  readonly condition: string;
}

export interface CPreprocessorConditional {
  readonly kind: 'if' | 'ifdef' | 'ifndef';
  readonly line: number;
  /** Line of the `#endif`. */
  readonly endLine: number;
  readonly condition: string;
  /** The `#elif`/`#else` lines after the first branch. */
  readonly branches: CPreprocessorBranch[];
}

export interface CParseIssue {
  readonly line: number;
  readonly message: string;
}

export interface CFileFacts {
  readonly path: string;
  readonly lineCount: number;
  readonly functions: CFunction[];
  readonly includes: CInclude[];
  readonly macros: CMacro[];
  readonly preprocessorConditionals: CPreprocessorConditional[];
  /** Identifiers outside every function: prototypes, global initialisers, types, `#if` lines. */
  readonly topLevelIdentifiers: CIdentifierIndex;
  /** Problems met; the facts are still the best reading of the file. */
  readonly parseIssues: CParseIssue[];
}

const table = sharedNames;
const sharedTokens = new CTokenBuffer();

/** Facts about one C file. Never throws; what cannot be read is reported in `parseIssues`. */
export function scanC(path: string, text: string): CFileFacts {
  if (!warmedUp) warmUp();
  try {
    return scanFile(path, text);
  } catch (error) {
    // A defect of the scan must not stop the analysis of a tree: report it against the file.
    const message = error instanceof Error ? error.message : String(error);
    return {
      path,
      lineCount: 0,
      functions: [],
      includes: [],
      macros: [],
      preprocessorConditionals: [],
      topLevelIdentifiers: { names: [], lines: [] },
      parseIssues: [{ line: 1, message: `scan failed: ${message}` }],
    };
  }
}

let warmedUp = false;

/** See c-warmup.ts: gives V8 feedback on every path before the first real file. */
function warmUp(): void {
  warmedUp = true;
  for (let round = 0; round < WARMUP_ROUNDS; round++) scanFile('', C_WARMUP_SAMPLE);
}

/** Enough calls for V8 to allocate feedback vectors for the scan's functions. */
const WARMUP_ROUNDS = 6;

function scanFile(path: string, text: string): CFileFacts {
  table.trim();
  const tokens = lexC(text, sharedTokens, table);
  scratch.forTokens(tokens.count);
  scratch.forNames(table.names.length);
  const directives = scanDirectives(tokens, text, scratch.state);
  const scan = new StructureScan(tokens, text);
  scan.run();
  const uses = collectUses(tokens, scan);
  const issues: CParseIssue[] = [...tokens.issues, ...directives.issues, ...scan.issues];
  issues.sort((a, b) => a.line - b.line || cmp(a.message, b.message));
  const lineCount =
    text.length === 0 ? 0 : text.charCodeAt(text.length - 1) === 10 ? tokens.lineCount - 1 : tokens.lineCount;
  return {
    path,
    lineCount,
    functions: uses.functions,
    includes: directives.includes,
    macros: directives.macros,
    preprocessorConditionals: directives.conditionals,
    topLevelIdentifiers: uses.topLevel,
    parseIssues: issues,
  };
}

/**
 * Just enough statement reading to tell a replacement dispatch (spec 3.2.A.2: a mode-guarded
 * branch whose body only calls CC functions) from CC logic written inline: split a line range of
 * comment-masked code into statements and say what each one is.
 */

export interface Statement {
  readonly text: string;
  readonly line: number;
  readonly endLine: number;
}

/**
 * Statements of lines [start, end] (1-based, inclusive): text up to each top-level `;`, `{` or `}`.
 * String and character literals are skipped so a `;` inside `"…"` does not split.
 */
export function statementsIn(lines: readonly string[], start: number, end: number): Statement[] {
  const out: Statement[] = [];
  let buf = '';
  let bufLine = start;
  let depth = 0;
  const flush = (line: number): void => {
    const t = buf.trim();
    if (t !== '') out.push({ text: t.replace(/\s+/g, ' '), line: bufLine, endLine: line });
    buf = '';
  };
  for (let ln = start; ln <= end; ln++) {
    const s = lines[ln - 1] ?? '';
    if (/^\s*#/.test(s)) continue; // preprocessor lines are not statements
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (buf.trim() === '') bufLine = ln;
      if (c === '"' || c === "'") {
        const q = c;
        buf += c;
        for (i++; i < s.length; i++) {
          buf += s[i];
          if (s[i] === '\\') {
            i++;
            if (i < s.length) buf += s[i];
          } else if (s[i] === q) break;
        }
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')') depth = Math.max(0, depth - 1);
      if (depth === 0 && (c === ';' || c === '{' || c === '}')) {
        if (c === ';') buf += c;
        flush(ln);
        continue;
      }
      buf += c;
    }
    buf += ' ';
  }
  flush(end);
  return out;
}

export type StatementKind =
  /** Braces, `else`, labels, `case`, control headers, `break`/`continue`, declarations without calls. */
  | 'structure'
  /** DEBUG, ASSERT and friends: diagnostics, not behaviour. */
  | 'diagnostic'
  /** `[x =] Callee (…);` or `return Callee (…);` */
  | 'call'
  /** `return;`, `return Status;`, `return FALSE;` */
  | 'return'
  /**
   * `mUseSvsm = TRUE;`, `Status = EFI_SUCCESS;`: stores a constant outcome, as a `return` of it
   * would (`target` is what receives it). Whether that is behaviour depends on the target.
   */
  | 'record'
  /** Anything else: assignments, arithmetic, loops' work. */
  | 'other';

export interface ClassifiedStatement extends Statement {
  readonly kind: StatementKind;
  /** For `call`: the callee. */
  readonly callee?: string;
  /** For `record`: what receives the constant, and the constant. */
  readonly target?: string;
  readonly value?: string;
}

// Diagnostics and dead-stops: they report or halt, they do not implement behaviour.
const DIAGNOSTIC_MACROS =
  /^(DEBUG|ASSERT|ASSERT_EFI_ERROR|ASSERT_RETURN_ERROR|DEBUG_CODE|DEBUG_CODE_BEGIN|DEBUG_CODE_END|REPORT_STATUS_CODE\w*|PERF_\w+|CpuBreakpoint|CpuDeadLoop)\b/;
const CONTROL_HEADER = /^(?:else\s+)?(?:if|while|for|switch|do|else)\b/;
const CALL =
  /^(?:return\s+)?(?:\(\s*[A-Z_][A-Z0-9_ *]*\)\s*)?(?:[\w\->.[\]*& ]+?\s*=\s*)?(?:\(\s*[A-Z_][A-Z0-9_ *]*\)\s*)?(\w+)\s*\(/;
const SIMPLE_RETURN = /^return(?:\s*\(?\s*[\w.\->]*\s*\)?)?\s*;?$/;
const RECORD = /^([\w.\->[\]]+?)\s*=\s*(TRUE|FALSE|EFI_SUCCESS|RETURN_SUCCESS)\s*;$/;

export function classifyStatement(s: Statement): ClassifiedStatement {
  const t = s.text;
  if (
    t === '' ||
    t === ';' ||
    /^(else|default\s*:|case\b[^:]*:|\w+\s*:)$/.test(t) ||
    /^(break|continue)\s*;$/.test(t)
  ) {
    return { ...s, kind: 'structure' };
  }
  if (/^goto\s+\w+\s*;$/.test(t)) return { ...s, kind: 'structure' };
  if (CONTROL_HEADER.test(t)) return { ...s, kind: 'structure' };
  if (DIAGNOSTIC_MACROS.test(t)) return { ...s, kind: 'diagnostic' };
  if (SIMPLE_RETURN.test(t)) return { ...s, kind: 'return' };
  const record = RECORD.exec(t);
  if (record) return { ...s, kind: 'record', target: record[1]!, value: record[2]! };
  const call = CALL.exec(t);
  if (call && !/^(sizeof|if|while|for|switch|return)$/.test(call[1]!)) {
    return { ...s, kind: 'call', callee: call[1]! };
  }
  // A declaration without initialiser (`UINT64 Mask;`) is structure, not behaviour.
  if (
    /^(?:(?:CONST|STATIC|volatile|IN|OUT|OPTIONAL)\s+)*[A-Z_][\w]*(?:\s*\*)*\s+\**\w+(?:\s*\[[^\]]*\])?\s*;$/.test(
      t,
    )
  ) {
    return { ...s, kind: 'structure' };
  }
  return { ...s, kind: 'other' };
}

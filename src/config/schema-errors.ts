/**
 * Turns ajv's errors into one clear sentence per problem, at the line of the offending value:
 * `rules.platform/one-image.severity must be one of error, warning, info, off`. ajv reports every
 * branch of a `oneOf`; the user needs only the branch they meant, chosen by the value's type and
 * by the discriminating `type` field, so the other branches' complaints are dropped here.
 */
import type { ErrorObject } from 'ajv';
import { PATTERN_HINTS } from './schema.js';
import type { DataPath, ParsedSource } from './yaml-source.js';

export interface SchemaProblem {
  readonly line: number;
  readonly message: string;
}

/** `basePath`: where the validated data sits in the file (a rule's options inside the config). */
export function describeSchemaErrors(
  errors: readonly ErrorObject[],
  source: Pick<ParsedSource, 'lineOf' | 'lineOfKey'>,
  basePath: DataPath = [],
): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of pickBranches(errors)) {
    const problem = describe(e, source, basePath);
    if (problem === undefined) continue;
    const key = `${problem.line}\0${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out.sort((a, b) => a.line - b.line || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** Replaces each oneOf/anyOf failure and its branches' errors with the intended branch's errors. */
function pickBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  let list = [...errors];
  for (;;) {
    const alt = list
      .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
      .sort((a, b) => a.schemaPath.length - b.schemaPath.length)[0];
    if (alt === undefined) return list;
    const prefix = `${alt.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    const rest: ErrorObject[] = [];
    for (const e of list) {
      if (e === alt) continue;
      // The same schema may fail at several places (two rules, two matchers): group by both.
      const inside = e.instancePath === alt.instancePath || e.instancePath.startsWith(`${alt.instancePath}/`);
      if (inside && e.schemaPath.startsWith(prefix)) {
        const index = e.schemaPath.slice(prefix.length).split('/')[0]!;
        const group = branches.get(index) ?? [];
        group.push(e);
        branches.set(index, group);
      } else {
        rest.push(e);
      }
    }
    list = [...rest, ...chooseBranch(alt, [...branches.values()])];
  }
}

function chooseBranch(alt: ErrorObject, branches: readonly ErrorObject[][]): ErrorObject[] {
  const at = alt.instancePath;
  const wrongType = (errs: readonly ErrorObject[]): boolean =>
    errs.some((e) => e.instancePath === at && e.keyword === 'type');
  const wrongTag = (errs: readonly ErrorObject[]): boolean =>
    errs.some((e) => e.keyword === 'const' && e.instancePath === `${at}/type`);
  const candidates = branches.filter((b) => !wrongType(b) && !wrongTag(b));
  if (candidates.length > 0) {
    return [...candidates].sort((a, b) => a.length - b.length)[0]!;
  }
  const typed = branches.filter((b) => !wrongType(b));
  if (typed.length > 0) {
    // Right type, unknown discriminator: name the values `type` may take.
    const tags = typed.flatMap((b) =>
      b
        .filter((e) => e.keyword === 'const' && e.instancePath === `${at}/type`)
        .map((e) => String(e.params.allowedValue)),
    );
    return [{ ...alt, keyword: 'enum', instancePath: `${at}/type`, params: { allowedValues: tags } }];
  }
  // No branch takes a value of this type: say what each would take.
  const expected = branches.map((b) => {
    const own = b.filter((e) => e.instancePath === at);
    const en = own.find((e) => e.keyword === 'enum');
    if (en) return `one of ${(en.params.allowedValues as unknown[]).join(', ')}`;
    const ty = own.find((e) => e.keyword === 'type');
    return ty ? article(String(ty.params.type)) : 'something else';
  });
  return [{ ...alt, keyword: 'x-expected', params: { expected } }];
}

function describe(
  e: ErrorObject,
  source: Pick<ParsedSource, 'lineOf' | 'lineOfKey'>,
  basePath: DataPath,
): SchemaProblem | undefined {
  const path = [...basePath, ...pointerToPath(e.instancePath)];
  const where = formatPath(path);
  const subject = where === '' ? 'the config' : where;
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    // A failed propertyNames check: the offending thing is the key, not a value.
    if (e.keyword === 'propertyNames') return undefined;
    return {
      line: source.lineOfKey(path, propertyName),
      message: `${subject}: key '${propertyName}' must be ${expectation(e)}`,
    };
  }
  switch (e.keyword) {
    case 'if':
    case 'propertyNames':
      return undefined; // the failing branch or name reports the real problem
    case 'additionalProperties': {
      const name = String(e.params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = closest(name, known);
      const what = where === '' ? 'unknown top-level property' : `${where} has unknown property`;
      return {
        line: source.lineOfKey(path, name),
        message: `${what} '${name}'${hint ? ` (did you mean '${hint}'?)` : known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`,
      };
    }
    case 'required': {
      const missing = String(e.params.missingProperty);
      const why = missing === 'reason' ? ': every suppression must say why the finding is accepted' : '';
      return {
        line: source.lineOf(path),
        message: `${subject} is missing required property '${missing}'${why}`,
      };
    }
    default:
      return { line: source.lineOf(path), message: `${subject} must be ${expectation(e)}` };
  }
}

/** What a value must be, as the end of "… must be …". */
function expectation(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const types = Array.isArray(p.type) ? p.type : String(p.type).split(',');
      return orList(types.map((t) => article(String(t))));
    }
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `'${String(p.allowedValue)}'`;
    case 'pattern':
      return PATTERN_HINTS[String(p.pattern)] ?? `text matching /${String(p.pattern)}/`;
    case 'minLength':
      return Number(p.limit) === 1 ? 'a non-empty string' : `at least ${String(p.limit)} characters long`;
    case 'minItems':
      return Number(p.limit) === 1 ? 'a non-empty list' : `a list of at least ${String(p.limit)} items`;
    case 'x-expected':
      return orList(p.expected as string[]);
    default:
      return (e.message ?? 'valid').replace(/^must (be )?/, '');
  }
}

function article(type: string): string {
  switch (type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'integer':
      return 'an integer';
    default:
      return `a ${type}`;
  }
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  const separator = items.some((i) => i.includes(',')) ? ', or ' : ' or ';
  return `${items.slice(0, -1).join(', ')}${separator}${items[items.length - 1]}`;
}

export function pointerToPath(pointer: string): DataPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** `features[2].modules[0]`, `rules.platform/one-image.severity`. */
export function formatPath(path: DataPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

/** The known name closest to `name`, if it is close enough to be a typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && k < best)) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

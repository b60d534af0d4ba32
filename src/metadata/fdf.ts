/**
 * FDF parser after BaseTools' GenFds/FdfParser.py, on the shared preprocessor.
 *
 * FdfParser reads a token stream, so FDF statements may span lines wherever braces are open
 * (`FILE … { … }`, `DATA = { … }`, `APRIORI DXE { … }`); this parser reads the preprocessor's
 * logical lines and joins the lines of an open block. Macros are expanded everywhere except in
 * `[Rule.*]` sections, whose `$(INF_OUTPUT)`, `$(NAMED_GUID)` … are filled in per module later.
 *
 * PCD values visible to `!if` and `SET` expressions are the DSC's (given by the caller), then the
 * FDF's own `SET`s, `Name = value|Pcd` shortcuts and FD region offsets and sizes, in file order
 * and from active branches only; region PCDs hold the offset within the FD, as FdfParser's
 * `_PcdDict` does, while `pcdSets` records the absolute address the build gives the PCD.
 */
import { type Diagnostic, DiagnosticCode, type DiagnosticSeverity } from '../diagnostics.js';
import type { Workspace } from '../workspace/workspace.js';
import { splitTopLevel } from './lines.js';
import type {
  FdfFd,
  FdfFileStatement,
  FdfFlash,
  FdfFv,
  FdfInfStatement,
  FdfPcdSet,
  FdfRegion,
  FdfRule,
  MacroDefinition,
  Origin,
  PcdName,
} from './model.js';
import {
  type PcdLookup,
  Preprocessor,
  type PreprocessorDialect,
  resolveWorkspacePath,
  type SectionContext,
  type StatementLine,
} from './preprocessor.js';

export interface FdfParseOptions {
  /** The DSC's final macros (BaseTools' gPlatformDefines): below every macro the FDF defines. */
  readonly macros?: ReadonlyMap<string, string>;
  /** The DSC's PCD values (gPlatformPcds), for `!if` and `SET` expressions. */
  readonly pcd?: PcdLookup;
  /** Command-line `-D NAME=VALUE`: above the FDF's DEFINEs. */
  readonly defines?: Readonly<Record<string, string>>;
  /** BaseTools' global macros: above the FDF's DEFINEs. */
  readonly builtins?: Readonly<Record<string, string>>;
  /** DEC defaults, for PCDs neither the DSC nor the FDF sets. */
  readonly decPcdDefault?: PcdLookup;
  /** The DSC's folder, searched for `!include` after the FDF's own folder (as FdfParser does). */
  readonly platformDir?: string;
}

const SECTION_NAMES = new Map<string, string>(
  ['Defines', 'FD', 'FV', 'Capsule', 'Rule', 'OptionRom', 'FmpPayload'].map((n) => [n.toUpperCase(), n]),
);

export const FDF_DIALECT: PreprocessorDialect = {
  label: 'FDF',
  canonicalSection: (upper) => SECTION_NAMES.get(upper),
  definesSection: 'Defines',
  comments: 'fdf',
  joinCodeValues: false,
  macrosInHeaders: false,
  sectionMacros: 'fdf',
  edkGlobal: false,
  setSupported: true,
  definesKeywordsAreMacros: false,
  builtinsWinInConditions: false,
  macroFreeSections: new Set(['Rule']),
};

/** Quoted strings (also `L"…"`), the separators FdfParser knows, and runs of anything else. */
const TOKEN = /L?"(?:[^"\\]|\\.)*"?|[{}=|,]|[^\s{}=|,"]+/g;
/** `Target_Tag_Arch` key strings before an INF path or after a FILE GUID. */
const KEY_STRING =
  /^([A-Za-z0-9-]+|\*|\$\(TARGET\))_([A-Za-z0-9-]+|\*|\$\(TOOL_CHAIN_TAG\))_([A-Za-z0-9-]+|\*|\$\(ARCH\))$/;
const PCD_REF = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/;
const INF_OPTIONS = new Set(['FILE_GUID', 'RULEOVERRIDE', 'VERSION', 'UI', 'USE']);
const REGION_CONTENT = new Set(['FV', 'FILE', 'DATA', 'CAPSULE']);
/** Leaf sections whose value is a file (FdfParser._GetLeafSection). */
const FILE_SECTIONS = new Set([
  'PE32',
  'PIC',
  'TE',
  'RAW',
  'DXE_DEPEX',
  'PEI_DEPEX',
  'SMM_DEPEX',
  'MM_DEPEX',
  'COMPAT16',
  'BIN',
  'ASL',
  'ACPI',
]);

function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** `{` minus `}` outside double-quoted strings. */
function braceBalance(text: string): number {
  let depth = 0;
  let inString = false;
  for (const c of text) {
    if (c === '"') inString = !inString;
    else if (!inString && c === '{') depth++;
    else if (!inString && c === '}') depth--;
  }
  return depth;
}

function hex(v: bigint, width = 0): string {
  return `0x${v.toString(16).toUpperCase().padStart(width, '0')}`;
}

function isQuoted(t: string): boolean {
  return t.startsWith('"') || t.startsWith('L"');
}

function looksLikePath(t: string): boolean {
  return !isQuoted(t) && (t.includes('/') || t.includes('\\') || /\.[A-Za-z]\w*$/.test(t));
}

/** Lines of a `{ … }` that spans lines, joined when the braces balance. */
interface OpenBlock {
  readonly parts: string[];
  depth: number;
  readonly origin: Origin;
  readonly finish: (text: string) => void;
}

interface RegionBuilder {
  readonly offset: string;
  readonly size: string;
  readonly offsetValue: bigint | undefined;
  readonly sizeValue: bigint | undefined;
  pcdOffset?: PcdName;
  pcdSize?: PcdName;
  content: string;
  readonly origin: Origin;
}

interface FdBuilder {
  readonly name: string;
  readonly attributes: Map<string, string>;
  readonly regions: RegionBuilder[];
  readonly origin: Origin;
  baseAddress: bigint | undefined;
}

interface FvBuilder {
  readonly name: string;
  readonly infs: FdfInfStatement[];
  readonly files: FdfFileStatement[];
  readonly attributes: Map<string, string>;
  readonly origin: Origin;
}

type Target =
  | { readonly kind: 'none' }
  | { readonly kind: 'defines' }
  | { readonly kind: 'fd'; readonly fd: FdBuilder }
  | { readonly kind: 'fv'; readonly fv: FvBuilder }
  | { readonly kind: 'rule'; readonly body: string[] }
  | { readonly kind: 'capsule'; readonly body: string[] }
  | { readonly kind: 'skip' };

/** Parse an FDF; never throws, problems become diagnostics in `ws.diagnostics`. */
export function parseFdf(ws: Workspace, fdfPath: string, options: FdfParseOptions = {}): FdfFlash {
  return new FdfParser(ws, fdfPath, options).parse();
}

class FdfParser {
  private readonly pp: Preprocessor;
  private readonly defines = new Map<string, MacroDefinition>();
  private readonly fds: FdBuilder[] = [];
  private readonly fvs: FvBuilder[] = [];
  private readonly rules: FdfRule[] = [];
  private readonly capsules: { name: string; body: string[]; origin: Origin }[] = [];
  private readonly pcdSets: FdfPcdSet[] = [];
  private target: Target = { kind: 'none' };
  private block: OpenBlock | undefined;
  private apriori: Origin | undefined;

  constructor(
    private readonly ws: Workspace,
    private readonly path: string,
    options: FdfParseOptions,
  ) {
    const dscPcd = options.pcd;
    const decPcd = options.decPcdDefault;
    this.pp = new Preprocessor(ws, path, FDF_DIALECT, {
      builtins: options.builtins ?? {},
      commandLine: options.defines ?? {},
      ...(options.macros ? { inherited: options.macros } : {}),
      pcdFallback: (ts, name) => dscPcd?.(ts, name) ?? decPcd?.(ts, name),
      ...(options.platformDir !== undefined ? { includeDirs: [options.platformDir] } : {}),
    });
  }

  parse(): FdfFlash {
    // The pull API directly: no iterator result object per line.
    for (let line = this.pp.next(); line !== undefined; line = this.pp.next()) {
      switch (line.kind) {
        case 'section':
          this.enterSection(line.section, line.origin);
          break;
        case 'define':
          if (line.section.name === 'Defines') {
            this.defines.set(line.name, { name: line.name, value: line.value, origin: line.origin });
          }
          break;
        case 'set':
          this.pcdSets.push({ ...line.pcd, value: line.value, origin: line.origin });
          break;
        case 'statement':
          this.statement(line);
          break;
      }
    }
    this.closeBlocks();
    return {
      path: this.path,
      defines: this.defines,
      fds: this.fds.map(
        (fd): FdfFd => ({
          name: fd.name,
          attributes: fd.attributes,
          regions: fd.regions.map(
            (r): FdfRegion => ({
              offset: r.offset,
              size: r.size,
              ...(r.pcdOffset ? { pcdOffset: r.pcdOffset } : {}),
              ...(r.pcdSize ? { pcdSize: r.pcdSize } : {}),
              content: r.content,
              origin: r.origin,
            }),
          ),
          origin: fd.origin,
        }),
      ),
      fvs: this.fvs.map(
        (fv): FdfFv => ({
          name: fv.name,
          infs: fv.infs,
          files: fv.files,
          attributes: fv.attributes,
          origin: fv.origin,
        }),
      ),
      rules: this.rules,
      capsules: this.capsules,
      pcdSets: this.pcdSets,
      files: [...this.pp.files],
    };
  }

  // ───────────── sections ─────────────

  private enterSection(section: SectionContext, origin: Origin): void {
    this.closeBlocks();
    const parts = section.header
      .slice(1, -1)
      .split('.')
      .map((p) => p.trim());
    const ui = parts.slice(1).join('.');
    switch (section.name) {
      case 'Defines':
        this.target = { kind: 'defines' };
        return;
      case 'FD':
      case 'FV': {
        if (ui === '') {
          this.report('error', DiagnosticCode.MalformedLine, `[${section.name}] needs a name`, origin);
          this.target = { kind: 'skip' };
          return;
        }
        const name = ui.toUpperCase();
        const list: { name: string }[] = section.name === 'FD' ? this.fds : this.fvs;
        if (list.some((x) => x.name === name)) {
          this.report(
            'warning',
            DiagnosticCode.DuplicateDefinition,
            `[${section.name}.${ui}] defined twice`,
            origin,
          );
        }
        if (section.name === 'FD') {
          const fd: FdBuilder = { name, attributes: new Map(), regions: [], origin, baseAddress: undefined };
          this.fds.push(fd);
          this.target = { kind: 'fd', fd };
        } else {
          const fv: FvBuilder = { name, infs: [], files: [], attributes: new Map(), origin };
          this.fvs.push(fv);
          this.target = { kind: 'fv', fv };
        }
        return;
      }
      case 'Rule': {
        if (parts.length < 3) {
          this.report(
            'error',
            DiagnosticCode.MalformedLine,
            `expected [Rule.<Arch>.<ModuleType>[.<TemplateName>]]`,
            origin,
          );
          this.target = { kind: 'skip' };
          return;
        }
        const body: string[] = [];
        this.rules.push({
          name: ui,
          arch: parts[1]!.toUpperCase(),
          moduleType: parts[2]!.toUpperCase(),
          templateName: parts.slice(3).join('.').toUpperCase(),
          body,
          origin,
        });
        this.target = { kind: 'rule', body };
        return;
      }
      case 'Capsule': {
        const body: string[] = [];
        this.capsules.push({ name: ui.toUpperCase(), body, origin });
        this.target = { kind: 'capsule', body };
        return;
      }
      default:
        // [OptionRom.*] and [FmpPayload.*] are not needed; a refused header was reported already.
        this.target = { kind: 'skip' };
    }
  }

  /** A block or APRIORI still open at a new section or the end of the file. */
  private closeBlocks(): void {
    if (this.block) {
      this.report('error', DiagnosticCode.MalformedLine, "'{' is not closed", this.block.origin);
      const b = this.block;
      this.block = undefined;
      b.finish(b.parts.join(' '));
    }
    if (this.apriori) {
      this.report('error', DiagnosticCode.MalformedLine, 'APRIORI block is not closed', this.apriori);
      this.apriori = undefined;
    }
  }

  private statement(line: StatementLine): void {
    const t = this.target;
    if (t.kind === 'rule') {
      t.body.push(line.raw);
      return;
    }
    if (t.kind === 'skip' || t.kind === 'defines') return;
    if (t.kind === 'none') {
      this.report('error', DiagnosticCode.MalformedLine, 'statement outside any section', line.origin);
      return;
    }
    this.reportUnknownMacros(line);
    if (t.kind === 'capsule') {
      t.body.push(line.text);
      return;
    }
    if (this.block) {
      this.block.parts.push(line.text);
      this.block.depth += braceBalance(line.text);
      if (this.block.depth <= 0) {
        const b = this.block;
        this.block = undefined;
        b.finish(b.parts.join(' '));
      }
      return;
    }
    if (t.kind === 'fd') this.fdStatement(t.fd, line);
    else this.fvStatement(t.fv, line);
  }

  /** Run `finish` on this line, or on this line and the following ones once its braces balance. */
  private withBlock(line: StatementLine, finish: (text: string) => void): void {
    const depth = braceBalance(line.text);
    if (depth <= 0) finish(line.text);
    else this.block = { parts: [line.text], depth, origin: line.origin, finish };
  }

  // ───────────── FD ─────────────

  private fdStatement(fd: FdBuilder, line: StatementLine): void {
    const text = line.text;
    const tokens = tokenize(text);
    const first = tokens[0] ?? '';
    const region = fd.regions[fd.regions.length - 1];
    if ((REGION_CONTENT.has(first) && tokens[1] === '=') || first === 'INF') {
      if (!region) {
        this.report(
          'error',
          DiagnosticCode.MalformedLine,
          `region content before any offset|size: ${text}`,
          line.origin,
        );
        return;
      }
      if (region.content !== '') {
        this.report(
          'error',
          DiagnosticCode.MalformedLine,
          `second content for one region: ${text}`,
          line.origin,
        );
        return;
      }
      this.withBlock(line, (all) => {
        region.content = all
          .replace(/\s+/g, ' ')
          .trim()
          .replace(/^(\w+)\s*=\s*/, '$1 = ');
      });
      return;
    }
    if (
      region &&
      region.content === '' &&
      !region.pcdOffset &&
      this.regionPcds(fd, region, text, line.origin)
    )
      return;
    if (tokens[1] === '=') {
      this.fdAttribute(fd, tokens[0]!, text.slice(text.indexOf('=') + 1).trim(), line.origin);
      return;
    }
    const bounds = splitTopLevel(text);
    if (bounds.length === 2 && bounds[0] !== '' && bounds[1] !== '') {
      fd.regions.push(this.newRegion(bounds[0]!, bounds[1]!, line.origin));
      return;
    }
    this.report(
      'error',
      DiagnosticCode.MalformedLine,
      `unexpected statement in [FD.${fd.name}]: ${text}`,
      line.origin,
    );
  }

  /** `BaseAddress = 0xFFF00000|gTok.PcdFdBaseAddress`: the value, and optionally the PCD that gets it. */
  private fdAttribute(fd: FdBuilder, key: string, rest: string, origin: Origin): void {
    if (fd.regions.length > 0) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `FD attribute ${key} after the first region`,
        origin,
      );
      return;
    }
    const [value = '', pcd] = splitTopLevel(rest);
    fd.attributes.set(key, value);
    if (key.toUpperCase() === 'BASEADDRESS') {
      const r = this.pp.evaluateValue(value, origin);
      if (r.ok && typeof r.value === 'bigint') fd.baseAddress = r.value;
    }
    if (pcd !== undefined) {
      const m = PCD_REF.exec(pcd);
      if (!m) {
        this.report(
          'error',
          DiagnosticCode.MalformedLine,
          `expected TokenSpace.PcdName after '|': ${pcd}`,
          origin,
        );
        return;
      }
      this.setPcd({ tokenSpace: m[1]!, name: m[2]! }, value, value, origin);
    }
  }

  private newRegion(offsetText: string, sizeText: string, origin: Origin): RegionBuilder {
    const offsetValue = this.number(offsetText, origin);
    const sizeValue = this.number(sizeText, origin);
    return {
      offset: offsetValue === undefined ? offsetText : hex(offsetValue),
      size: sizeValue === undefined ? sizeText : hex(sizeValue),
      offsetValue,
      sizeValue,
      content: '',
      origin,
    };
  }

  private number(text: string, origin: Origin): bigint | undefined {
    const r = this.pp.evaluateValue(text, origin);
    if (!r.ok) return undefined;
    if (typeof r.value !== 'bigint') {
      this.report('error', DiagnosticCode.BadExpression, `'${text}' is not a number`, origin);
      return undefined;
    }
    return r.value;
  }

  /**
   * `TokenSpace.PcdOffset[|TokenSpace.PcdSize]` right under `offset|size`: the PCDs get the
   * region's address and size. Expressions see the offset within the FD (FdfParser's _PcdDict).
   */
  private regionPcds(fd: FdBuilder, region: RegionBuilder, text: string, origin: Origin): boolean {
    const parts = splitTopLevel(text);
    if (parts.length > 2) return false;
    const offset = PCD_REF.exec(parts[0]!);
    const size = parts[1] === undefined ? undefined : PCD_REF.exec(parts[1]);
    if (!offset || size === null) return false;
    region.pcdOffset = { tokenSpace: offset[1]!, name: offset[2]! };
    const absolute =
      region.offsetValue === undefined ? region.offset : hex(region.offsetValue + (fd.baseAddress ?? 0n), 8);
    this.setPcd(
      region.pcdOffset,
      absolute,
      region.offsetValue === undefined ? region.offset : hex(region.offsetValue),
      origin,
    );
    if (size) {
      region.pcdSize = { tokenSpace: size[1]!, name: size[2]! };
      const sizeText = region.sizeValue === undefined ? region.size : hex(region.sizeValue, 8);
      this.setPcd(region.pcdSize, sizeText, sizeText, origin);
    }
    return true;
  }

  /** `value` is what the build assigns; `visible` is what later FDF expressions read. */
  private setPcd(pcd: PcdName, value: string, visible: string, origin: Origin): void {
    this.pcdSets.push({ ...pcd, value, origin });
    this.pp.setPcd(pcd.tokenSpace, pcd.name, visible);
  }

  // ───────────── FV ─────────────

  private fvStatement(fv: FvBuilder, line: StatementLine): void {
    const text = line.text;
    const tokens = tokenize(text);
    const first = tokens[0] ?? '';
    if (text === '}') {
      if (this.apriori) this.apriori = undefined;
      else this.report('error', DiagnosticCode.MalformedLine, "'}' without a block", line.origin);
      return;
    }
    const apriori = this.apriori !== undefined;
    switch (first) {
      case 'INF': {
        const inf = this.infStatement(tokens, line.origin, apriori);
        if (inf) fv.infs.push(inf);
        return;
      }
      case 'FILE':
        this.withBlock(line, (all) => {
          const file = this.fileStatement(tokenize(all), line.origin, apriori);
          if (file) fv.files.push(file);
        });
        return;
      case 'APRIORI':
        if (apriori) {
          this.report('error', DiagnosticCode.MalformedLine, 'APRIORI inside APRIORI', line.origin);
          return;
        }
        if ((tokens[1] !== 'PEI' && tokens[1] !== 'DXE') || tokens[2] !== '{' || tokens.length !== 3) {
          this.report(
            'error',
            DiagnosticCode.MalformedLine,
            `expected APRIORI PEI|DXE {: ${text}`,
            line.origin,
          );
          return;
        }
        this.apriori = line.origin;
        return;
    }
    if (braceBalance(text) > 0) {
      // FV_EXT_ENTRY_TYPE … { … } and the like: nothing the model keeps.
      this.withBlock(line, () => {});
      return;
    }
    if (tokens[1] === '=' && tokens.length >= 3) {
      fv.attributes.set(first, text.slice(text.indexOf('=') + 1).trim());
      return;
    }
    this.report(
      'error',
      DiagnosticCode.MalformedLine,
      `unexpected statement in [FV.${fv.name}]: ${text}`,
      line.origin,
    );
  }

  /** `INF [FILE_GUID = g] [RuleOverride = r] [VERSION = v] [UI = u] [USE = a] [Target_Tag_Arch, …] path [| RELOCS_…]`. */
  private infStatement(
    tokens: readonly string[],
    origin: Origin,
    apriori: boolean,
  ): FdfInfStatement | undefined {
    const options = new Map<string, string>();
    const keyStrings: string[] = [];
    let i = 1;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (tokens[i + 1] === '=') {
        const key = t.toUpperCase();
        if (!INF_OPTIONS.has(key))
          this.report('warning', DiagnosticCode.MalformedLine, `unknown INF option ${t}`, origin);
        options.set(key, tokens[i + 2] ?? '');
        i += 3;
      } else if (KEY_STRING.test(t)) {
        keyStrings.push(t);
        i += tokens[i + 1] === ',' ? 2 : 1;
      } else break;
    }
    if (keyStrings.length > 0) options.set('KEY_STRINGS', keyStrings.join(','));
    const written = tokens[i];
    if (written === undefined || !written.toLowerCase().endsWith('.inf')) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `expected an .inf path in INF statement: ${tokens.join(' ')}`,
        origin,
      );
      return undefined;
    }
    i++;
    if (tokens[i] === '|') {
      const flag = (tokens[i + 1] ?? '').toUpperCase();
      if (flag !== 'RELOCS_STRIPPED' && flag !== 'RELOCS_RETAINED') {
        this.report(
          'error',
          DiagnosticCode.MalformedLine,
          `unknown reloc flag '${tokens[i + 1] ?? ''}'`,
          origin,
        );
      } else options.set(flag, 'TRUE');
      i += 2;
    }
    if (i < tokens.length) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `unexpected text after INF path: ${tokens.slice(i).join(' ')}`,
        origin,
      );
    }
    const { path, found } = resolveWorkspacePath(this.ws, written.replace(/\$\(SPACE\)/g, ' '));
    if (!found) this.report('warning', DiagnosticCode.PathNotFound, `INF ${path} not found`, origin);
    return { inf: path, options, apriori, origin };
  }

  /** `FILE type = guid [options] { … }`: the files it packs (leaf sections, RAW file lists, a bare file name). */
  private fileStatement(
    tokens: readonly string[],
    origin: Origin,
    apriori: boolean,
  ): FdfFileStatement | undefined {
    const type = tokens[1];
    const guid = tokens[3];
    if (type === undefined || tokens[2] !== '=' || guid === undefined) {
      this.report(
        'error',
        DiagnosticCode.MalformedLine,
        `expected FILE <Type> = <Guid> { … }: ${tokens.join(' ')}`,
        origin,
      );
      return undefined;
    }
    const options = new Map<string, string>();
    const keyStrings: string[] = [];
    let i = 4;
    while (i < tokens.length && tokens[i] !== '{') {
      const t = tokens[i]!;
      const upper = t.toUpperCase();
      if (
        upper === 'FIXED' ||
        upper === 'CHECKSUM' ||
        upper === 'RELOCS_STRIPPED' ||
        upper === 'RELOCS_RETAINED'
      ) {
        options.set(upper, 'TRUE');
        i++;
      } else if (upper === 'ALIGN' && tokens[i + 1] === '=') {
        options.set('ALIGN', tokens[i + 2] ?? '');
        i += 3;
      } else if (KEY_STRING.test(t)) {
        keyStrings.push(t);
        i += tokens[i + 1] === ',' ? 2 : 1;
      } else {
        this.report('error', DiagnosticCode.MalformedLine, `unexpected '${t}' in FILE statement`, origin);
        i++;
      }
    }
    if (keyStrings.length > 0) options.set('KEY_STRINGS', keyStrings.join(','));
    if (tokens[i] !== '{') {
      this.report('error', DiagnosticCode.MalformedLine, `FILE statement without '{ … }'`, origin);
    }
    return {
      type,
      nameGuid: this.fileGuid(guid),
      options,
      contents: this.fileContents(tokens.slice(i + 1)),
      apriori,
      origin,
    };
  }

  /** `PCD(TokenSpace.PcdName)` names the GUID by a PCD; use its value when one is known. */
  private fileGuid(written: string): string {
    const m = /^PCD\(([A-Za-z_]\w*)\.([A-Za-z_]\w*)\)$/.exec(written);
    if (!m) return written;
    return this.pp.lookupPcd(m[1], m[2]!) ?? written;
  }

  private fileContents(tokens: readonly string[]): string[] {
    const out: string[] = [];
    for (let j = 0; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t === 'SECTION') {
        j++;
        if (tokens[j]?.toUpperCase() === 'ALIGN' && tokens[j + 1] === '=') j += 3;
        const sectionType = (tokens[j] ?? '').toUpperCase();
        if (tokens[j + 1] === '=') {
          const value = tokens[j + 2] ?? '';
          if (FILE_SECTIONS.has(sectionType) && !isQuoted(value) && value !== '{')
            out.push(this.contentPath(value));
          j += 2;
        }
      } else if ((t === 'FV' || t === 'FD' || t.toUpperCase() === 'ALIGN') && tokens[j + 1] === '=') {
        j += 2;
      } else if (tokens[j + 1] === '=') {
        j += 2;
      } else if (looksLikePath(t)) {
        out.push(this.contentPath(t));
      }
    }
    return out;
  }

  private contentPath(written: string): string {
    return resolveWorkspacePath(this.ws, written.replace(/\$\(SPACE\)/g, ' ')).path;
  }

  // ───────────── diagnostics ─────────────

  private reportUnknownMacros(line: StatementLine): void {
    for (const name of line.unknownMacros) {
      // $(SPACE) is replaced by a blank in INF and FILE paths, not a macro.
      if (name === 'SPACE') continue;
      this.report('warning', DiagnosticCode.UnknownMacro, `macro $(${name}) is not defined`, line.origin);
    }
  }

  private report(
    severity: DiagnosticSeverity,
    code: Diagnostic['code'],
    message: string,
    origin: Origin,
  ): void {
    this.ws.diagnostics.report({ severity, code, message, file: origin.file, line: origin.line });
  }
}

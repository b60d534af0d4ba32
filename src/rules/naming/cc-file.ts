/**
 * naming/cc-file: a file that holds only one CC's code carries that CC's tag in its name
 * (`Helper.c` holding only TDX code → `HelperTdx.c`); a file that holds only CC code of several
 * technologies is named for CC in general (`Cc…`). Files of a module that exists for the same
 * technologies need no tag, nor does a module's main file: the module's name speaks for them.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcFile, CcId, Evidence } from '../../cc/model.js';
import { relBasename, relDirname } from '../../workspace/paths.js';
import { NEUTRAL, numberOption, shortTag, techLabel } from '../isolation/shared-code.js';
import type { ReportedFinding, Rule } from '../types.js';
import {
  type FileContent,
  fileContent,
  isModuleMainFile,
  moduleSpeaksFor,
  suggestFileNames,
} from './cc-names.js';

/**
 * The least number of (non-weak) touchpoints of the technology in a file judged by its content:
 * a single SEV function with one or two references in an otherwise tiny file is too little to
 * rename a file for. The files found on edk2 (Pvalidate.nasm, RmpAdjust.nasm: 3 each; the example
 * tree's Helper.c: 7) sit at or above it.
 */
const DEFAULTS = { minTouchpoints: 3 } as const;

function moduleContext(model: AnalysisModel, path: string): Evidence {
  const infs = model.cc.modulesOfFile.get(path) ?? [];
  const parts = infs.map((inf) => {
    const m = model.cc.moduleByInf.get(inf);
    const serves = m?.dedicatedTo ?? [];
    return `${relBasename(inf)} (${serves.length === 0 ? 'shared module' : `exists for ${serves.map(techLabel).join(' and ')}`})`;
  });
  return { kind: 'inf', detail: `built by ${parts.join(', ')}`, path: infs[0] ?? path };
}

function finding(model: AnalysisModel, file: CcFile, content: FileContent): ReportedFinding {
  const several = content.techs.length > 1;
  const cc: CcId = several ? NEUTRAL : content.techs[0]!;
  const tag = shortTag(model, cc);
  const names = suggestFileNames(file.path, tag);
  const base = relBasename(file.path);
  const dir = relDirname(file.path);
  const what = several ? `CC code of ${content.techs.map(techLabel).join(' and ')}` : `${techLabel(cc)} code`;
  const evidence: Evidence[] = [
    ...content.evidence,
    { kind: 'name', detail: `file name ${base} carries no CC tag`, path: file.path, line: 1 },
    moduleContext(model, file.path),
  ];
  return {
    cc,
    path: file.path,
    line: 1,
    endLine: 1,
    message: several
      ? `${base} holds only ${what} but is not named for CC in general; name it ${names.alternative}.`
      : `${base} holds only ${what} but its name lacks the ${tag} tag; name it ${names.primary} or ${names.alternative}.`,
    evidence: evidence as [Evidence, ...Evidence[]],
    fix: several
      ? `Rename ${base} to ${names.alternative} (in ${dir}) and update the INF [Sources] that list it.`
      : `Rename ${base} to ${names.primary} (or ${names.alternative}) in ${dir} and update the ${file.language === 'c' ? 'INF [Sources]' : 'INF [Sources] or `%include`s'} that name it.`,
    key: file.path,
  };
}

export const ccFileNaming: Rule = {
  meta: {
    id: 'naming/cc-file',
    title: 'CC file without its CC tag',
    specSection: '3.2',
    defaultSeverity: 'warning',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minTouchpoints: {
          type: 'integer',
          minimum: 0,
          description:
            'Least number of (non-weak) touchpoints of the technology in a file whose functions all hold its code but are not all written for it.',
        },
      },
    },
    defaultOptions: DEFAULTS,
    docs: {
      summary:
        "A file that holds only one CC's code carries that CC's tag in its name; one serving several CCs is `Cc…`.",
      what: "ccguard finds C and NASM files whose every function or routine is CC code — each written for one technology (named for it, or running only in its mode), or each holding only that technology's code with enough touchpoints — and whose name carries no CC tag. Files of a module that exists for the same technologies and a module's main file (SecretDxe.c, IoMmuDxe.c) are left alone — the module's name speaks for them and is naming/cc-module's business — as are Null stubs and headers.",
      why: 'Spec 3.2: CC code "shall be isolated to a file. The file name could be Xxx<Cc>.{c,asm}". The tag is what lets a reviewer, `git log -- \'*Tdx*\'` and Maintainers.txt `F:` patterns find the file; a TDX-only `Helper.c` hides among common files.',
      failing:
        '```c\n// OvmfPkg/IoMmuDxe/Helper.c — every function is TDX code\nEFI_STATUS IoMmuTdxShare (…) { … TdVmCall (TDVMCALL_MAPGPA, …); }\n```',
      passing: '```c\n// OvmfPkg/IoMmuDxe/IoMmuTdx.c\nEFI_STATUS IoMmuTdxShare (…) { … }\n```',
      fix: 'Rename the file to the suggested `Xxx<Cc>` name (or put the tag in front) and update the INF `[Sources]` (or the NASM `%include`) that names it. For a file serving several CCs, use the `Cc` prefix.',
    },
  },
  check(context) {
    const { model, options } = context;
    const minTouchpoints = numberOption(options, 'minTouchpoints', DEFAULTS.minTouchpoints);
    for (const file of model.cc.files.values()) {
      if (file.nameTags.length > 0) continue;
      if ((model.cc.modulesOfFile.get(file.path) ?? []).length === 0) continue;
      // The main file carries the module's name; naming/cc-module judges that name.
      if (isModuleMainFile(model, file.path)) continue;
      const content = fileContent(model, file, minTouchpoints);
      if (!content || moduleSpeaksFor(model, file.path, content.techs)) continue;
      context.report(finding(model, file, content));
    }
  },
};

export default ccFileNaming;

/**
 * Every rule ccguard has, in the order `ccguard rules` lists them. Ids are stable: users write
 * them in configs, suppressions and baselines.
 */

import { cpuidProbeInSec } from './code/cpuid-probe-in-sec.js';
import { ghcbValidBitmap } from './code/ghcb-valid-bitmap.js';
import { modeCheckFlags } from './code/mode-check-flags.js';
import { rawStatusCheck } from './code/raw-status-check.js';
import { unguardedCcCall } from './code/unguarded-cc-call.js';
import { wrongCcPredicate } from './code/wrong-cc-predicate.js';
import { ccFileIsolation } from './isolation/cc-file.js';
import { inlineCcLogic } from './isolation/inline-cc-logic.js';
import { standaloneModule } from './isolation/standalone-module.js';
import { advancedInCcDir } from './location/advanced-in-cc-dir.js';
import { archCode } from './location/arch-code.js';
import { basicInOvmfPkg } from './location/basic-in-ovmfpkg.js';
import { ccFileNaming } from './naming/cc-file.js';
import { ccModuleNaming } from './naming/cc-module.js';
import { ccLibraryPhase } from './platform/cc-library-phase.js';
import { ccLocation } from './platform/cc-location.js';
import { drift } from './platform/drift.js';
import { fvAvailability } from './platform/fv-availability.js';
import { matureOnly } from './platform/mature-only.js';
import { nullCcInstance } from './platform/null-cc-instance.js';
import { oneImage } from './platform/one-image.js';
import { maintainersCoverage } from './review/maintainers-coverage.js';
import type { Rule } from './types.js';

export const ALL_RULES: readonly Rule[] = [
  // Spec 1: platforms (DSC/FDF)
  oneImage,
  matureOnly,
  ccLocation,
  // Spec 2: module location
  archCode,
  basicInOvmfPkg,
  advancedInCcDir,
  // Spec 3: isolation (A driver > B library > C file > D function; hooks and dispatch)
  standaloneModule,
  ccFileIsolation,
  inlineCcLogic,
  // Names carry the CC
  ccModuleNaming,
  ccFileNaming,
  // Review routing
  maintainersCoverage,
  // Beyond the design: platform bugs that break CC guests
  nullCcInstance,
  ccLibraryPhase,
  drift,
  fvAvailability,
  // Beyond the design: code bugs that break CC guests
  unguardedCcCall,
  wrongCcPredicate,
  ghcbValidBitmap,
  cpuidProbeInSec,
  modeCheckFlags,
  rawStatusCheck,
];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}

/**
 * Every rule ccguard has, in the order `ccguard rules` lists them. Ids are stable: users write
 * them in configs, suppressions and baselines.
 */
import { advancedInCcDir } from './location/advanced-in-cc-dir.js';
import { archCode } from './location/arch-code.js';
import { basicInOvmfPkg } from './location/basic-in-ovmfpkg.js';
import { ccLocation } from './platform/cc-location.js';
import { matureOnly } from './platform/mature-only.js';
import { oneImage } from './platform/one-image.js';
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
];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}

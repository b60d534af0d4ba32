/**
 * Every rule ccguard has, in the order `ccguard rules` lists them. Ids are stable: users write
 * them in configs, suppressions and baselines.
 */
import type { Rule } from './types.js';

export const ALL_RULES: readonly Rule[] = [];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}

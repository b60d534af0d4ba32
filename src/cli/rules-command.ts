import type { Command } from 'commander';
import { ALL_RULES, ruleById } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { UsageError } from './context.js';

export function formatRuleDoc(rule: Rule): string {
  const m = rule.meta;
  const d = m.docs;
  return [
    `${m.id} — ${m.title}`,
    `spec section ${m.specSection} · default severity ${m.defaultSeverity}`,
    '',
    d.summary,
    '',
    '## What it does',
    d.what,
    '',
    '## Why is this bad?',
    d.why,
    '',
    '## Example (fails)',
    d.failing,
    '',
    '## Use instead (passes)',
    d.passing,
    '',
    '## How to fix',
    d.fix,
    ...(m.defaultOptions && Object.keys(m.defaultOptions).length > 0
      ? ['', '## Options (defaults)', JSON.stringify(m.defaultOptions, null, 2)]
      : []),
    '',
  ].join('\n');
}

export function registerRulesCommands(program: Command): void {
  program
    .command('rules')
    .description('List every rule with its id, default severity and spec section')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify(
            ALL_RULES.map((r) => ({
              id: r.meta.id,
              title: r.meta.title,
              specSection: r.meta.specSection,
              defaultSeverity: r.meta.defaultSeverity,
              summary: r.meta.docs.summary,
            })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      const w = Math.max(...ALL_RULES.map((r) => r.meta.id.length), 2);
      for (const r of ALL_RULES) {
        process.stdout.write(
          `${r.meta.id.padEnd(w)}  ${r.meta.defaultSeverity.padEnd(7)}  ${r.meta.specSection.padEnd(7)}  ${r.meta.title}\n`,
        );
      }
      process.stdout.write(
        `\n${ALL_RULES.length} rules; \`ccguard explain RULE\` prints a rule's documentation.\n`,
      );
    });
  program
    .command('explain')
    .description(
      "Print a rule's documentation: what it checks, why, failing and passing examples, how to fix",
    )
    .argument('<rule>', 'rule id, e.g. isolation/inline-cc-logic')
    .action((id: string) => {
      const rule = ruleById(id);
      if (!rule) throw new UsageError(`unknown rule "${id}"; \`ccguard rules\` lists them`);
      process.stdout.write(formatRuleDoc(rule));
    });
}

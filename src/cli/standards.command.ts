import { Option, type Command } from 'commander';
import type { StandardProfile } from '../domain/standards/caseload-standard.ts';
import { checkLaCode } from '../services/import-runner.ts';
import type { CliContext } from './context.ts';
import { readJsonFile } from './json-file.ts';

export function registerStandardsCommands(program: Command, ctx: CliContext): void {
  const group = program.command('standards').description('caseload standards: list the presets, show or set the one an LA uses');

  group
    .command('list')
    .description('list the preset caseload standards and their sources')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { adapters, services } = await ctx.open();
      try {
        const presets = services.standards.presets();
        ctx.out(opts.json ? JSON.stringify(presets) : presets.map((p) => `${p.name.padEnd(18)} ${p.label}\n${' '.repeat(19)}Source: ${p.source}`).join('\n'));
      } finally {
        await adapters.close();
      }
    });

  group
    .command('show')
    .description('show the standard an LA measures caseloads against')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number').makeOptionMandatory())
    .option('--json', 'print JSON')
    .action(async (opts: { la: string; json?: boolean }) => {
      checkLaCode(opts.la);
      const { adapters, services } = await ctx.open();
      try {
        const profile = await services.standards.active(opts.la);
        ctx.out(opts.json ? JSON.stringify(profile) : describeProfile(profile));
      } finally {
        await adapters.close();
      }
    });

  group
    .command('set')
    .description('set the standard for an LA: a preset name, or a JSON file with a custom profile')
    .argument('<profile>', 'preset name (see `headroom standards list`) or path to a .json file')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number').makeOptionMandatory())
    .action(async (profile: string, opts: { la: string }) => {
      checkLaCode(opts.la);
      const json = profile.toLowerCase().endsWith('.json') ? await readJsonFile(profile) : undefined;
      const { adapters, services } = await ctx.open();
      try {
        const chosen = json === undefined ? await services.standards.usePreset(opts.la, profile) : await services.standards.useCustom(opts.la, json, profile);
        await services.audit.record({ actor: ctx.actor(), action: 'settings_changed', laCode: opts.la, detail: { what: 'caseload standard', profile: chosen.name, command: 'standards set' } });
        ctx.out(`LA ${opts.la} now measures caseloads against "${chosen.name}" (${chosen.label}).`);
      } finally {
        await adapters.close();
      }
    });
}

export function describeProfile(p: StandardProfile): string {
  const lines = [`${p.name}: ${p.label}`, `Source: ${p.source}`, '', 'Children per full-time worker:'];
  for (const [role, range] of Object.entries(p.roles)) lines.push(`  ${role.replace(/_/g, ' ').padEnd(24)} ${range.min}-${range.max}`);
  lines.push(`  ${'ASYE (protected)'.padEnd(24)} ${p.asye.min}-${p.asye.max}`);
  lines.push(`Span of control: ${p.spanOfControl.min}-${p.spanOfControl.max} direct reports`);
  const weights = Object.entries(p.weights);
  if (weights.length > 0) lines.push(`Weights: ${weights.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return lines.join('\n');
}

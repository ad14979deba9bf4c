import { Option, type Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { ROLES, ROLE_TEXT, isRole } from '../domain/access/roles.ts';
import type { UserSummary } from '../services/users.service.ts';
import { renderTable } from './caseloads.command.ts';
import type { CliContext } from './context.ts';
import { parseFlags } from './flags.ts';

const list = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s !== ''));

const AccessFlags = z.object({
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  la: z.string().optional(),
  teams: z.string().optional(),
  pool: z.string().optional(),
});

const AddFlags = AccessFlags.extend({ name: z.string().optional() });
const SetRoleFlags = AccessFlags;
const ListFlags = z.object({ json: z.boolean().optional() });

/**
 * A new password, never from the command line (argv is visible to other users and kept in shell
 * history): typed twice with hidden input on a terminal, or the first line of a piped stdin.
 */
async function newPassword(ctx: CliContext, username: string): Promise<string> {
  const first = await ctx.readSecret(`New password for ${username} (at least 12 characters): `);
  if (!process.stdin.isTTY) return first;
  const again = await ctx.readSecret('Type it again: ');
  if (again !== first) throw new AppError('bad_usage', 'The two passwords were different: nothing was changed.');
  return first;
}

function describe(u: UserSummary): string {
  const role = isRole(u.role) ? ROLE_TEXT[u.role] : u.role;
  if (u.role === 'regional_analyst') return `${u.username}: ${role}, ${u.pool ? `pool "${u.pool.name}" (the councils that consent to it)` : 'no pool yet (sees no council)'}`;
  const councils = u.laCodes.includes('*') ? 'every council' : `councils ${u.laCodes.join(', ')}`;
  return `${u.username}: ${role}, ${councils}${u.teamIds.length ? `, teams ${u.teamIds.join(', ')}` : ''}`;
}

export function registerUserCommands(program: Command, ctx: CliContext): void {
  const users = program
    .command('users')
    .description('manage who can sign in to the web app (run by an operator with access to the database)');

  users
    .command('add')
    .description('add a user; the password is prompted for (or read from the first line of stdin), never given as an option')
    .argument('<username>', 'letters, digits, dots, hyphens, underscores or @')
    .addOption(new Option('--role <role>', `one of ${ROLES.join(', ')}`).makeOptionMandatory())
    .option('--la <codes>', 'comma-separated LA numbers the user may see, or * for every council (default *)')
    .option('--teams <ids>', 'team manager only: comma-separated ids of the teams they manage (and the teams under them)')
    .option('--pool <name>', 'regional analyst only: the pool whose consenting councils they see (headroom pools list)')
    .option('--name <name>', 'display name')
    .action(async (username: string, raw: unknown) => {
      const flags = parseFlags(AddFlags, raw);
      const password = await newPassword(ctx, username);
      const { adapters, services } = await ctx.open();
      try {
        const user = await services.users.add({ username, password, role: flags.role, laCodes: list(flags.la), teamIds: list(flags.teams), pool: flags.pool, displayName: flags.name ?? null }, { actor: ctx.actor() });
        ctx.out(`Added ${describe(user)}.`);
      } finally {
        await adapters.close();
      }
    });

  users
    .command('list')
    .description('list users, their roles, councils and teams')
    .option('--json', 'print JSON')
    .action(async (raw: unknown) => {
      const flags = parseFlags(ListFlags, raw);
      const { adapters, services } = await ctx.open();
      try {
        const all = await services.users.list();
        if (flags.json) {
          ctx.out(JSON.stringify(all.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))));
          return;
        }
        if (all.length === 0) {
          ctx.out('There are no users yet. Add the first administrator with: headroom users add NAME --role admin');
          return;
        }
        ctx.out(
          renderTable({
            head: ['Username', 'Role', 'Councils', 'Teams', 'Pool', 'Status'],
            rows: all.map((u) => [u.username, u.role, u.laCodes.join(','), u.teamIds.join(','), u.pool?.name ?? '', u.disabled ? 'disabled' : u.locked ? 'paused' : 'active']),
          }),
        );
      } finally {
        await adapters.close();
      }
    });

  users
    .command('disable')
    .description('stop a user signing in, and end their sessions at once')
    .argument('<username>')
    .action(async (username: string) => {
      const { adapters, services } = await ctx.open();
      try {
        await services.users.disable(username, { actor: ctx.actor() });
        ctx.out(`Disabled ${username.trim().toLowerCase()}; their sessions have ended.`);
      } finally {
        await adapters.close();
      }
    });

  users
    .command('enable')
    .description('let a disabled user sign in again')
    .argument('<username>')
    .action(async (username: string) => {
      const { adapters, services } = await ctx.open();
      try {
        await services.users.enable(username, { actor: ctx.actor() });
        ctx.out(`Enabled ${username.trim().toLowerCase()}.`);
      } finally {
        await adapters.close();
      }
    });

  users
    .command('reset-password')
    .description('set a new password (prompted for, or the first line of stdin); clears any sign-in pause and ends their sessions')
    .argument('<username>')
    .action(async (username: string) => {
      const password = await newPassword(ctx, username);
      const { adapters, services } = await ctx.open();
      try {
        await services.users.resetPassword(username, password, { actor: ctx.actor() });
        ctx.out(`Reset the password of ${username.trim().toLowerCase()}; their sessions have ended.`);
      } finally {
        await adapters.close();
      }
    });

  users
    .command('set-role')
    .description('change a user’s role, councils and teams (applies from their next page)')
    .argument('<username>')
    .addOption(new Option('--role <role>', `one of ${ROLES.join(', ')}`).makeOptionMandatory())
    .option('--la <codes>', 'comma-separated LA numbers, or * for every council (default: unchanged)')
    .option('--teams <ids>', 'team manager only: comma-separated team ids (default: unchanged)')
    .option('--pool <name>', 'regional analyst only: the pool whose consenting councils they see (default: unchanged)')
    .action(async (username: string, raw: unknown) => {
      const flags = parseFlags(SetRoleFlags, raw);
      const { adapters, services } = await ctx.open();
      try {
        const user = await services.users.setRole(username, { role: flags.role, laCodes: list(flags.la), teamIds: list(flags.teams), pool: flags.pool }, { actor: ctx.actor() });
        ctx.out(`Changed ${describe(user)}.`);
      } finally {
        await adapters.close();
      }
    });
}

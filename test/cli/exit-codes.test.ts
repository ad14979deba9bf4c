import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services as buildServices, type Adapters } from '../../src/app.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { buildProgram, main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';

/*
 * The one exit-code rule (README, "Exit codes"), checked for every command the program has:
 * the list comes from the commander program itself, so a new command is covered without
 * touching this file (or fails here until it is classified below).
 */

const dir = mkdtempSync(path.join(tmpdir(), 'headroom-exit-codes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MISSING = path.join(dir, 'no-such-file.json');
const SCENARIO = path.join(dir, 'scenario.json');
writeFileSync(SCENARIO, JSON.stringify({ name: 'Exit codes', changes: [{ type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: 1 }] }));

/** Commands whose --la may name a council with no data yet: loading or configuring it, or scoping an account. */
const LA_MAY_BE_NEW = new Set([
  'import annex-a',
  'import roster',
  'import teams',
  'import allocations',
  'import csww',
  'import population',
  'import ssda903',
  'import cin-census',
  'import ssd',
  'import audits',
  'import risks',
  'plan import',
  'standards show',
  'standards set',
  'users add',
  'users set-role',
]);

/** A value for each mandatory option other than --la, as a user would give it (`command --flag` where one command differs). */
const OPTION_VALUES: Record<string, string> = {
  'import ssda903 --year': '2024',
  '--year': '2023-24',
  '--out': path.join(dir, 'out.html'),
  '--scenario': 'Exit codes',
  '--role': 'viewer',
  '--before': '2020-01-01',
};

interface Leaf {
  name: string;
  command: Command;
}

function leaves(command: Command, prefix: string[] = []): Leaf[] {
  return command.commands.flatMap((sub) => {
    const names = [...prefix, sub.name()];
    return sub.commands.length === 0 ? [{ name: names.join(' '), command: sub }] : leaves(sub, names);
  });
}

const takesFile = (argName: string): boolean => /file|path|folder|profile/i.test(argName);

/** The command with every required argument and mandatory option given, reading `file` where it reads a file. */
function fullArgs(leaf: Leaf, la: string, file: string): string[] {
  const args = leaf.command.registeredArguments.filter((a) => a.required).map((a) => (takesFile(a.name()) ? file : 'X'));
  const options = leaf.command.options.filter((o) => o.mandatory).flatMap((o) => {
    const flag = o.long ?? '';
    if (flag === '--la') return ['--la', la];
    const value = OPTION_VALUES[`${leaf.name} ${flag}`] ?? OPTION_VALUES[flag];
    if (value === undefined) throw new Error(`${leaf.name}: give this test a value for the mandatory option ${flag}`);
    return [flag, value];
  });
  return [...leaf.name.split(' '), ...args, ...options];
}

const quietCtx = (): CliContext => ({
  out: () => undefined,
  err: () => undefined,
  isTty: false,
  env: {},
  config: () => loadConfig({}),
  logger: () => createLogger({ level: 'silent' }),
  readSecret: () => Promise.resolve(''),
  actor: () => 'cli:tester',
  open: () => Promise.reject(new Error('this check never opens the database')),
});

const program = buildProgram(quietCtx());
const all = leaves(program);

describe('the exit-code rule covers every command', () => {
  it('finds the commands from the program itself', () => {
    expect(all.map((l) => l.name)).toEqual(expect.arrayContaining(['serve', 'caseloads', 'import annex-a', 'scenario run', 'report business-case', 'audit archive']));
    expect(all.length).toBeGreaterThan(30);
    for (const name of LA_MAY_BE_NEW) expect(all.map((l) => l.name), name).toContain(name);
  });
});

for (const driver of testDrivers()) {
  describe(`exit codes of every command (${driver.kind})`, () => {
    let handle: DatabaseHandle;
    let stderr: string[];
    const ctx: CliContext = {
      ...quietCtx(),
      err: (text) => stderr.push(text),
      open: () => {
        const adapters: Adapters = { db: handle.db, dbKind: handle.kind, dbLocation: handle.location, clock: () => new Date('2024-03-31T12:00:00Z'), logger: createLogger({ level: 'silent' }), close: () => Promise.resolve() };
        return Promise.resolve({ adapters, services: buildServices(adapters) });
      },
    };
    async function headroom(args: string[]): Promise<{ code: number; stderr: string }> {
      stderr = [];
      const code = await main(['node', 'headroom', ...args], ctx);
      return { code, stderr: stderr.join('\n') };
    }

    beforeAll(async () => {
      handle = await driver.open();
      await truncateAll(handle.db);
      await seedSmallCouncil(handle.db);
    }, 60_000);
    afterAll(async () => {
      await handle.close();
    });

    it('2 for an unknown flag, on every command', async () => {
      for (const leaf of all) {
        // Everything else given, so the unknown flag is the only thing wrong (commander checks mandatory options first).
        const r = await headroom([...fullArgs(leaf, '855', SCENARIO), '--no-such-flag']);
        expect(r.code, leaf.name).toBe(2);
        expect(r.stderr, leaf.name).toContain("unknown option '--no-such-flag'");
      }
    });

    it('2 for a missing argument or mandatory option, on every command that has one', async () => {
      const needy = all.filter((l) => l.command.registeredArguments.some((a) => a.required) || l.command.options.some((o) => o.mandatory));
      expect(needy.length).toBeGreaterThan(20);
      for (const leaf of needy) {
        const r = await headroom(leaf.name.split(' '));
        expect(r.code, leaf.name).toBe(2);
        expect(r.stderr, leaf.name).toMatch(/missing required argument|required option/);
      }
    });

    it('3 for a file that is not there, on every command that reads one', async () => {
      // `db backup FILE` writes its file rather than reading it.
      const readers = all.filter((l) => l.name !== 'db backup' && l.command.registeredArguments.some((a) => a.required && takesFile(a.name())));
      expect(readers.map((l) => l.name)).toEqual(expect.arrayContaining(['import annex-a', 'scenario run', 'scenario save', 'costs set', 'standards set']));
      for (const leaf of readers) {
        const r = await headroom(fullArgs(leaf, '855', MISSING));
        expect(r.code, leaf.name).toBe(3);
        expect(r.stderr, leaf.name).toContain(`${MISSING}: no such file or folder.`);
      }
    });

    it('3 for an LA with no data, on every command about a council’s data', async () => {
      const about = all.filter((l) => l.command.options.some((o) => o.long === '--la') && !LA_MAY_BE_NEW.has(l.name));
      expect(about.length).toBeGreaterThan(10);
      for (const leaf of about) {
        const r = await headroom(fullArgs(leaf, '998', SCENARIO));
        expect(r.code, leaf.name).toBe(3);
        expect(r.stderr, leaf.name).toContain('There is no data for LA 998.');
      }
    });

    it('3 for an output file that cannot be written, with nothing written', async () => {
      const out = path.join(dir, 'no-such-folder', 'report.html');
      const r = await headroom(['report', 'performance', '--la', '855', '--year', '2023-24', '--out', out]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`${out} could not be written: its folder does not exist. Nothing was written.`);
    });
  });
}

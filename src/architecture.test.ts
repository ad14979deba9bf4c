import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The rooms of docs/architecture.md and what each may import. A file's room is its first folder
 * under src; files at the top of src (app.ts, config.ts, errors.ts, logger.ts) are rooms of their own.
 */
const SRC = path.dirname(fileURLToPath(import.meta.url));

/** Shared leaves every room may use: the error shape and the logger import nothing upward. */
const LEAVES = ['errors.ts', 'logger.ts'];

const RULES: Record<string, readonly string[]> = {
  domain: ['domain'],
  formats: ['formats', 'domain'],
  reports: ['reports', 'domain'],
  db: ['db', 'domain'],
  demo: ['demo', 'domain', 'formats', 'reports'],
  services: ['services', 'domain', 'formats', 'reports', 'db', 'demo', 'config.ts'],
  'config.ts': ['domain'],
  'errors.ts': ['domain'],
  'logger.ts': [],
  // The edges are handed the services that app.ts wires (they import its types and adapters).
  web: ['web', 'app.ts', 'services', 'domain', 'formats', 'reports', 'config.ts'],
  cli: ['cli', 'app.ts', 'services', 'domain', 'formats', 'reports', 'db', 'demo', 'config.ts'],
};

/** Type-only imports a room may make besides: repositories store the typed rows the parsers give. */
const TYPE_ONLY: Record<string, readonly string[]> = {
  db: ['formats'],
};

/** The one place one edge starts the other: `headroom serve` starts the web app. */
const EDGE_MEETS = new Set(['cli/serve.command.ts -> web/server.ts']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The static and dynamic imports and re-exports of a file: their specifiers and whether each is type-only. */
export function importsOf(source: string): { spec: string; typeOnly: boolean }[] {
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const m of source.matchAll(/^\s*(import|export)(\s+type\b)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.push({ spec: m[3]!, typeOnly: m[2] !== undefined });
  for (const m of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push({ spec: m[1]!, typeOnly: false });
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false });
  return found;
}

function roomOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel[0]!;
}

/** The rule's breaches: "from -> to (specifier)" for each import of a room the importer may not use. */
function breaches(): string[] {
  const out: string[] = [];
  for (const file of filesUnder(SRC)) {
    const from = roomOf(file);
    if (from === 'app.ts' || file.endsWith('.test.ts') || file === fileURLToPath(import.meta.url)) continue;
    const allowed = RULES[from];
    for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(SRC + path.sep)) {
        out.push(`${path.relative(SRC, file)} imports ${spec}, outside src`);
        continue;
      }
      const to = roomOf(target);
      if (to === from || LEAVES.includes(to)) continue;
      if (typeOnly && TYPE_ONLY[from]?.includes(to)) continue;
      if (EDGE_MEETS.has(`${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`)) continue;
      if (allowed === undefined || !allowed.includes(to)) out.push(`${path.relative(SRC, file)} (${from}) imports ${spec} (${to})`);
    }
  }
  return out;
}

describe('the rooms of src import only downward (docs/architecture.md)', () => {
  it('finds the imports of a file', () => {
    const source = "import { a } from '../db/x.ts';\nimport type { B } from \"./b.ts\";\nexport { c } from '../c.ts';\nimport './side.ts';\nconst d = await import('../web/d.ts');\n";
    expect(importsOf(source)).toEqual([
      { spec: '../db/x.ts', typeOnly: false },
      { spec: './b.ts', typeOnly: true },
      { spec: '../c.ts', typeOnly: false },
      { spec: './side.ts', typeOnly: false },
      { spec: '../web/d.ts', typeOnly: false },
    ]);
  });

  it('knows every room under src', () => {
    const rooms = new Set(filesUnder(SRC).filter((file) => !file.endsWith('.test.ts')).map(roomOf));
    rooms.delete('app.ts');
    expect([...rooms].filter((room) => !(room in RULES))).toEqual([]);
  });

  it('has no file importing a room above its own', () => {
    expect(breaches()).toEqual([]);
  });
});

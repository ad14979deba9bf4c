import type { Kysely } from 'kysely';
import { getLaSetting, upsertLaSetting } from '../db/la-setting.repository.ts';
import type { Database } from '../db/schema.ts';
import type { StandardProfile } from '../domain/standards/caseload-standard.ts';
import { parseProfile, type ProfileError } from '../domain/standards/parse-profile.ts';
import { PRESETS, PRESET_NAMES, getPreset } from '../domain/standards/presets.ts';
import { AppError, rejectedInput } from '../errors.ts';
import { issue } from '../domain/issue.ts';

export const DEFAULT_PROFILE = 'local-18-20';

function presetName(name: string): ProfileError {
  const reason = `"${name}" belongs to a preset; give your standard its own name`;
  return issue('conflict', 'name', `name ${reason}`, reason);
}

/** The caseload standard each LA measures against: a preset, or its own profile from JSON. */
export function standardsService(deps: { db: Kysely<Database> }) {
  return {
    presets(): StandardProfile[] {
      return PRESET_NAMES.map((n) => PRESETS[n]);
    },

    async active(laCode: string): Promise<StandardProfile> {
      const setting = await getLaSetting(deps.db, laCode);
      if (setting?.customProfile && setting.activeProfile === (setting.customProfile as { name?: string }).name) {
        const parsed = parseProfile(setting.customProfile);
        if (parsed.ok) return parsed.profile;
      }
      return getPreset(setting?.activeProfile ?? DEFAULT_PROFILE) ?? PRESETS[DEFAULT_PROFILE];
    },

    /** Makes a preset active for the LA. */
    async usePreset(laCode: string, name: string): Promise<StandardProfile> {
      const preset = getPreset(name);
      if (!preset) {
        throw new AppError('bad_usage', `There is no caseload standard called "${name}". Choose one of: ${PRESET_NAMES.join(', ')}, or give a JSON file.`);
      }
      await upsertLaSetting(deps.db, laCode, { activeProfile: preset.name });
      return preset;
    },

    /**
     * Validates a custom profile and makes it active for the LA, or gives back each problem with
     * the field it is about (for a form); nothing is saved if it is invalid.
     */
    async saveCustom(laCode: string, json: unknown): Promise<{ ok: true; profile: StandardProfile } | { ok: false; errors: ProfileError[] }> {
      const parsed = parseProfile(json);
      if (!parsed.ok) return parsed;
      if (getPreset(parsed.profile.name)) return { ok: false, errors: [presetName(parsed.profile.name)] };
      await upsertLaSetting(deps.db, laCode, { activeProfile: parsed.profile.name, customProfile: json });
      return { ok: true, profile: parsed.profile };
    },

    /** Validates a custom profile and makes it active for the LA; nothing is saved if it is invalid. */
    async useCustom(laCode: string, json: unknown, origin: string): Promise<StandardProfile> {
      const parsed = parseProfile(json);
      if (!parsed.ok) throw rejectedInput(origin, parsed.errors, 'so it is not a valid caseload standard and nothing was saved');
      if (getPreset(parsed.profile.name)) throw rejectedInput(origin, [presetName(parsed.profile.name)], 'so nothing was saved');
      await upsertLaSetting(deps.db, laCode, { activeProfile: parsed.profile.name, customProfile: json });
      return parsed.profile;
    },
  };
}
export type StandardsService = ReturnType<typeof standardsService>;

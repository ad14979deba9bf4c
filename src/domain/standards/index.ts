export {
  caseTypeWeight,
  DEFAULT_SPAN_OF_CONTROL,
  isCaseHoldingRole,
  MANAGER_ROLES,
  rangeMidpoint,
  standardRangeFor,
} from './caseload-standard.ts';
export type { CaseloadRange, SpanOfControl, StandardProfile } from './caseload-standard.ts';
export { getPreset, isPresetName, PRESET_NAMES, PRESETS } from './presets.ts';
export type { PresetName } from './presets.ts';
export { parseProfile, profileSchema } from './parse-profile.ts';
export type { ParseProfileResult, ProfileError } from './parse-profile.ts';

import { describe, expect, it } from 'vitest';
import { KPI_IDS } from './kpi.ts';
import { KPI_SECTIONS } from './sections.ts';

describe('KPI sections', () => {
  it('place every indicator in exactly one section, in the stable order', () => {
    expect(KPI_SECTIONS.flatMap((s) => s.ids)).toEqual([...KPI_IDS]);
  });
});

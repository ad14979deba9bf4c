import { describe, expect, it } from 'vitest';
import { safeNext } from './auth.plugin.ts';

describe('safeNext: where to go after signing in', () => {
  it.each(['/', '/caseloads?la=855', '/data/imports/12', '/planning/scenarios/a%20b', '/caseloads?la=855#teams'])('keeps the path on this site %j', (next) => {
    expect(safeNext(next)).toBe(next);
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/caseloads\r\nSet-Cookie: x=1',
    '/%2F/evil.example',
    '/%09/evil.example',
    '%2F%09%2Fevil.example',
    '/%5Cevil.example',
    '/%0d%0aLocation:%20https://evil.example',
    '/\u0000',
    '/%00',
    '/%E0%A4%A',
    'https://evil.example',
    'evil.example',
    '',
    `/${'a'.repeat(2001)}`,
    42,
    ['/a', '/b'],
    undefined,
  ])('sends %j home instead', (next) => {
    expect(safeNext(next)).toBe('/');
  });
});

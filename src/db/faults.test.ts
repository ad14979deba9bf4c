import { describe, expect, it } from 'vitest';
import { storageFault, withDeadline } from './faults.ts';

describe('faults of the machine', () => {
  it('names a full disk, from the file system or from PostgreSQL, even when wrapped', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(storageFault(enospc)?.message).toBe('The disk holding the database is full. Free some space and try again; nothing was changed.');
    expect(storageFault(Object.assign(new Error('could not extend file "base/5/16384": wrote only 4096 of 8192 bytes'), { code: '53100' }))?.code).toBe('database_unavailable');
    expect(storageFault(new Error('import failed', { cause: enospc }))?.message).toContain('disk holding the database is full');
    expect(storageFault(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }))?.message).toContain('read-only');
    expect(storageFault(new Error('relation "x" does not exist'))).toBeNull();
    expect(storageFault('not an error')).toBeNull();
  });

  it('gives up on work that never answers, with a plain message', async () => {
    await expect(withDeadline(new Promise(() => undefined), 50, 'The database')).rejects.toThrow(/^The database did not answer within 0 seconds\. Check that the disk/);
    await expect(withDeadline(Promise.resolve(7), 1000, 'The database')).resolves.toBe(7);
  });
});

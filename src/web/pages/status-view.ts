import type { Health } from '../../services/system.service.ts';

/** The health check in words, for people; machines read the same facts as JSON at /health. */
export function statusView(health: Health) {
  const ok = health.status === 'ok';
  return {
    ok,
    headline: ok ? 'Headroom is working normally' : 'Headroom is working, but its database needs updating',
    rows: [
      { key: { text: 'Status' }, value: { text: ok ? 'Working normally' : 'Degraded: database updates are waiting' } },
      { key: { text: 'Database' }, value: { text: health.database === 'pglite' ? 'Embedded database on this computer (PGlite)' : 'PostgreSQL server' } },
      { key: { text: 'Database updates applied' }, value: { text: `${health.migrations.applied}${health.migrations.latest ? `, the latest ${health.migrations.latest}` : ''}` } },
      { key: { text: 'Database updates waiting' }, value: { text: health.migrations.pending === 0 ? 'None' : `${health.migrations.pending}: restart Headroom, or run headroom db migrate` } },
    ],
  };
}

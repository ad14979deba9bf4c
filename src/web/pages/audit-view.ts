/**
 * An audit row's detail in words for the audit log page: team ids named, lists of child or
 * worker ids counted (never listed), files and downloads named. The CSV download keeps the
 * detail exactly as recorded.
 */
export function auditDetailText(detail: Record<string, unknown>, teamNames: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  const team = (id: unknown) => (typeof id === 'string' ? (teamNames.get(id) ?? id) : String(id));
  const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
  for (const [key, value] of Object.entries(detail)) {
    if (value === null || value === undefined || value === '') continue;
    parts.push(describe(key, value));
  }
  return parts.filter((p) => p !== '').join('; ');

  function describe(key: string, value: unknown): string {
    switch (key) {
      case 'childIds':
        return Array.isArray(value) ? `${value.length.toLocaleString('en-GB')} ${value.length === 1 ? 'child' : 'children'} shown` : '';
      case 'workerIds':
        return Array.isArray(value) ? `${plural(value.length, 'worker')} shown` : '';
      case 'teamIds':
        return Array.isArray(value) ? (value.length === 0 ? 'no teams' : `teams: ${value.map(team).join(', ')}`) : '';
      case 'teamId':
        return `team: ${team(value)}`;
      case 'laCodes':
        return Array.isArray(value) ? `councils: ${value.map((c) => (c === '*' ? 'every council' : String(c))).join(', ')}` : '';
      case 'fileName':
      case 'file':
        return `file: ${String(value)}`;
      case 'download':
        return `downloaded: ${String(value).replace(/-/g, ' ')}`;
      case 'asOf':
        return `at ${String(value)}`;
      case 'page':
        return `page: ${String(value)}`;
      case 'pageNumber':
        return `page number ${String(value)}`;
      case 'sessionsEnded':
        return typeof value === 'number' ? `${plural(value, 'session')} ended` : '';
      case 'withNames':
        return value === true ? 'with worker names' : 'without worker names';
      default:
        return `${words(key)}: ${plain(value)}`;
    }
  }

  function plain(value: unknown): string {
    if (Array.isArray(value)) return value.length > 5 ? plural(value.length, 'item') : value.map(plain).join(', ');
    if (typeof value === 'object' && value !== null) {
      return Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => (k === 'teamIds' && Array.isArray(v) ? `teams ${v.length === 0 ? 'none' : v.map(team).join(', ')}` : `${words(k)} ${plain(v)}`))
        .join(', ');
    }
    return String(value);
  }
}

/** `rowsRejected` reads "rows rejected". */
function words(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

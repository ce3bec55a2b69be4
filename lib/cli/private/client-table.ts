// The demo's summary: one row per managed client of a stack, read from the ledger (never the
// export's secret), as a fixed-width table.
import type { LedgerRecord } from '../../backend';

export function clientTable(records: readonly LedgerRecord[], storeDescription: string): string {
  const rows = records.map((r) => [r.key, r.clientId, r.spec.grantTypes.join(', '), r.spec.scopes.join(' ') || '-', `${storeDescription}: ${r.exportPath}`]);
  const header = ['client', 'client_id', 'grant', 'scopes', 'secret exported to'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// From two sides to the report: compare, flag, count. Pure, so the whole report can be tested
// from specs without synthesizing anything.
import { compareClients } from './compare-clients';
import type { Side } from './load-side';
import { AUDIT_SCHEMA_VERSION, type AuditReport, type Severity } from './report-schema';
import { riskFlags } from './risk-flags';

export function buildReport(base: Side, head: Side): AuditReport {
  const { hosts, pairs } = compareClients(base.clients, head.clients);
  const flags = riskFlags(pairs);
  const clients = hosts.flatMap((h) => h.clients);
  const count = (status: string) => clients.filter((c) => c.status === status).length;
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    base: base.source,
    head: head.source,
    changed: hosts.length > 0,
    summary: {
      clientsAdded: count('added'),
      clientsRemoved: count('removed'),
      clientsChanged: count('changed'),
      high: flags.filter((f) => f.severity === 'high').length,
      medium: flags.filter((f) => f.severity === 'medium').length,
    },
    flags,
    hosts,
  };
}

/** `--fail-on high` fails on high flags; `--fail-on medium` on medium or high ones. */
export function failsGate(report: AuditReport, failOn: Severity | undefined): boolean {
  if (failOn === undefined) return false;
  return failOn === 'high' ? report.summary.high > 0 : report.summary.high + report.summary.medium > 0;
}

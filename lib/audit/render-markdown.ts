// The report as GitHub-flavoured Markdown for a pull-request comment: flags first, then one
// table per host. Every declared value is shown in a code span, so a scope or URL can neither
// format the comment nor @-mention anyone.
import type { AuditReport, Change, ClientEntry, Flag, HostEntry, Source } from './report-schema';

/** GitHub refuses comments over 65,536 characters; leave room for a workflow's own header. */
const DEFAULT_MAX_LENGTH = 60_000;

const SEVERITY_MARK = { high: '🔴 **high**', medium: '🟠 **medium**' } as const;

export function renderMarkdown(report: AuditReport, maxLength = DEFAULT_MAX_LENGTH): string {
  const between = `${describe(report.base)} and ${describe(report.head)}`;
  if (!report.changed) return `No OAuth client changes between ${between}.\n`;

  const head = [`### OAuth client audit: ${describe(report.base)} → ${describe(report.head)}`, '', summaryLine(report), ''];
  const blocks: string[][] = [];
  if (report.flags.length > 0) blocks.push(['**Flags**', '', ...report.flags.map(flagLine), '']);
  for (const host of report.hosts) blocks.push([`#### ${code(host.name)} (${host.environment})`, '', '| client | change | details |', '| --- | --- | --- |', ...hostRows(host), '']);

  // Whole lines only, until the budget is spent; the JSON format always has everything.
  const out = [...head];
  let length = out.join('\n').length;
  let left = 0;
  for (const line of blocks.flat()) {
    if (left === 0 && length + line.length + 200 < maxLength) {
      out.push(line);
      length += line.length + 1;
    } else if (line.startsWith('- ') || line.startsWith('| ')) left++;
  }
  if (left > 0) out.push('', `_${left} more line(s) left out to fit a comment: run \`oauth-clients audit --format json\` for the full report._`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

function describe(source: Source): string {
  if (source.kind === 'working-tree') return 'the working tree';
  return source.commit ? `${code(source.label)} (${source.commit.slice(0, 7)})` : code(source.label);
}

function summaryLine(report: AuditReport): string {
  const { clientsAdded, clientsRemoved, clientsChanged, high, medium } = report.summary;
  const parts = [
    clientsAdded > 0 ? `${clientsAdded} client(s) added` : '',
    clientsChanged > 0 ? `${clientsChanged} changed` : '',
    clientsRemoved > 0 ? `${clientsRemoved} removed` : '',
    report.hosts.some((h) => h.changes.length > 0) ? 'host settings changed' : '',
  ].filter(Boolean);
  const flags = high + medium === 0 ? 'no risk flags' : [high > 0 ? `🔴 ${high} high` : '', medium > 0 ? `🟠 ${medium} medium` : ''].filter(Boolean).join(' · ');
  return `${parts.join(', ')} · ${flags}`;
}

function flagLine(flag: Flag): string {
  const subject = flag.subject === undefined ? '' : `: ${code(flag.subject)}`;
  return `- ${SEVERITY_MARK[flag.severity]} ${code(flag.host)} › ${code(flag.client)}: ${flag.reason}${subject}`;
}

function hostRows(host: HostEntry): string[] {
  const rows = host.changes.map((change, i) => row(i === 0 ? '_host settings_' : '', ...changeCells(change)));
  for (const client of host.clients) {
    clientCells(client).forEach(([change, details], i) => rows.push(row(i === 0 ? code(client.key) : '', change, details)));
  }
  return rows;
}

/** One table row; `|` inside a cell (a code span too) must be escaped in GFM tables. */
const row = (...cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;

function clientCells(client: ClientEntry): [string, string][] {
  if (client.status === 'changed') return client.changes.map(changeCells);
  const s = client.summary;
  if (client.status === 'removed') {
    const fate = s.removalPolicy === 'destroy' ? 'deleted at the provider, exported secret deleted' : 'left at the provider (removal policy retain), no longer managed';
    return [['**removed**', [fate, client.likelyRenamedTo ? `replaced by ${code(client.likelyRenamedTo)}?` : ''].filter(Boolean).join('; ')]];
  }
  const details = [
    s.publicClient ? 'new client_id (public client)' : 'new client_id and secret',
    client.likelyRenameOf ? `replaces ${code(client.likelyRenameOf)}? (a renamed construct: declare \`key: '${client.likelyRenameOf.replace(/[`']/g, '')}'\` to keep that client)` : '',
    list(s.grantTypes),
    s.scopes.length > 0 ? `scopes ${list(s.scopes)}` : 'no scopes',
    s.redirectUrls.length > 0 ? `redirect URLs ${list(s.redirectUrls)}` : '',
  ];
  return [['**added**', details.filter(Boolean).join('; ')]];
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  scopes: 'scopes',
  grantTypes: 'grant types',
  redirectUrls: 'redirect URLs',
  postLogoutRedirectUrls: 'post-logout URLs',
  contacts: 'contacts',
  requirePkce: 'PKCE',
  publicClient: 'client type',
  tokenEndpointAuthMethod: 'auth method',
  accessTokenLifetimeSeconds: 'token lifetime',
  secretExport: 'secret export path',
  removalPolicy: 'removal policy',
  stack: 'owning stack',
  clientName: 'client name',
  applicationType: 'application type',
  policyUrl: 'policy URL',
  termsOfServiceUrl: 'terms URL',
  logoUrl: 'logo URL',
  specVersion: 'spec version',
};

function changeCells(change: Change): [string, string] {
  const [field] = change.path;
  const label =
    field === 'customClaims' ? `custom claim ${code(change.path.slice(1).join('.'))}` : field === 'host' ? `host ${change.path.slice(1).join('.')}` : (FIELD_LABELS[field] ?? change.path.join('.'));
  if (change.kind === 'set') {
    const parts = [change.added.length > 0 ? `added ${list(change.added)}` : '', change.removed.length > 0 ? `removed ${list(change.removed)}` : ''];
    return [label, parts.filter(Boolean).join('; ')];
  }
  return [label, `${leaf(field, change.before)} → ${leaf(field, change.after)}`];
}

function leaf(field: string, value: Extract<Change, { kind: 'value' }>['before']): string {
  if (field === 'requirePkce') return value ? 'on' : '**off**';
  if (field === 'publicClient') return value ? 'public' : 'confidential';
  if (value === null) return field === 'accessTokenLifetimeSeconds' ? 'provider default' : '_none_';
  if (field === 'accessTokenLifetimeSeconds') return `${value} s`;
  return Array.isArray(value) ? `[${list(value)}]` : code(String(value));
}

const list = (values: readonly string[]): string => values.map(code).join(', ');

/** A code span that holds any text: control characters escaped, long values cut, fence longer than any backtick run inside. */
export function code(value: string): string {
  const escaped = value.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  const text = escaped.length > 200 ? `${escaped.slice(0, 199)}…` : escaped;
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

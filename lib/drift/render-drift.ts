// The drift report as Markdown: one line per finding with its fix, readable in a pipeline log.
import type { DriftReport, FieldDrift } from './drift-report';

export function renderDrift(report: DriftReport): string {
  const scope = `${report.clients} declared client(s) in ${report.stacks.length === 1 ? `stack ${report.stacks[0]}` : `${report.stacks.length} stack(s)`}`;
  const lines = [report.converged ? `# OAuth clients: converged (${scope})` : `# OAuth clients: ${report.findings.length} finding(s) (${scope})`, ''];
  for (const f of report.findings) {
    lines.push(`- **${f.kind}** \`${f.host}/${f.key}\` (stack ${f.stack}${f.clientId ? `, client_id ${f.clientId}` : ''}): ${f.detail}`);
    for (const field of f.fields ?? []) lines.push(`  - ${describeField(field)}`);
    lines.push(`  - fix: \`${f.fix}\``);
  }
  if (report.notChecked.length > 0) {
    lines.push('', 'Not checked:');
    for (const n of report.notChecked) lines.push(`- ${n}`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function describeField(field: FieldDrift): string {
  const where = field.at === 'ledger' ? 'last applied' : 'at the provider';
  return `${field.field}: declared ${JSON.stringify(field.declared ?? null)}, ${where} ${JSON.stringify(field.actual ?? null)}`;
}

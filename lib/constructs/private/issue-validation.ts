// Registers a construct's checks with cdktf, which runs them at synth and reports all of them,
// each prefixed with the construct path.
import type { Construct } from 'constructs';
import { formatIssue, type ValidationIssue } from '../../model';

export function issueValidation(construct: Construct, check: () => readonly ValidationIssue[]): void {
  construct.node.addValidation({ validate: () => check().map(formatIssue) });
}

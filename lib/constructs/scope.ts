// A scope a host offers. Clients reference Scope objects, so a misspelt scope does not compile,
// and a scope of another host is a synth error.
import { Construct } from 'constructs';
import { displayTextRule, ScopeNameSchema, type ValidationIssue } from '../model';
import type { Host } from './host';
import { idIssues, usableId } from './private/construct-id';
import { issueValidation } from './private/issue-validation';
import { tokenIssues, withoutTokenFields } from './private/token-issues';

export interface ScopeOptions {
  /** Shown to reviewers and on consent screens. */
  readonly description: string;
}

export interface ScopeProps extends ScopeOptions {
  /** The scope value on the wire, e.g. `tstapp_data.read` (RFC 6749 §3.3 scope-token). */
  readonly name: string;
}

export class Scope extends Construct {
  static isScope(x: unknown): x is Scope {
    return x instanceof Scope;
  }

  readonly name: string;
  readonly description: string;

  constructor(
    readonly host: Host,
    id: string,
    props: ScopeProps,
  ) {
    super(host, usableId(host, id, 'Scope'));
    this.name = props.name;
    // Display text is compared trimmed (display-text.ts); a missing options object is reported, not a crash.
    this.description = typeof props.description === 'string' ? props.description.trim() : props.description;
    issueValidation(this, () => this._issues());
  }

  /** @internal Also reported by the host's clients when the host lives outside every stack. */
  _issues(): ValidationIssue[] {
    const props = { name: this.name, description: this.description };
    const tokens = tokenIssues(props);
    const issues: ValidationIssue[] = [];
    const name = ScopeNameSchema.safeParse(props.name);
    if (!name.success) issues.push({ code: 'OAC_SCOPE_NAME', field: 'name', message: `${name.error.issues[0].message}, got '${String(props.name)}'` });
    if (typeof props.description !== 'string') {
      issues.push({ code: 'OAC_SCOPE_DESCRIPTION', field: 'description', message: `must be a string of 1 to 300 characters (addScope(name, { description }) needs its options), got ${typeof props.description}` });
    } else if (props.description === '' || props.description.length > 300) {
      issues.push({ code: 'OAC_SCOPE_DESCRIPTION', field: 'description', message: 'must be 1 to 300 characters (whitespace only is empty)' });
    } else {
      const rule = displayTextRule(props.description);
      if (rule) issues.push({ code: 'OAC_TEXT_INVISIBLE', field: 'description', message: rule });
    }
    return [...idIssues(this), ...tokens, ...withoutTokenFields(issues, tokens)];
  }

  toString(): string {
    return this.name;
  }
}

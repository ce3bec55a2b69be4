// A scope a host offers. Clients reference Scope objects, so a misspelt scope does not compile,
// and a scope of another host is a synth error.
import { Construct } from 'constructs';
import { ScopeNameSchema, type ValidationIssue } from '../model';
import type { Host } from './host';
import { issueValidation } from './private/issue-validation';

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
    super(host, id);
    this.name = props.name;
    this.description = props.description;
    issueValidation(this, () => this._issues());
  }

  /** @internal Also reported by the host's clients when the host lives outside every stack. */
  _issues(): ValidationIssue[] {
    const props = { name: this.name, description: this.description };
    {
      const issues: ValidationIssue[] = [];
      const name = ScopeNameSchema.safeParse(props.name);
      if (!name.success) issues.push({ code: 'OAC_SCOPE_NAME', field: 'name', message: `${name.error.issues[0].message}, got '${props.name}'` });
      if (props.description.trim() === '' || props.description.length > 300) {
        issues.push({ code: 'OAC_SCOPE_DESCRIPTION', field: 'description', message: 'must be 1 to 300 characters' });
      }
      return issues;
    }
  }

  toString(): string {
    return this.name;
  }
}

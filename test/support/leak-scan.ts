// Searching output and files for secrets the way they leak: not only as raw strings but in the
// encodings a secret takes in transit and at rest — JSON-escaped, percent- and form-encoded,
// base64, and as HTTP Basic credentials, base64(client_id ":" client_secret) (RFC 7617 §2; RFC 6749
// §2.3.1 form-encodes both parts first). A search for the raw value alone misses all of these.
import * as fs from 'node:fs';

/** One way a secret can appear, e.g. "base64" or "Basic credentials (form-encoded)". */
export interface LeakForm {
  readonly form: string;
  readonly text: string;
}

/**
 * Shorter values would be found by chance (or everywhere, for ""), and a scan that always finds
 * something proves as little as one that never does.
 */
export const MIN_SECRET_LENGTH = 16;

/** `application/x-www-form-urlencoded` as URLSearchParams writes it (spaces as '+'). */
export const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

/** The forms one value takes; equal texts (most random secrets look the same in several) are kept once. */
export function encodingsOf(value: string): LeakForm[] {
  const json = JSON.stringify(value).slice(1, -1);
  const percent = encodeURIComponent(value);
  const forms: LeakForm[] = [
    { form: 'raw', text: value },
    { form: 'JSON-escaped', text: json },
    // Some serializers also escape '/' (PHP's json_encode, older Jackson settings).
    { form: 'JSON-escaped with \\/', text: json.replace(/\//g, '\\/') },
    // Non-ASCII as \uXXXX, as JSON.stringify-compatible ASCII-only writers emit it.
    { form: 'JSON-escaped ASCII', text: json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) },
    { form: 'URL-encoded', text: percent },
    { form: 'URL-encoded (lower-case hex)', text: percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()) },
    { form: 'form-encoded', text: formEncode(value) },
    { form: 'base64', text: Buffer.from(value).toString('base64') },
    { form: 'base64url', text: Buffer.from(value).toString('base64url') },
  ];
  return dedupe(forms);
}

/** The HTTP Basic credentials a client sends to the token endpoint, with and without form-encoding. */
export function basicCredentialsOf(clientId: string, clientSecret: string): LeakForm[] {
  const basic = (id: string, secret: string) => Buffer.from(`${id}:${secret}`).toString('base64');
  return dedupe([
    { form: 'Basic credentials', text: basic(clientId, clientSecret) },
    { form: 'Basic credentials (form-encoded)', text: basic(formEncode(clientId), formEncode(clientSecret)) },
  ]);
}

/** Named secrets and every form each takes; `find` says which appear in a text, and how. */
export class LeakScan {
  private readonly entries: Array<{ readonly name: string; readonly forms: readonly LeakForm[] }> = [];

  /** Adds a secret under a name that says what it is (a failure shows the name, never the value). */
  add(name: string, value: string): this {
    checkValue(name, value);
    this.entries.push({ name, forms: encodingsOf(value) });
    return this;
  }

  /** Adds a client secret, with the Basic credentials it forms with its client_id. */
  addClientCredentials(name: string, clientId: string, clientSecret: string): this {
    checkValue(name, clientSecret);
    this.entries.push({ name, forms: dedupe([...encodingsOf(clientSecret), ...basicCredentialsOf(clientId, clientSecret)]) });
    return this;
  }

  /** Whether a secret with exactly this value is in the scan already. */
  has(value: string): boolean {
    return this.entries.some((entry) => entry.forms[0].text === value);
  }

  get names(): string[] {
    return this.entries.map((entry) => entry.name);
  }

  /** "<name> (<form>)" for every secret found in `text`, in the order they were added. */
  find(text: string): string[] {
    return this.entries.flatMap(({ name, forms }) => forms.filter((f) => text.includes(f.text)).map((f) => `${name} (${f.form})`));
  }

  /** `find` over a file's bytes, read as UTF-8 and as latin1 (so a binary file is searched too). */
  findInFile(file: string): string[] {
    const bytes = fs.readFileSync(file);
    return [...new Set([...this.find(bytes.toString('utf8')), ...this.find(bytes.toString('latin1'))])];
  }

  /** Per file, the leaks found; files without any are left out, so "no leak" is `{}`. */
  findInFiles(files: readonly string[], label: (file: string) => string = (file) => file): Record<string, string[]> {
    const found: Record<string, string[]> = {};
    for (const file of files) {
      const leaks = this.findInFile(file);
      if (leaks.length > 0) found[label(file)] = leaks;
    }
    return found;
  }
}

function checkValue(name: string, value: string): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) {
    throw new Error(`leak scan: '${name}' must be a real secret of at least ${MIN_SECRET_LENGTH} characters, got ${typeof value === 'string' ? value.length : typeof value}`);
  }
}

function dedupe(forms: LeakForm[]): LeakForm[] {
  const seen = new Set<string>();
  return forms.filter((f) => (seen.has(f.text) ? false : (seen.add(f.text), true)));
}

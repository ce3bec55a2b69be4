// Scrubs secrets out of text before it reaches a log line, an error message or an exception.
// Two nets: exact values registered as they pass through the client, and patterns for credentials
// that were never registered (an Authorization header, a `client_secret=` echoed by a provider).
import { innerErrorsOf, isErrorLike } from './private/error-like';

/**
 * Field names whose values are credentials wherever they appear: OAuth token responses
 * (RFC 6749 §5.1), dynamic client registration (RFC 7591 §3.2.1, RFC 7592 §3), JWT client
 * assertions (RFC 7523 §2.2) and the resource-owner password grant (RFC 6749 §4.3.2).
 */
export const SENSITIVE_FIELDS: readonly string[] = [
  'client_secret',
  'registration_access_token',
  'initial_access_token',
  'access_token',
  'refresh_token',
  'id_token',
  'password',
  'assertion',
];

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Values shorter than this are not registered: they are not real secrets, and replacing every
 * occurrence of a short string ("true", "admin") would make messages unreadable.
 */
const MIN_SECRET_LENGTH = 8;

/** Error causes are followed this deep; a longer chain is cut rather than walked forever. */
const MAX_CAUSE_DEPTH = 8;

// `[a-z0-9_]*` in front of a field name also catches prefixed variants such as `old_password`.
const FIELD = `[a-z0-9_]*(?:${SENSITIVE_FIELDS.join('|')})`;

const SENSITIVE_FIELD = new RegExp(`^${FIELD}$`, 'i');

/** JSON bodies are searched this deep; OAuth responses are flat, a deeper one is not worth walking. */
const MAX_FIELD_DEPTH = 16;

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // "client_secret": "value" (JSON) and client_secret: 'value' (util.inspect), values with escapes.
  [new RegExp(`(["']?)(${FIELD})\\1(\\s*:\\s*)(["'])(?:(?!\\4)[^\\\\]|\\\\.)*\\4`, 'gi'), `$1$2$1$3$4${REDACTED}$4`],
  // \"client_secret\": \"value\" — JSON quoted inside another JSON string or an error message.
  [new RegExp(`\\\\"(${FIELD})\\\\"(\\s*:\\s*)\\\\".*?\\\\"`, 'gi'), `\\"$1\\"$2\\"${REDACTED}\\"`],
  // client_secret=value — form bodies and query strings.
  [new RegExp(`(${FIELD})=(?!\\[REDACTED\\])[^\\s&"',;}\\]]+`, 'gi'), `$1=${REDACTED}`],
  // Authorization: <anything> — header dumps, whatever the scheme.
  [/(\bauthorization["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi, `$1${REDACTED}`],
  // Bearer xxx / Basic xxx / DPoP xxx anywhere else (RFC 6750 §2.1, RFC 7617 §2, RFC 9449 §7.1).
  [/\b(Bearer|Basic|DPoP)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1 ${REDACTED}`],
];

/** Collects secret values as they pass through, and removes them (and credential patterns) from text. */
export class Redactor {
  private readonly secrets = new Set<string>();
  private longestFirst: readonly string[] = [];

  /**
   * Registers a secret. Its URL-encoded, form-encoded and JSON-escaped spellings are registered
   * too, because a provider may echo the value back in any of them.
   * Values shorter than 8 characters are ignored.
   */
  add(value: string): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) {
      return;
    }
    const spellings = [
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      JSON.stringify(value).slice(1, -1),
    ];
    for (const spelling of spellings) {
      this.secrets.add(spelling);
    }
    // Longest first, so a secret that contains another one is replaced whole.
    this.longestFirst = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  /**
   * Registers the string value of every sensitive field (see `SENSITIVE_FIELDS`) found in a
   * parsed JSON value or a form, at any depth — e.g. the `client_secret` of a registration response.
   */
  addFieldsOf(value: unknown): void {
    collectSensitiveValues(value, 0, (secret) => this.add(secret));
  }

  /** Returns `text` with every registered secret and every recognised credential replaced by `[REDACTED]`. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.longestFirst) {
      out = out.split(secret).join(REDACTED);
    }
    for (const [pattern, replacement] of PATTERNS) {
      out = out.replace(pattern, replacement);
    }
    return out;
  }
}

/**
 * Copies any thrown value into a new Error that is safe to print: message, stack and the whole
 * `cause` chain (and the `errors` of an AggregateError) are redacted; `name` and a string `code`
 * are kept so callers can still branch on them. The original is not modified.
 */
export function redactError(error: unknown, redactor: Redactor): Error {
  return copyRedacted(error, redactor, 0);
}

/**
 * One line describing an error and its causes, redacted — for a log line or an exit message.
 * @example "HttpTransportError: POST https://idp/reg failed: ECONNRESET; caused by: Error: socket hang up"
 */
export function describeError(error: unknown, redactor: Redactor): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth <= MAX_CAUSE_DEPTH; depth++) {
    parts.push(isErrorLike(current) ? `${current.name}: ${current.message}` : textOf(current));
    current = isErrorLike(current) ? current.cause : undefined;
  }
  return redactor.redact(parts.join('; caused by: ').replace(/\s*[\r\n]+\s*/g, ' '));
}

function collectSensitiveValues(value: unknown, depth: number, found: (secret: string) => void): void {
  if (typeof value !== 'object' || value === null || depth > MAX_FIELD_DEPTH) {
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'string' && SENSITIVE_FIELD.test(key)) {
      found(inner);
    } else {
      collectSensitiveValues(inner, depth + 1, found);
    }
  }
}

function copyRedacted(error: unknown, redactor: Redactor, depth: number): Error {
  if (!isErrorLike(error)) {
    return new Error(redactor.redact(textOf(error)));
  }
  const message = redactor.redact(error.message);
  const inner = innerErrorsOf(error);
  const copy =
    inner.length > 0
      ? new AggregateError(
          inner.map((each) => copyRedacted(each, redactor, depth + 1)),
          message,
        )
      : new Error(message);
  copy.name = error.name;
  copy.stack = typeof error.stack === 'string' ? redactor.redact(error.stack) : undefined;
  if (typeof error.code === 'string') {
    Object.assign(copy, { code: error.code });
  }
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    copy.cause = copyRedacted(error.cause, redactor, depth + 1);
  }
  return copy;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

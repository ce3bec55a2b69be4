// A redirect URL as a value with intent: the factory says what kind of URL the author meant, and
// validation (at synth, with the construct path) checks that the string is that kind.
import type { RedirectUrlKind } from '../model';

export class RedirectUrl {
  /** An https URL, e.g. `RedirectUrl.https('https://app.example.com/auth')`. */
  static https(url: string): RedirectUrl {
    return new RedirectUrl(url, 'https');
  }

  /**
   * A loopback URL for development hosts (RFC 8252 §7.3): `http://127.0.0.1:PORT/path`.
   * @param options.host `127.0.0.1`, `[::1]` or `localhost` (@default '127.0.0.1', which RFC 8252 §8.3 prefers)
   * @param options.path @default '/'
   */
  static loopback(port: number, options: { readonly host?: '127.0.0.1' | '[::1]' | 'localhost'; readonly path?: string } = {}): RedirectUrl {
    const path = options.path ?? '/';
    return new RedirectUrl(`http://${options.host ?? '127.0.0.1'}:${port}${path.startsWith('/') ? path : `/${path}`}`, 'loopback');
  }

  /** A private-use URI scheme for native apps (RFC 8252 §7.1), e.g. `com.example.app:/callback`. */
  static privateUse(url: string): RedirectUrl {
    return new RedirectUrl(url, 'private-use');
  }

  /** Any URL; its kind is inferred (and checked against the host's rules) at synth. */
  static of(url: string): RedirectUrl {
    return new RedirectUrl(url, undefined);
  }

  private constructor(
    /** The URL exactly as registered: providers match redirect URLs by exact string comparison. */
    readonly value: string,
    /** The kind the author asked for, when a typed factory was used. */
    readonly intendedKind: RedirectUrlKind | undefined,
  ) {}

  toString(): string {
    return this.value;
  }
}

/** Where props accept redirect URLs, a plain string means `RedirectUrl.of(string)`. */
export type RedirectUrlLike = RedirectUrl | string;

export const toRedirectUrl = (url: RedirectUrlLike): RedirectUrl => (typeof url === 'string' ? RedirectUrl.of(url) : url);

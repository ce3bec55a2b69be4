// The few HTML pages oidc-provider renders itself (errors, sign-out), replaced by plain ones: its
// defaults load a web font from the internet and print a NOTICE asking to be replaced (G3).

import type { OidcContext } from './oidc-provider-types';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 2em auto">
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

/** Error page of the browser-facing endpoints; `out` holds only `error` and `error_description`. */
export async function renderError(ctx: OidcContext, out: Record<string, unknown>): Promise<void> {
  ctx.type = 'html';
  ctx.body = page(
    'Development server: request refused',
    Object.entries(out)
      .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
      .join('\n'),
  );
}

/** The RP-initiated logout confirmation; `form` is oidc-provider's own form (id op.logoutForm). */
export async function logoutSource(ctx: OidcContext, form: string): Promise<void> {
  ctx.body = page(
    'Sign out of the development server?',
    `${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export async function postLogoutSuccessSource(ctx: OidcContext): Promise<void> {
  const client = ctx.oidc.client;
  const name = client?.clientName ?? client?.clientId;
  ctx.body = page('Signed out', `<p>You are signed out${name ? ` of ${escapeHtml(name)}` : ''}.</p>`);
}

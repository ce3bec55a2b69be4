// A real headless Chromium for browser tests: Debian's `chromium` (installed by .ci/run), driven
// by playwright-core with that binary as its executable. Requests leaving the machine are aborted
// (the tests run offline; oidc-provider's pages import a web font).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`);
  // --no-sandbox: the tests run as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

/** A page whose requests may only reach loopback addresses. */
export async function loopbackPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname) ? route.continue() : route.abort();
  });
  return context.newPage();
}

/**
 * Signs in on the development provider's pages (oidc-provider's devInteractions: any login and
 * password, then the consent form) and waits until the browser lands on the redirect URL; returns
 * the text of the page found there.
 */
export async function signInOnDevProvider(page: Page, authorizationUrl: string, login: string, isRedirect: (url: string) => boolean): Promise<string> {
  await page.goto(authorizationUrl, { waitUntil: 'domcontentloaded' });
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any password');
  await Promise.all([page.waitForLoadState('domcontentloaded'), page.click('button[type="submit"]')]);
  // The consent page (a single Continue button) may come next; the redirect ends the journey.
  for (let pages = 0; pages < 3 && !isRedirect(page.url()); pages++) {
    const consent = page.locator('button[type="submit"]');
    if ((await consent.count()) === 0) break;
    await Promise.all([page.waitForLoadState('domcontentloaded'), consent.first().click()]);
  }
  await page.waitForURL((url) => isRedirect(url.href), { timeout: 15_000 });
  return (await page.textContent('body')) ?? '';
}

// Opens a URL in the user's browser when there is one to open: the platform's opener, started
// detached and never waited for. Where none exists (a server, CI, a container) nothing happens:
// the caller always prints the URL too (RFC 8252 §4: the user may open it anywhere).
import { spawn } from 'node:child_process';

export function openBrowser(url: string, env: NodeJS.ProcessEnv): boolean {
  const command = opener(env);
  if (!command) return false;
  try {
    const child = spawn(command[0], [...command.slice(1), url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined); // no opener installed: the printed URL is enough
    child.unref();
    return true;
  } catch {
    return false;
  }
}

function opener(env: NodeJS.ProcessEnv): string[] | undefined {
  if (env.BROWSER === 'none') return undefined;
  if (env.BROWSER) return [env.BROWSER];
  switch (process.platform) {
    case 'darwin':
      return ['open'];
    case 'win32':
      // Not `start`: cmd.exe would read the URL's '&' as a command separator.
      return ['rundll32', 'url.dll,FileProtocolHandler'];
    default:
      // No display, no browser (an ssh session or a container).
      return env.DISPLAY || env.WAYLAND_DISPLAY ? ['xdg-open'] : undefined;
  }
}

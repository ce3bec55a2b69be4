// A barrier for processes that race to write: each handler process (preloaded with
// write-barrier-preload.cjs) connects before its first file-system write and waits; when all of
// them are there, every one is released at the same moment. Races that process start-up would
// otherwise hide (the first process done before the last has started) then happen on every run.
import { createServer, type Socket } from 'node:net';
import * as path from 'node:path';

const PRELOAD = path.join(__dirname, 'write-barrier-preload.cjs');

export interface WriteBarrier {
  /** The environment a process needs to stop at the barrier (NODE_OPTIONS preloads the hook). */
  readonly env: NodeJS.ProcessEnv;
  /**
   * 'all-arrived' when every party reached the barrier before it opened; 'gave-up' when it opened
   * after `giveUpMs` with fewer (a party failed before its first write): a story asserts the first.
   */
  readonly opened: Promise<'all-arrived' | 'gave-up'>;
  /** How many processes had reached the barrier when it opened (or so far). */
  arrived(): number;
  close(): Promise<void>;
}

/** Starts a barrier for `parties` processes on a loopback port. */
export async function startWriteBarrier(parties: number, giveUpMs = 30_000): Promise<WriteBarrier> {
  const waiting: Socket[] = [];
  let arrivedWhenOpened: number | undefined;
  let open: (how: 'all-arrived' | 'gave-up') => void = () => undefined;
  const opened = new Promise<'all-arrived' | 'gave-up'>((resolve) => {
    open = (how) => {
      if (arrivedWhenOpened !== undefined) return;
      arrivedWhenOpened = waiting.length;
      clearTimeout(timer);
      for (const socket of waiting) socket.end('go');
      resolve(how);
    };
  });
  // Not a timed assertion: only so that a party that died early cannot hang the others forever.
  const timer = setTimeout(() => open('gave-up'), giveUpMs);
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    if (arrivedWhenOpened !== undefined) {
      socket.end('go');
      return;
    }
    waiting.push(socket);
    if (waiting.length === parties) open('all-arrived');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    env: { NODE_OPTIONS: `--require ${PRELOAD}`, OAC_TEST_WRITE_BARRIER_PORT: String(port) },
    opened,
    arrived: () => arrivedWhenOpened ?? waiting.length,
    close: async () => {
      open('gave-up');
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

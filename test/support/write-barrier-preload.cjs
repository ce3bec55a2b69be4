'use strict';
// Preloaded (NODE_OPTIONS=--require) into every handler process of a concurrency story. The
// process's first mkdir — the first step of every store write (lib/files/atomic-file.ts creates
// the entry's folder before its temp file) — waits at a barrier until every process of the story
// has reached its own first write. Start-up then cannot spread the processes out: they have all
// looked for the store key file, found none and made a key of their own before any may create it,
// so the race for the key file and the folders happens on every run. See write-barrier.ts.
const fsp = require('node:fs/promises');
const net = require('node:net');

const port = Number(process.env.OAC_TEST_WRITE_BARRIER_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('write barrier: OAC_TEST_WRITE_BARRIER_PORT is not set');

let passed;
const pass = () =>
  (passed ??= new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    // The test writes one byte to every waiting process at once.
    socket.once('data', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  }));

const mkdir = fsp.mkdir;
fsp.mkdir = async function mkdirAfterBarrier(...args) {
  await pass();
  return mkdir.apply(this, args);
};

// What one provider process keeps between RPCs: the project root (from the provider block), one
// backend context per host (store, adapter, discovery fetched once for all clients), the redactor,
// and whether Terraform asked us to stop.
import * as path from 'node:path';
import type { HandlerContext } from '../backend';
import type { Redactor } from '../http';
import { canonicalJson } from '../model/canonical-json';
import type { HostSpec } from '../model';
import type { HandlerRuntime } from '../backend/handler-runtime';

export class ProviderRuntime {
  private projectRoot: string;
  private runtime?: HandlerRuntime;
  private readonly contexts = new Map<string, Promise<HandlerContext>>();
  private stopRequested = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly log: (line: string) => void,
  ) {
    this.projectRoot = process.cwd();
  }

  /** `project_root` of the provider block, relative to the stack directory Terraform runs in. */
  configure(projectRoot: string | undefined): void {
    this.projectRoot = path.resolve(process.cwd(), projectRoot ?? '.');
  }

  get redactor(): Redactor {
    return this.handlerRuntime().redactor;
  }

  /** One context per host for the life of the process: store opened and endpoints discovered once. */
  contextFor(host: HostSpec): Promise<HandlerContext> {
    const key = canonicalJson(host);
    let context = this.contexts.get(key);
    if (!context) {
      context = this.handlerRuntime().contextFor(host);
      // A failed open (missing key, unreachable store) is retried by the next call, not cached.
      context.catch(() => this.contexts.delete(key));
      this.contexts.set(key, context);
    }
    return context;
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  /**
   * StopProvider: no new change starts; the ones running finish, because stopping a first apply
   * half-way gains nothing (its journal would resume it) and stopping an update could lose a
   * rotated management token. Terraform waits for them and records their results.
   */
  async stop(): Promise<void> {
    this.stopRequested = true;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs a change, counted so stop() can wait for it. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    this.inFlight.add(running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(running);
    }
  }

  async close(): Promise<void> {
    await this.runtime?.close();
  }

  private handlerRuntime(): HandlerRuntime {
    // Loaded on first use: the stores, adapters and HTTP client are not needed to answer the schema.
    const { handlerRuntime } = require('../backend/handler-runtime') as typeof import('../backend/handler-runtime');
    this.runtime ??= handlerRuntime(this.projectRoot, this.env, (line) => this.log(this.runtime ? this.runtime.redactor.redact(line) : line));
    return this.runtime;
  }
}

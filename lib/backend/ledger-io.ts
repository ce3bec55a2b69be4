// Reading and writing the backend's records, validated on the way in and out, so a damaged
// record is an error that names its key rather than a half-understood object.
import type * as z from 'zod';
import type { SecretStoreBackend } from '../secrets';
import { IntentRecordSchema, JournalRecordSchema, LedgerRecordSchema, recordKeys, type IntentRecord, type JournalRecord, type LedgerRecord } from './records';

async function readRecord<S extends z.ZodType>(store: SecretStoreBackend, key: string, schema: S): Promise<z.output<S> | undefined> {
  const value = await store.get(key);
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${store.description}: the record at ${key} is damaged (${parsed.error.issues[0].message}); move it aside to continue`);
  return parsed.data;
}

export interface ClientRecords {
  readonly host: string;
  readonly key: string;
}

export const readLedger = (store: SecretStoreBackend, c: ClientRecords): Promise<LedgerRecord | undefined> => readRecord(store, recordKeys.ledger(c.host, c.key), LedgerRecordSchema);
export const writeLedger = (store: SecretStoreBackend, record: LedgerRecord): Promise<void> => store.put(recordKeys.ledger(record.host, record.key), record);
export const readIntent = (store: SecretStoreBackend, c: ClientRecords): Promise<IntentRecord | undefined> => readRecord(store, recordKeys.intent(c.host, c.key), IntentRecordSchema);
export const readJournal = (store: SecretStoreBackend, c: ClientRecords): Promise<JournalRecord | undefined> => readRecord(store, recordKeys.journal(c.host, c.key), JournalRecordSchema);

/** The journal from the durable store, else the local copy (the store may be what failed). */
export async function readAnyJournal(store: SecretStoreBackend, local: SecretStoreBackend, c: ClientRecords): Promise<JournalRecord | undefined> {
  return (await readJournal(store, c)) ?? (await readJournal(local, c));
}

/**
 * Drops the intent and the journal (both copies) once the ledger holds the client. The durable
 * journal goes last: a run killed in between leaves a journal naming the ledger's client, which the
 * next apply cleans up; an intent left beside a ledger record would look like a possible orphan.
 */
export async function dropAttemptRecords(store: SecretStoreBackend, local: SecretStoreBackend, c: ClientRecords): Promise<void> {
  await store.delete(recordKeys.intent(c.host, c.key));
  await local.delete(recordKeys.journal(c.host, c.key));
  await store.delete(recordKeys.journal(c.host, c.key));
}

/**
 * Every readable ledger record of a store, sorted by key. A damaged record is skipped here (apply
 * reports it by key when that client is applied), so one bad record does not stop a listing.
 */
export async function listLedger(store: SecretStoreBackend): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = [];
  for (const key of await store.list(recordKeys.ledgerPrefix)) {
    const parsed = LedgerRecordSchema.safeParse(await store.get(key));
    if (parsed.success) records.push(parsed.data);
  }
  return records.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

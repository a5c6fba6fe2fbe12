/** Small helpers over the database port that every service uses. */
import type { Db, DocData, Transaction } from '../ports/db';

/** WeChat rejects `doc(id).get()` of a missing document; most callers want null instead. */
export async function getOrNull<T = DocData>(ref: { get(): Promise<{ data: unknown }> }): Promise<T | null> {
  try {
    const { data } = await ref.get();
    return (data ?? null) as T | null;
  } catch (error) {
    if (isMissingDocError(error)) return null;
    throw error;
  }
}

export function isMissingDocError(error: unknown): boolean {
  const e = error as { errMsg?: string; message?: string; errCode?: number } | null;
  const text = `${e?.errMsg ?? ''} ${e?.message ?? ''}`;
  return /does not exist|not exist|cannot find document|document\.get:fail/i.test(text);
}

export const txGet = <T = DocData>(tx: Transaction, collection: string, id: string) => getOrNull<T>(tx.collection(collection).doc(id));

export const dbGet = <T = DocData>(db: Db, collection: string, id: string) => getOrNull<T>(db.collection(collection).doc(id));

/** Strip `_id` (WeChat refuses it in set/update data). */
export function withoutId<T extends { _id?: unknown }>(doc: T): Omit<T, '_id'> {
  const { _id: _omit, ...rest } = doc;
  return rest;
}

/** Domain types are interfaces (no index signature); this states that they are plain JSON documents. */
export const asDoc = <T extends object>(value: T): DocData => value as unknown as DocData;

/** A full dump of the local database, to prove a request changed nothing. */
import type { LocalDb } from '../../local/clouddb';

export async function snapshot(db: LocalDb): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const name of [...db.listCollections()].sort()) {
    const docs: unknown[] = [];
    for (let skip = 0; ; skip += 1000) {
      const { data } = await db.collection(name).orderBy('_id', 'asc').skip(skip).limit(1000).get();
      docs.push(...data);
      if (data.length < 1000) break;
    }
    dump[name] = docs;
  }
  return dump;
}

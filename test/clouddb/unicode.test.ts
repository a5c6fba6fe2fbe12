import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { openLocalDb, type LocalDb } from '../../local/clouddb';

// Texts that broke the old line-per-document file format, and other hard cases.
const TEXTS: Record<string, string> = {
  lineSeparator: '补偿\u2028第二行',
  paragraphSeparator: 'a\u2029b',
  nextLine: 'x\u0085y',
  newlines: 'l1\nl2\r\nl3\r',
  rtl: '\u200Fשלום\u200E ok \u202Eabc\u202C',
  emojiZwj: '👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇨🇳',
  combining: 'e\u0301 ñ Å',
  controls: '\u0000\u0001\u001f\u007f',
  quotes: `"'\\ {"$date":"2020-01-01T00:00:00.000Z"}`,
  loneSurrogates: '\ud800 \udfff',
  bom: '\ufeffstart',
  cjk: '鲜友会 𠮷野家',
};
const LONG = '长'.repeat(50_000) + '\u2028' + 'z'.repeat(50_000);

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'freshpal-unicode-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withDb<T>(fn: (db: LocalDb) => Promise<T>): Promise<T> {
  const db = await openLocalDb({ dir, indexes: { notes: ['text'] } });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('unicode text', () => {
  it('round-trips every text as values, array elements and field names, also after reopening the file', async () => {
    const doc = { ...TEXTS, long: LONG, list: Object.values(TEXTS), nested: { 'ключ 键 🔑': TEXTS.lineSeparator } };
    await withDb(async (db) => {
      await db.collection('notes').add({ data: { _id: 'n1', ...doc } });
      await db.runTransaction(async (tx) => {
        await tx.collection('notes').doc('n2').set({ data: { text: TEXTS.paragraphSeparator, reason: TEXTS.lineSeparator } });
      });
      await db.collection('notes').doc('n1').update({ data: { later: TEXTS.nextLine } });
      expect((await db.collection('notes').doc('n1').get()).data).toEqual({ _id: 'n1', ...doc, later: TEXTS.nextLine });
    });
    await withDb(async (db) => {
      const { data } = await db.collection('notes').doc('n1').get();
      expect(data).toEqual({ _id: 'n1', ...doc, later: TEXTS.nextLine });
      expect((data.long as string).length).toBe(100_001);
      expect((await db.collection('notes').doc('n2').get()).data).toEqual({ _id: 'n2', text: TEXTS.paragraphSeparator, reason: TEXTS.lineSeparator });
    });
  });

  it('finds documents by unicode values, on indexed and plain fields and inside arrays', async () => {
    await withDb(async (db) => {
      const texts = Object.entries(TEXTS).filter(([k]) => k !== 'loneSurrogates');
      await db.importMany(
        'notes',
        texts.map(([k, v]) => ({ _id: k, text: v, tags: [v, 'x'], plain: v })),
      );
      for (const [k, v] of texts) {
        expect((await db.collection('notes').where({ text: v }).get()).data.map((d) => d._id)).toEqual([k]);
        expect((await db.collection('notes').where({ plain: v }).get()).data.map((d) => d._id)).toEqual([k]);
        expect((await db.collection('notes').where({ tags: v }).get()).data.map((d) => d._id)).toEqual([k]);
      }
    });
  });
});

import { DbError, ErrCode, openLocalDb, type LocalDb } from '../../local/clouddb';
import type { Transaction } from '../../cloudfunctions/ports/db';

let db: LocalDb;

beforeEach(async () => {
  db = await openLocalDb({ dir: null, uniqueIndexes: { users: ['phone'] } });
  await db.collection('counters').add({ data: { _id: 'orders', n: 0 } });
  db.resetStats();
});

afterEach(async () => {
  await db.close();
});

async function counter(): Promise<number> {
  return (await db.collection('counters').doc('orders').get()).data.n as number;
}

function increment(tx: Transaction): Promise<number> {
  return (async () => {
    const ref = tx.collection('counters').doc('orders');
    const { data } = await ref.get();
    const next = (data.n as number) + 1;
    await ref.update({ data: { n: next } });
    return next;
  })();
}

async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('restrictions', () => {
  it('allows only single-document operations inside a transaction', async () => {
    for (const method of ['where', 'orderBy', 'get', 'count', 'limit', 'update', 'remove'] as const) {
      const err = await caught(() =>
        db.runTransaction(async (tx) => {
          const coll = tx.collection('counters') as unknown as Record<string, (...args: unknown[]) => unknown>;
          return coll[method]!({});
        }),
      );
      expect(err).toBeInstanceOf(DbError);
      expect((err as DbError).message).toContain('transaction: only single-document operations are allowed');
    }
  });

  it('rejects get/update/remove of a missing document and add of an existing one', async () => {
    const cases: Array<(tx: Transaction) => Promise<unknown>> = [
      (tx) => tx.collection('counters').doc('missing').get(),
      (tx) => tx.collection('counters').doc('missing').update({ data: { n: 1 } }),
      (tx) => tx.collection('counters').doc('missing').remove(),
      (tx) => tx.collection('counters').add({ data: { _id: 'orders', n: 5 } }),
    ];
    for (const run of cases) {
      const err = await caught(() => db.runTransaction(run));
      expect(err).toBeInstanceOf(DbError);
    }
    expect(await counter()).toBe(0);
  });

  it('rejects when the callback returns without awaiting its operations', async () => {
    const err = await caught(() =>
      db.runTransaction(async (tx) => {
        void tx.collection('counters').doc('orders').update({ data: { n: 7 } });
      }),
    );
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).message).toContain('await every operation');
    expect(await counter()).toBe(0);
  });

  it('refuses operations on a transaction object after it finished', async () => {
    let saved: Transaction | undefined;
    await db.runTransaction(async (tx) => {
      saved = tx;
    });
    await expect(saved!.collection('counters').doc('orders').get()).rejects.toBeInstanceOf(DbError);
  });
});

describe('isolation and commit', () => {
  it('reads its own writes; nothing is visible outside before commit', async () => {
    const result = await db.runTransaction(async (tx) => {
      const c = tx.collection('counters');
      await c.doc('orders').update({ data: { n: 5 } });
      await c.doc('fresh').set({ data: { n: 1 } });
      const { _id } = await c.add({ data: { n: 2 } });
      expect((await c.doc('orders').get()).data.n).toBe(5);
      expect((await c.doc('fresh').get()).data).toEqual({ _id: 'fresh', n: 1 });
      expect((await c.doc(String(_id)).get()).data.n).toBe(2);
      await c.doc('fresh').remove();
      await expect(c.doc('fresh').get()).rejects.toBeInstanceOf(DbError);
      // Outside the transaction the old state is still there.
      expect(await counter()).toBe(0);
      return _id;
    });
    expect(await counter()).toBe(5);
    await expect(db.collection('counters').doc('fresh').get()).rejects.toBeInstanceOf(DbError);
    expect((await db.collection('counters').doc(String(result)).get()).data.n).toBe(2);
  });

  it('serializes 30 concurrent read-modify-write transactions (first committer wins, others retry)', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => db.runTransaction(increment)));
    expect(await counter()).toBe(30);
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(db.stats.transactions).toBe(30);
    expect(db.stats.conflicts).toBeGreaterThan(0);
  });

  it('conflicts with concurrent non-transactional writes', async () => {
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => db.runTransaction(increment)),
      ...Array.from({ length: 10 }, () => db.collection('counters').doc('orders').update({ data: { n: db.command.inc(1) } })),
    ]);
    expect(results).toHaveLength(20);
    expect(await counter()).toBe(20);
  });

  it('gives up with a transaction conflict error after the allowed retries', async () => {
    const err = await caught(() =>
      db.runTransaction(async (tx) => {
        const ref = tx.collection('counters').doc('orders');
        const { data } = await ref.get();
        // Someone else writes the same document while this transaction is open.
        await db.collection('counters').doc('orders').update({ data: { other: db.command.inc(1) } });
        await ref.update({ data: { n: (data.n as number) + 1 } });
      }, 2),
    );
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).errCode).toBe(ErrCode.TX_CONFLICT);
    expect(db.stats.conflicts).toBe(3);
    expect(await counter()).toBe(0);
  });

  it('reruns an attempt that would read inconsistent data', async () => {
    await db.collection('counters').add({ data: { _id: 'b', n: 0 } });
    let runs = 0;
    const seen = await db.runTransaction(async (tx) => {
      runs += 1;
      const a = (await tx.collection('counters').doc('orders').get()).data.n as number;
      if (runs === 1) {
        // A concurrent writer moves both documents while the first attempt is between its reads.
        await db.runTransaction(async (other) => {
          await other.collection('counters').doc('orders').update({ data: { n: 1 } });
          await other.collection('counters').doc('b').update({ data: { n: 1 } });
        });
      }
      const b = (await tx.collection('counters').doc('b').get()).data.n as number;
      return [a, b];
    });
    expect(runs).toBe(2);
    expect(seen).toEqual([1, 1]);
  });
});

describe('failures', () => {
  it('writes nothing when the callback throws, and rethrows the same error object', async () => {
    const boom = new Error('boom');
    const err = await caught(() =>
      db.runTransaction(async (tx) => {
        await tx.collection('counters').doc('orders').update({ data: { n: 100 } });
        await tx.collection('counters').add({ data: { _id: 'new', n: 1 } });
        throw boom;
      }),
    );
    expect(err).toBe(boom);
    expect(await counter()).toBe(0);
    await expect(db.collection('counters').doc('new').get()).rejects.toBeInstanceOf(DbError);
  });

  it('rolls back already applied writes when a later write of the commit fails', async () => {
    await db.collection('users').add({ data: { _id: 'u1', phone: '111' } });
    const err = await caught(() =>
      db.runTransaction(async (tx) => {
        await increment(tx);
        await tx.collection('users').add({ data: { _id: 'u2', phone: '222' } });
        await tx.collection('users').add({ data: { _id: 'u3', phone: '111' } }); // unique index violation at commit
      }),
    );
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).errCode).toBe(ErrCode.DUPLICATE);
    expect(await counter()).toBe(0);
    expect((await db.collection('users').get()).data.map((d) => d._id)).toEqual(['u1']);
  });

  it('rejects add of an _id that another writer created meanwhile', async () => {
    const err = await caught(() =>
      db.runTransaction(async (tx) => {
        await tx.collection('counters').add({ data: { _id: 'race', n: 1 } });
        // The document did not exist when the transaction looked; it does now.
        await db.collection('counters').add({ data: { _id: 'race', n: 2 } }).catch(() => undefined);
      }, 1),
    );
    expect(err).toBeInstanceOf(DbError);
    expect((await db.collection('counters').doc('race').get()).data.n).toBe(2);
  });
});

describe('retryFirstAttempt', () => {
  it('runs every callback twice, commits once, and counts the discarded attempt', async () => {
    const strict = await openLocalDb({ dir: null, retryFirstAttempt: true });
    try {
      await strict.collection('counters').add({ data: { _id: 'orders', n: 0 } });
      let calls = 0;
      const value = await strict.runTransaction(async (tx) => {
        calls += 1;
        const ref = tx.collection('counters').doc('orders');
        const { data } = await ref.get();
        await ref.update({ data: { n: (data.n as number) + 1 } });
        return 'ok';
      });
      expect(value).toBe('ok');
      expect(calls).toBe(2);
      expect((await strict.collection('counters').doc('orders').get()).data.n).toBe(1);
      expect(strict.stats.conflicts).toBe(1);
    } finally {
      await strict.close();
    }
  });
});

describe('commits of many documents', () => {
  it('writes 300 documents of one collection and updates 300 others in one commit, or none', async () => {
    await db.importMany('items', Array.from({ length: 300 }, (_, i) => ({ _id: `old${i}`, n: i })));
    await db.runTransaction(async (tx) => {
      for (let i = 0; i < 300; i += 1) {
        await tx.collection('items').add({ data: { _id: `new${i}`, n: i } });
        await tx.collection('items').doc(`old${i}`).update({ data: { n: db.command.inc(1000) } });
      }
    });
    const all = await db.collection('items').where({ n: db.command.gte(0) }).count();
    expect(all.total).toBe(600);
    expect((await db.collection('items').doc('old299').get()).data.n).toBe(1299);
    expect((await db.collection('items').doc('new299').get()).data.n).toBe(299);
  });

  it('retries when any one of 200 documents read was changed meanwhile (checked in batches)', async () => {
    await db.importMany('items', Array.from({ length: 200 }, (_, i) => ({ _id: `d${i}`, n: 0 })));
    let runs = 0;
    await db.runTransaction(async (tx) => {
      runs += 1;
      for (let i = 0; i < 200; i += 1) await tx.collection('items').doc(`d${i}`).get();
      // A writer outside changes the 170th document after this attempt read it.
      if (runs === 1) await db.collection('items').doc('d170').update({ data: { n: 5 } });
      await tx.collection('items').doc('d0').update({ data: { n: db.command.inc(1) } });
    });
    expect(runs).toBe(2);
    expect((await db.collection('items').doc('d0').get()).data.n).toBe(1);
    expect((await db.collection('items').doc('d170').get()).data.n).toBe(5);
  });

  it('applies writes in their order: a unique value removed first can be taken by a later add, not the reverse', async () => {
    await db.collection('users').add({ data: { _id: 'u1', phone: '111' } });
    await db.runTransaction(async (tx) => {
      await tx.collection('users').doc('u1').remove();
      await tx.collection('users').add({ data: { _id: 'u2', phone: '111' } });
    });
    expect((await db.collection('users').get()).data.map((d) => d._id)).toEqual(['u2']);
    const err = await caught(() =>
      db.runTransaction(async (tx) => {
        await tx.collection('users').add({ data: { _id: 'u3', phone: '111' } });
        await tx.collection('users').doc('u2').remove();
      }),
    );
    expect((err as DbError).errCode).toBe(ErrCode.DUPLICATE);
    expect((await db.collection('users').get()).data.map((d) => d._id)).toEqual(['u2']);
  });

  it('names the offending field of nested data like before', async () => {
    const err = await caught(() => db.runTransaction(async (tx) => {
      await tx.collection('items').add({ data: { a: [{ ok: 1 }, { b: undefined }] } });
    }));
    expect((err as DbError).errMsg).toContain('"a.1.b" is undefined');
    const bad = await caught(() => db.collection('items').add({ data: { a: { 'x.y': 1 } } }));
    expect((bad as DbError).errMsg).toContain('field name "x.y" must not contain "."');
  });
});

describe('writes that check the version read', () => {
  it('reruns a set of a missing document that another writer created meanwhile, then overwrites it', async () => {
    let runs = 0;
    const stats = await db.runTransaction(async (tx) => {
      runs += 1;
      const ref = tx.collection('items').doc('late');
      const result = (await ref.set({ data: { by: 'tx' } })) as { stats: { created: number; updated: number } };
      if (runs === 1) await db.collection('items').add({ data: { _id: 'late', by: 'other' } });
      return result.stats;
    });
    expect(runs).toBe(2);
    expect(stats).toEqual({ updated: 1, created: 0 });
    expect((await db.collection('items').doc('late').get()).data.by).toBe('tx');
  });

  describe('a set of a document the attempt never read (looked up at commit, a batch at a time)', () => {
    const blindSet = (change: () => Promise<unknown>) => {
      let runs = 0;
      return db
        .runTransaction(async (tx) => {
          runs += 1;
          await tx.collection('items').doc('x').set({ data: { by: 'tx', run: runs } });
          if (runs === 1) await change();
        })
        .then(() => runs);
    };

    it('reruns when another writer created the document meanwhile', async () => {
      expect(await blindSet(() => db.collection('items').add({ data: { _id: 'x', by: 'other' } }))).toBe(2);
      expect((await db.collection('items').doc('x').get()).data).toEqual({ _id: 'x', by: 'tx', run: 2 });
    });

    it('reruns when another writer changed the document meanwhile', async () => {
      await db.collection('items').add({ data: { _id: 'x', by: 'seed' } });
      expect(await blindSet(() => db.collection('items').doc('x').update({ data: { by: 'other' } }))).toBe(2);
      expect((await db.collection('items').doc('x').get()).data).toEqual({ _id: 'x', by: 'tx', run: 2 });
    });

    it('reruns when another writer removed the document meanwhile', async () => {
      await db.collection('items').add({ data: { _id: 'x', by: 'seed' } });
      expect(await blindSet(() => db.collection('items').doc('x').remove())).toBe(2);
      expect((await db.collection('items').doc('x').get()).data).toEqual({ _id: 'x', by: 'tx', run: 2 });
    });

    it('commits at once when nothing changed, and its stats are right even when read after the commit', async () => {
      await db.collection('items').add({ data: { _id: 'old', n: 1 } });
      const results = await db.runTransaction(async (tx) => [
        (await tx.collection('items').doc('old').set({ data: { n: 2 } })) as { stats: unknown },
        (await tx.collection('items').doc('new').set({ data: { n: 3 } })) as { stats: unknown },
      ]);
      expect(db.stats.conflicts).toBe(0);
      expect(results.map((r) => r.stats)).toEqual([
        { updated: 1, created: 0 },
        { updated: 0, created: 1 },
      ]);
      expect((await db.collection('items').where({ n: db.command.gte(2) }).get()).data).toEqual([
        { _id: 'new', n: 3 },
        { _id: 'old', n: 2 },
      ]);
    });

    it('removes what it set: the version removed is the one the document had', async () => {
      await db.collection('items').add({ data: { _id: 'old', n: 1 } });
      await db.runTransaction(async (tx) => {
        for (const id of ['old', 'never']) {
          await tx.collection('items').doc(id).set({ data: { n: 9 } });
          await tx.collection('items').doc(id).remove();
        }
      });
      expect((await db.collection('items').get()).data).toEqual([]);
    });

    it('checks hundreds of them in batches: one changed meanwhile reruns the attempt', async () => {
      await db.importMany('items', Array.from({ length: 150 }, (_, i) => ({ _id: `b${i}`, n: i })));
      let runs = 0;
      await db.runTransaction(async (tx) => {
        runs += 1;
        for (let i = 0; i < 300; i += 1) await tx.collection('items').doc(`b${i}`).set({ data: { n: -i } });
        if (runs === 1) await db.collection('items').doc('b149').update({ data: { n: 0.5 } });
      });
      expect(runs).toBe(2);
      expect((await db.collection('items').doc('b149').get()).data.n).toBe(-149);
      expect((await db.collection('items').where({ n: db.command.lte(0) }).count()).total).toBe(300);
    });
  });

  it('reruns an update of a document another writer removed meanwhile (and then fails like WeChat)', async () => {
    await db.collection('items').add({ data: { _id: 'gone', n: 1 } });
    let runs = 0;
    const err = await caught(() =>
      db.runTransaction(async (tx) => {
        runs += 1;
        const ref = tx.collection('items').doc('gone');
        await ref.get();
        if (runs === 1) await db.collection('items').doc('gone').remove();
        await ref.update({ data: { n: 2 } });
      }),
    );
    expect(runs).toBe(2);
    expect((err as DbError).errCode).toBe(ErrCode.NOT_FOUND);
    await expect(db.collection('items').doc('gone').get()).rejects.toBeInstanceOf(DbError);
  });

  it('reruns a removal of a document another writer changed meanwhile; the rerun removes the new version', async () => {
    await db.collection('items').add({ data: { _id: 'moving', n: 1 } });
    let runs = 0;
    const seen = await db.runTransaction(async (tx) => {
      runs += 1;
      const { data } = await tx.collection('items').doc('moving').get();
      if (runs === 1) await db.collection('items').doc('moving').update({ data: { n: 2 } });
      await tx.collection('items').doc('moving').remove();
      return data.n;
    });
    expect(runs).toBe(2);
    expect(seen).toBe(2);
    await expect(db.collection('items').doc('moving').get()).rejects.toBeInstanceOf(DbError);
  });

  it('reports a conflict, not the unique index, when a document read changed before a refused write', async () => {
    await db.collection('users').add({ data: { _id: 'u1', phone: '111' } });
    let runs = 0;
    const err = await caught(() =>
      db.runTransaction(async (tx) => {
        runs += 1;
        await increment(tx);
        if (runs === 1) await db.collection('counters').doc('orders').update({ data: { n: 10 } });
        await tx.collection('users').add({ data: { _id: 'u2', phone: '111' } });
      }),
    );
    // The first commit finds the counter changed and reruns; the rerun meets the unique index.
    expect(runs).toBe(2);
    expect((err as DbError).errCode).toBe(ErrCode.DUPLICATE);
    expect(await counter()).toBe(10);
  });

  it('keeps the order of updates and adds in one collection: a value moved away can be taken by a later add', async () => {
    await db.collection('users').add({ data: { _id: 'u1', phone: '111' } });
    await db.runTransaction(async (tx) => {
      await tx.collection('users').doc('u1').update({ data: { phone: '999' } });
      await tx.collection('users').add({ data: { _id: 'u2', phone: '111' } });
      await tx.collection('users').doc('u1').update({ data: { name: 'a' } });
    });
    const users = (await db.collection('users').get()).data.map((d) => [d._id, d.phone]);
    expect(users).toEqual([['u1', '999'], ['u2', '111']]);
    const err = await caught(() =>
      db.runTransaction(async (tx) => {
        await tx.collection('users').add({ data: { _id: 'u3', phone: '999' } });
        await tx.collection('users').doc('u1').update({ data: { phone: '555' } });
      }),
    );
    expect((err as DbError).errCode).toBe(ErrCode.DUPLICATE);
    expect((await db.collection('users').doc('u1').get()).data.phone).toBe('999');
  });

  it('writes hundreds of new and replaced documents with the version check, in batches', async () => {
    await db.importMany('items', Array.from({ length: 260 }, (_, i) => ({ _id: `r${i}`, n: i })));
    let runs = 0;
    await db.runTransaction(async (tx) => {
      runs += 1;
      for (let i = 0; i < 260; i += 1) {
        const { data } = await tx.collection('items').doc(`r${i}`).get();
        await tx.collection('items').doc(`r${i}`).set({ data: { n: (data.n as number) + 1000 } });
        await tx.collection('items').doc(`a${i}`).set({ data: { n: i } });
      }
      // The 259th replaced document (in the last, smallest batch) changes under the first attempt.
      if (runs === 1) await db.collection('items').doc('r259').update({ data: { n: 5_000 } });
    });
    expect(runs).toBe(2);
    expect((await db.collection('items').doc('r259').get()).data.n).toBe(6_000);
    expect((await db.collection('items').doc('r0').get()).data.n).toBe(1_000);
    expect((await db.collection('items').where({ n: db.command.gte(0) }).count()).total).toBe(520);
  });

  it('keeps what set and add were given: changing the data afterwards changes nothing, Dates included', async () => {
    const at = new Date('2026-11-25T02:00:00.000Z');
    const data = { n: 1, nested: { list: [1, 2] }, at };
    const added = { _id: 'added', tags: ['a'] };
    await db.runTransaction(async (tx) => {
      await tx.collection('items').doc('kept').set({ data });
      await tx.collection('items').add({ data: added });
      data.n = 2;
      data.nested.list.push(3);
      at.setUTCFullYear(2030);
      added.tags.push('b');
      const seen = (await tx.collection('items').doc('kept').get()).data;
      expect(seen).toEqual({ _id: 'kept', n: 1, nested: { list: [1, 2] }, at: new Date('2026-11-25T02:00:00.000Z') });
      // A read hands out a copy of its own as well.
      (seen.nested as { list: number[] }).list.push(9);
    });
    expect((await db.collection('items').doc('kept').get()).data).toEqual({ _id: 'kept', n: 1, nested: { list: [1, 2] }, at: new Date('2026-11-25T02:00:00.000Z') });
    expect((await db.collection('items').doc('added').get()).data.tags).toEqual(['a']);
  });
});

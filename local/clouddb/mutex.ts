/** A minimal FIFO async mutex: callers run one at a time in call order. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    // The chain must survive a failing holder, so the next waiter always gets its turn.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

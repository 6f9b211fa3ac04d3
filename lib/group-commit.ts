// Group commit: items submitted in one turn of the event loop, and those that arrive while a write
// is in flight, are gathered and written together by the next statement. At low load each item is
// written on its own within the turn it arrived; under load one statement carries many, which
// saves the per-statement cost (parse, plan, commit, round trip) that dominates a small insert.
// Nothing waits for a timer: a flush runs in the check phase right after the poll phase that read
// the requests. That matters for the embedded database, whose statements run on this thread and
// block it: the requests that queued up on the sockets meanwhile are all read in the next poll
// phase and share the statement after it. Used by the order intake and the shop webhook intake;
// each supplies the one statement that writes a batch.

export type GroupCommitOptions<Item> = {
  /** Statements in flight at once per target (a database). */
  maxInFlight: number;
  /** The most items one statement carries, and roughly the most bytes. */
  maxItems: number;
  maxBytes: number;
  /** Items with the same key never share a statement: a repeat meets the first as a stored row. */
  keyOf: (item: Item) => string;
  sizeOf: (item: Item) => number;
  /** The id the write reports back for a stored item. */
  idOf: (item: Item) => string;
  /** Writes the batch in one statement; returns the ids of the items it stored (repeats left out). */
  write: (target: object, items: Item[]) => Promise<Set<string>>;
};

type Pending<Item> = { item: Item; resolve: (stored: boolean) => void; reject: (error: unknown) => void };
type Queue<Item> = { waiting: Pending<Item>[]; inFlight: number; scheduled: boolean };

/** A writer per target: `submit` resolves true once the item is durable, false when it was a repeat. */
export function groupCommit<Item>(options: GroupCommitOptions<Item>): { submit: (target: object, item: Item) => Promise<boolean> } {
  const queues = new WeakMap<object, Queue<Item>>();

  /** Flushes once the current turn's I/O has been read (setImmediate), at most one pending flush per target. */
  function schedule(target: object, queue: Queue<Item>): void {
    if (queue.scheduled) return;
    queue.scheduled = true;
    setImmediate(() => {
      queue.scheduled = false;
      flush(target, queue);
    });
  }

  function flush(target: object, queue: Queue<Item>): void {
    while (queue.inFlight < options.maxInFlight && queue.waiting.length > 0) {
      const batch: Pending<Item>[] = [];
      const later: Pending<Item>[] = [];
      const keys = new Set<string>();
      let bytes = 0;
      for (const pending of queue.waiting) {
        const key = options.keyOf(pending.item);
        const size = options.sizeOf(pending.item);
        const full = batch.length >= options.maxItems || (batch.length > 0 && bytes + size > options.maxBytes);
        if (full || keys.has(key)) later.push(pending);
        else {
          batch.push(pending);
          keys.add(key);
          bytes += size;
        }
      }
      queue.waiting = later;
      queue.inFlight++;
      void run(target, batch).finally(() => {
        queue.inFlight--;
        schedule(target, queue);
      });
    }
  }

  async function run(target: object, batch: Pending<Item>[]): Promise<void> {
    try {
      const ids = await options.write(
        target,
        batch.map((pending) => pending.item),
      );
      for (const pending of batch) pending.resolve(ids.has(options.idOf(pending.item)));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One item's trouble must not fail the others: write them one by one.
      await Promise.all(
        batch.map(async (pending) => {
          try {
            pending.resolve((await options.write(target, [pending.item])).has(options.idOf(pending.item)));
          } catch (single) {
            pending.reject(single);
          }
        }),
      );
    }
  }

  return {
    submit(target, item) {
      let queue = queues.get(target);
      if (!queue) queues.set(target, (queue = { waiting: [], inFlight: 0, scheduled: false }));
      const current = queue;
      return new Promise<boolean>((resolve, reject) => {
        current.waiting.push({ item, resolve, reject });
        schedule(target, current);
      });
    },
  };
}

import { describe, expect, it } from "vitest";
import { asIntake, BUSY_AT, intakeBusy, intakeFirstMaxMsFor, setIntakeFirstMaxMs, yieldToIntake } from "./intake-pressure";

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` intake requests held in progress until `release` is called. */
function holdRequests(count: number): { release: () => Promise<void> } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const held = Array.from({ length: count }, () => asIntake(() => gate));
  return {
    release: async () => {
      open();
      await Promise.all(held);
    },
  };
}

describe("intake first", () => {
  it("lets work through at once while the intake is quiet", async () => {
    await later(300);
    expect(intakeBusy()).toBe(false);
    const started = Date.now();
    await yieldToIntake(2000);
    expect(Date.now() - started).toBeLessThan(50);
  });

  it("holds work back during a burst, until a moment after it ends", async () => {
    const burst = holdRequests(BUSY_AT);
    expect(intakeBusy()).toBe(true);
    const started = Date.now();
    const waiting = yieldToIntake(5000).then(() => Date.now() - started);
    // New requests keep arriving during the burst.
    const arrivals = setInterval(() => void asIntake(async () => undefined), 50);
    await later(200);
    clearInterval(arrivals);
    await burst.release();
    const waited = await waiting;
    // Held for the burst (200 ms) and the quiet period after it (250 ms), not for the 5 s bound.
    expect(waited).toBeGreaterThanOrEqual(400);
    expect(waited).toBeLessThan(1500);
  });

  it("never holds work back longer than the bound, however long the burst", async () => {
    const burst = holdRequests(2 * BUSY_AT);
    const started = Date.now();
    // Keep the intake busy: a new request every 100 ms.
    const keepBusy = setInterval(() => void asIntake(async () => undefined), 100);
    await yieldToIntake(600);
    const waited = Date.now() - started;
    clearInterval(keepBusy);
    await burst.release();
    expect(waited).toBeGreaterThanOrEqual(550);
    expect(waited).toBeLessThan(1200);
  });

  it("holds work back at most the bound set for the database when none is given", async () => {
    expect(intakeFirstMaxMsFor("postgres")).toBe(15_000);
    expect(intakeFirstMaxMsFor("pglite")).toBe(3_000);
    setIntakeFirstMaxMs(400);
    const burst = holdRequests(2 * BUSY_AT);
    const started = Date.now();
    const keepBusy = setInterval(() => void asIntake(async () => undefined), 100);
    await yieldToIntake();
    const waited = Date.now() - started;
    clearInterval(keepBusy);
    await burst.release();
    setIntakeFirstMaxMs(intakeFirstMaxMsFor("pglite"));
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(waited).toBeLessThan(1000);
  });

  it("does not hold work back for requests that stay in progress with nothing new arriving", async () => {
    const stuck = holdRequests(BUSY_AT);
    await later(300);
    const started = Date.now();
    await yieldToIntake(5000);
    expect(Date.now() - started).toBeLessThan(100);
    await stuck.release();
  });

  it("counts a request that fails as ended", async () => {
    await expect(asIntake(async () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    await later(300);
    expect(intakeBusy()).toBe(false);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { gaugeMaxAgeMs, getMetrics, resetGaugeSampler, sampleJobGauges, type GaugeSample } from "./metrics";

afterEach(() => resetGaugeSampler());

const gaugeValue = async (queue: string, state: string) =>
  (await getMetrics().jobs.get()).values.find((value) => value.labels.queue === queue && value.labels.state === state)?.value;

describe("sampleJobGauges", () => {
  it("queries at most once per 15 s however often it is scraped", async () => {
    let queries = 0;
    const load = async () => {
      queries++;
      return { jobs: [{ queue: "order.process", state: "created", count: queries }], stores: { error: queries } };
    };
    const start = 1_000_000;
    await sampleJobGauges(load, start);
    await sampleJobGauges(load, start + 1);
    await sampleJobGauges(load, start + gaugeMaxAgeMs - 1);
    expect(queries).toBe(1);
    expect(await gaugeValue("order.process", "created")).toBe(1);
    expect((await getMetrics().storesByState.get()).values.find((value) => value.labels.state === "error")?.value).toBe(1);
    await sampleJobGauges(load, start + gaugeMaxAgeMs);
    expect(queries).toBe(2);
    expect(await gaugeValue("order.process", "created")).toBe(2);
  });

  it("lets scrapes that arrive during a slow sample share it", async () => {
    let queries = 0;
    let finish: () => void = () => undefined;
    const load = () => {
      queries++;
      return new Promise<GaugeSample>((resolve) => {
        finish = () => resolve({ jobs: [{ queue: "postback.deliver", state: "retry", count: 7 }], stores: {} });
      });
    };
    const scrapes = Array.from({ length: 20 }, () => sampleJobGauges(load));
    finish();
    await Promise.all(scrapes);
    expect(queries).toBe(1);
    expect(await gaugeValue("postback.deliver", "retry")).toBe(7);
  });

  it("keeps the last values when a sample fails", async () => {
    await sampleJobGauges(async () => ({ jobs: [{ queue: "mail.send", state: "active", count: 3 }], stores: {} }), 0);
    await sampleJobGauges(async () => Promise.reject(new Error("relation pgboss.job does not exist")), gaugeMaxAgeMs);
    expect(await gaugeValue("mail.send", "active")).toBe(3);
  });
});

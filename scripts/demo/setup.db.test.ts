import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import { createStaffUser } from "@/db/factories";
import { useTestServer } from "@/tests/support/runtime";
import { freePort } from "@/tests/support/app-server";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { demoPlatforms, placeDemoOrder, seedDemo, startDemoFakes, type DemoFakes, type DemoWorld } from "./setup";

// npm run demo's own set-up on a fresh database: every store it connects takes an order placed
// the way `npm run demo -- order` places it, by webhook from the fake, all the way to `passed`.

const files = await startArtworkServer({ host: "127.0.0.1" });
files.route("/art/demo.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
const env: Record<string, string> = { FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${files.port}` };
let fakes: DemoFakes;
beforeAll(async () => {
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  fakes = await startDemoFakes({ appUrl, fast: true });
  Object.assign(env, { PORT: String(port), APP_URL: appUrl }, fakes.env);
});
const server = useTestServer({ env });
afterAll(async () => {
  await fakes?.close();
  await files.close();
});

let world: DemoWorld;
beforeAll(async () => {
  const staff = await createStaffUser(server.db);
  world = (await seedDemo(server.db, fakes, { artworkUrl: `${files.url}/art/demo.pdf`, staff: { userId: staff.user.id, email: staff.email } }))!;
});

describe("npm run demo", () => {
  it("connects one store per platform and a portal admin, once", async () => {
    expect(Object.keys(world.stores).sort()).toEqual([...demoPlatforms].sort());
    expect(world.portalPassword.length).toBeGreaterThanOrEqual(12);
    const staff = await createStaffUser(server.db);
    expect(await seedDemo(server.db, fakes, { artworkUrl: `${files.url}/art/demo.pdf`, staff: { userId: staff.user.id, email: staff.email } })).toBeUndefined();
  });

  it.each(demoPlatforms)("takes an order placed in the %s demo shop by webhook to passed", async (platform) => {
    await placeDemoOrder(fakes.endpoints, platform);
    const storeId = world.stores[platform];
    await expect
      .poll(async () => (await server.db.select({ status: orders.status }).from(orders).where(eq(orders.storeId, storeId))).map((row) => row.status), { timeout: 45_000, interval: 200 })
      .toEqual(["passed"]);
  }, 60_000);
});

import { describe, expect, it } from "vitest";
import { useTestRuntime } from "@/tests/support/runtime";
import { createTestCustomer, createTestToken, staffContext } from "@/db/factories";
import { createStorefrontCustomer, createTestProduct, customerUserContext } from "@/tests/support/storefront";
import { createContext } from "@/lib/services/context";
import { authenticateApiToken } from "@/lib/services/tokens";
import { isAppError } from "@/lib/errors";
import { countCustomerProducts, findUsableProduct, getCatalogAccess, getCustomerProduct, listCatalogChoices, listCustomerProducts, setCatalogAccess } from "./index";

const runtime = useTestRuntime();

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, paths: error.details.map((detail) => detail.path) };
  }
  throw new Error("expected the call to fail");
}

describe("catalog access", () => {
  it("lets a customer use every active product by default, with options and print areas", async () => {
    const db = runtime.db;
    const poster = await createTestProduct(db, { productUid: "poster_a3", title: "Poster A3", options: { size: "A3", paper: "matte" }, fileTypes: ["default"] });
    const shirt = await createTestProduct(db, { productUid: "tshirt_m", title: "T-shirt", options: { size: "M" }, fileTypes: ["front", "back"] });
    const retired = await createTestProduct(db, { productUid: "retired_mug", title: "Old mug", active: false });
    const customer = await createTestCustomer(db, { name: "Default Access" });
    const page = await listCustomerProducts({ ctx: staffContext(db), customerId: customer.id, input: { offset: 0 } });
    const uids = page.data.map((product) => product.productUid);
    expect(uids).toEqual(expect.arrayContaining(["poster_a3", "tshirt_m"]));
    expect(uids).not.toContain("retired_mug");
    expect(page.data.find((product) => product.id === shirt.id)).toMatchObject({ options: { size: "M" }, fileTypes: ["front", "back"] });
    expect((await getCustomerProduct({ ctx: staffContext(db), customerId: customer.id, productId: poster.id })).title).toBe("Poster A3");
    expect((await failure(getCustomerProduct({ ctx: staffContext(db), customerId: customer.id, productId: retired.id }))).code).toBe("not_found");
    expect((await getCatalogAccess({ ctx: staffContext(db), customerId: customer.id })).mode).toBe("all");
  });

  it("limits a customer to the chosen products; the choice survives a switch to all and back", async () => {
    const db = runtime.db;
    const chosen = await createTestProduct(db, { productUid: "chosen_card", title: "Greeting card" });
    const other = await createTestProduct(db, { productUid: "other_card", title: "Other card" });
    const customer = await createTestCustomer(db, { name: "Selected Access" });
    const ctx = staffContext(db);

    const saved = await setCatalogAccess({ ctx, customerId: customer.id, input: { mode: "selected", productUids: ["chosen_card"] } });
    expect(saved).toEqual({ customerId: customer.id, mode: "selected", productUids: ["chosen_card"] });
    const visible = await listCustomerProducts({ ctx, customerId: customer.id, input: {} });
    expect(visible.data.map((product) => product.productUid)).toEqual(["chosen_card"]);
    expect(await countCustomerProducts({ ctx, customerId: customer.id })).toBe(1);
    expect((await failure(getCustomerProduct({ ctx, customerId: customer.id, productId: other.id }))).code).toBe("not_found");
    expect(await findUsableProduct(db, customer.id, "other_card")).toBeUndefined();
    expect((await findUsableProduct(db, customer.id, "chosen_card"))?.id).toBe(chosen.id);
    const choices = await listCatalogChoices({ ctx, customerId: customer.id });
    expect(choices.find((choice) => choice.id === chosen.id)?.selected).toBe(true);
    expect(choices.find((choice) => choice.id === other.id)?.selected).toBe(false);

    await setCatalogAccess({ ctx, customerId: customer.id, input: { mode: "all" } });
    expect(await findUsableProduct(db, customer.id, "other_card")).toBeDefined();
    const back = await setCatalogAccess({ ctx, customerId: customer.id, input: { mode: "selected" } });
    expect(back.productUids).toEqual(["chosen_card"]);
  });

  it("names each unknown productUid by position and changes nothing", async () => {
    const db = runtime.db;
    await createTestProduct(db, { productUid: "known_one" });
    const customer = await createTestCustomer(db, { name: "Typos Ltd" });
    const refused = await failure(setCatalogAccess({ ctx: staffContext(db), customerId: customer.id, input: { mode: "selected", productUids: ["known_one", "nope", "also_nope"] } }));
    expect(refused).toEqual({ code: "validation_failed", paths: ["productUids[1]", "productUids[2]"] });
    expect((await getCatalogAccess({ ctx: staffContext(db), customerId: customer.id })).mode).toBe("all");
    expect((await failure(setCatalogAccess({ ctx: staffContext(db), customerId: customer.id, input: { mode: "some" as never } }))).paths).toEqual(["mode"]);
  });

  it("confines customer users to their own customer and keeps the choice to the partner", async () => {
    const db = runtime.db;
    const own = await createStorefrontCustomer(db, "Scoped Prints");
    const other = await createTestCustomer(db, { name: "Someone Else" });
    const ctx = await customerUserContext(db, own.adminId);
    expect((await listCustomerProducts({ ctx, customerId: own.customer.id, input: {} })).data.length).toBeGreaterThan(0);
    expect((await failure(listCustomerProducts({ ctx, customerId: other.id, input: {} }))).code).toBe("not_found");
    expect((await failure(setCatalogAccess({ ctx, customerId: own.customer.id, input: { mode: "all" } }))).code).toBe("forbidden");
    expect((await failure(setCatalogAccess({ ctx, customerId: other.id, input: { mode: "all" } }))).code).toBe("not_found");
    expect((await failure(listCatalogChoices({ ctx, customerId: other.id }))).code).toBe("not_found");
    const { token } = await createTestToken(db, "read");
    const reader = createContext(await authenticateApiToken({ db }, token), { db });
    expect((await getCatalogAccess({ ctx: reader, customerId: other.id })).mode).toBe("all");
    expect((await failure(setCatalogAccess({ ctx: reader, customerId: other.id, input: { mode: "all" } }))).code).toBe("forbidden");
  });
});

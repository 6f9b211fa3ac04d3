import { describe, expect, it, beforeAll } from "vitest";
import { useTestRuntime } from "@/tests/support/runtime";
import { staffContext } from "@/db/factories";
import { createContext } from "@/lib/services/context";
import { caughtAppError as caught } from "@/tests/support/app-error";
import {
  createProduct,
  createShippingMethod,
  deleteShippingMethod,
  getCatalogSnapshot,
  getProductById,
  importProductsCsv,
  listProducts,
  listShippingMethods,
  productCsvTemplate,
  updateProduct,
} from "./index";

const runtime = useTestRuntime();

describe("catalog products", () => {
  const ctx = () => staffContext(runtime.db, "operator");

  beforeAll(async () => {
    for (let index = 1; index <= 7; index++) {
      await createProduct({ ctx: ctx(), input: { productUid: `card-${index}`, title: `Card ${index}`, options: { size: "A6" } } });
    }
  });

  it("pages by offset with a total, newest first, and searches productUid and title", async () => {
    const first = await listProducts({ ctx: ctx(), input: { q: "card", limit: 5, offset: 0 } });
    expect(first.total).toBe(7);
    expect(first.data.map((product) => product.productUid)).toEqual(["card-7", "card-6", "card-5", "card-4", "card-3"]);
    const second = await listProducts({ ctx: ctx(), input: { q: "card", limit: 5, offset: 5 } });
    expect(second.data.map((product) => product.productUid)).toEqual(["card-2", "card-1"]);
    expect(second.nextCursor).toBeNull();
    expect((await listProducts({ ctx: ctx(), input: { q: "Card 3", limit: 5, offset: 0 } })).data.map((product) => product.productUid)).toEqual(["card-3"]);
  });

  it("lists by productUid when asked, for browsing a large catalog", async () => {
    const page = await listProducts({ ctx: ctx(), input: { q: "card", limit: 3, offset: 2, sort: "productUid" } });
    expect(page.data.map((product) => product.productUid)).toEqual(["card-3", "card-4", "card-5"]);
    expect(page.total).toBe(7);
  });

  it("deactivates and reactivates a product; intake sees the change at once", async () => {
    const product = await createProduct({ ctx: ctx(), input: { productUid: "mug-white", title: "White mug", fileTypes: ["front", "back"] } });
    await updateProduct({ ctx: ctx(), productUid: "mug-white", input: { active: false } });
    expect((await getProductById({ ctx: ctx(), productId: product.id })).active).toBe(false);
    expect((await getCatalogSnapshot(runtime.db)).products.get("mug-white")?.active).toBe(false);
    expect((await listProducts({ ctx: ctx(), input: { active: true, limit: 50, offset: 0 } })).data.some((row) => row.productUid === "mug-white")).toBe(false);
    await updateProduct({ ctx: ctx(), productUid: "mug-white", input: { active: true } });
    expect((await getCatalogSnapshot(runtime.db)).products.get("mug-white")?.active).toBe(true);
  });

  it("replaces options and print areas on update and keeps the rest", async () => {
    const product = await createProduct({ ctx: ctx(), input: { productUid: "tee-m", title: "Tee M", description: "Cotton", options: { size: "M", colour: "white" } } });
    const updated = await updateProduct({ ctx: ctx(), productUid: "tee-m", input: { options: { size: "M" }, fileTypes: ["front", "back"] } });
    expect(updated).toMatchObject({ id: product.id, title: "Tee M", description: "Cotton", options: { size: "M" }, fileTypes: ["front", "back"] });
  });

  it("refuses a duplicate productUid with 409 on productUid", async () => {
    const error = await caught(createProduct({ ctx: ctx(), input: { productUid: "card-1", title: "Again" } }));
    expect(error.code).toBe("conflict");
    expect(error.details).toEqual([{ path: "productUid", message: "already exists" }]);
  });

  it("getProductById is a 404 for an unknown id and a 403 for customer users", async () => {
    expect((await caught(getProductById({ ctx: ctx(), productId: "prd_missing" }))).code).toBe("not_found");
    const customerUser = createContext({ type: "customer_user", userId: "usr_x", customerId: "cus_x", email: "x@example.com", name: "X", role: "admin" }, { db: runtime.db });
    expect((await caught(getProductById({ ctx: customerUser, productId: "prd_missing" }))).code).toBe("forbidden");
  });
});

describe("catalog CSV import", () => {
  const ctx = () => staffContext(runtime.db, "operator");

  it("the downloadable template imports cleanly", async () => {
    const result = await importProductsCsv({ ctx: ctx(), csv: productCsvTemplate() });
    expect(result).toEqual({ created: 2, updated: 0, errors: [] });
    const page = await listProducts({ ctx: ctx(), input: { q: "tshirt-classic", limit: 5, offset: 0 } });
    expect(page.data[0]).toMatchObject({ fileTypes: ["front", "back"], options: { size: "M" }, active: true });
  });

  it("reports every bad row with its row number and field, and applies the good ones", async () => {
    const csv = [
      "productUid,title,fileTypes,active,option:size",
      "poster-a3-matte,Poster A3 (renamed),default,true,A3",
      "bad uid!,Broken,default,true,",
      "sticker-round,,default,true,",
      "sticker-square,Square sticker,default,maybe,",
      "sticker-square,Square sticker,default,true,",
      "sticker-square,Square sticker again,default,true,",
    ].join("\n");
    const result = await importProductsCsv({ ctx: ctx(), csv });
    expect(result.created).toBe(1);
    expect(result.updated).toBe(1);
    expect(result.errors).toEqual([
      { row: 3, path: "productUid", message: expect.any(String) },
      { row: 4, path: "title", message: expect.any(String) },
      { row: 5, path: "active", message: "use true or false" },
      { row: 7, path: "productUid", message: "appears more than once in the file" },
    ]);
  });

  it("answers a file that is not CSV with a clear 400", async () => {
    const error = await caught(importProductsCsv({ ctx: ctx(), csv: 'productUid,title\n"unterminated,quote' }));
    expect(error.code).toBe("bad_request");
    expect(error.message).toMatch(/not valid CSV/);
  });
});

describe("shipping methods", () => {
  const ctx = () => staffContext(runtime.db, "operator");

  it("while the list is empty any method passes; once listed only those", async () => {
    expect((await getCatalogSnapshot(runtime.db)).shippingMethods).toBeNull();
    const method = await createShippingMethod({ ctx: ctx(), input: { uid: "express", name: "Express" } });
    expect([...((await getCatalogSnapshot(runtime.db)).shippingMethods ?? [])]).toEqual(["express"]);
    expect((await listShippingMethods({ ctx: ctx() })).map((row) => row.uid)).toEqual(["express"]);
    const duplicate = await caught(createShippingMethod({ ctx: ctx(), input: { uid: "express", name: "Again" } }));
    expect(duplicate.details).toEqual([{ path: "uid", message: "already exists" }]);
    await deleteShippingMethod({ ctx: ctx(), shippingMethodId: method.id });
    expect((await getCatalogSnapshot(runtime.db)).shippingMethods).toBeNull();
    expect((await caught(deleteShippingMethod({ ctx: ctx(), shippingMethodId: method.id }))).code).toBe("not_found");
  });
});

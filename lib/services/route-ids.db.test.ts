import { beforeAll, describe, expect, it } from "vitest";
import { useTestRuntime } from "@/tests/support/runtime";
import { createStorefrontCustomer, customerUserContext, type CustomerUserContext } from "@/tests/support/storefront";
import { staffContext } from "@/db/factories";
import { getOrder } from "@/lib/services/orders";
import { getCustomerProduct } from "@/lib/services/catalog-access";

const runtime = useTestRuntime();

// Values a URL can carry once decoded; PostgreSQL refuses the NUL with "invalid byte sequence".
const badIds = ["ord_\u0000abc", "\u0000", "prd_\u0007x", "x".repeat(10_000), "\ud800", "ord_\u009f"];

let customer: CustomerUserContext;
beforeAll(async () => {
  const { adminId } = await createStorefrontCustomer(runtime.db, "Bad Ids");
  customer = await customerUserContext(runtime.db, adminId);
});

describe("service guards against ids no record can have", () => {
  it.each(badIds)("getOrder answers not_found for %j, for staff and customer users", async (id) => {
    await expect(getOrder({ ctx: staffContext(runtime.db), orderId: id })).rejects.toMatchObject({ code: "not_found" });
    await expect(getOrder({ ctx: customer, orderId: id })).rejects.toMatchObject({ code: "not_found" });
  });

  it.each(badIds)("getCustomerProduct answers not_found for %j", async (id) => {
    await expect(getCustomerProduct({ ctx: customer, customerId: customer.user.customerId, productId: id })).rejects.toMatchObject({ code: "not_found" });
  });
});

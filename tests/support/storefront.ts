import { desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { mailMessages, products, users } from "@/db/schema";
import { createId } from "@/lib/ids";
import { readMailBody } from "@/lib/mail/send";
import { createContext, type ServiceContext } from "@/lib/services/context";
import { staffContext, createTestCustomer } from "@/db/factories";
import { enableStorefrontAccess } from "@/lib/services/storefront";
import { setPasswordWithLink } from "@/lib/services/account";
import { createProduct } from "@/lib/services/catalog";
import { systemContext } from "@/lib/services/context";
import { canonicalPaths, intakeOrder, prepareOrder, processOrder } from "@/lib/services/orders";

// Storefront test data, made through the real services where they exist.

export async function createTestProduct(
  db: Database,
  input: { productUid?: string; title?: string; options?: Record<string, string>; fileTypes?: string[]; active?: boolean } = {},
) {
  const productUid = input.productUid ?? `test_product_${createId("product").slice(-10)}`;
  const created = await createProduct({
    ctx: staffContext(db),
    input: { productUid, title: input.title ?? `Product ${productUid}`, options: input.options ?? { size: "A4" }, fileTypes: input.fileTypes ?? ["default"], active: input.active ?? true },
  });
  const [row] = await db.select().from(products).where(eq(products.productUid, created.productUid));
  return row!;
}

/** The one-time link in the newest mail to `to`. */
export async function latestLink(db: Database, to: string): Promise<{ url: string; token: string; text: string; subject: string }> {
  const [mail] = await db.select().from(mailMessages).where(eq(mailMessages.to, to)).orderBy(desc(mailMessages.id)).limit(1);
  if (!mail) throw new Error(`No mail to ${to}`);
  const { text } = readMailBody(mail.bodyEncrypted);
  const url = /https?:\/\/\S+\/invite\/([A-Za-z0-9_-]+)/.exec(text);
  if (!url) throw new Error(`No link in the mail to ${to}`);
  return { url: url[0], token: url[1]!, text, subject: mail.subject };
}

export type CustomerUserContext = ServiceContext & {
  user: { id: string; email: string; name: string; kind: "customer"; customerId: string; role: "admin" | "member" };
};

/** A service context acting as this customer user, as the portal guards build it. */
export async function customerUserContext(db: Database, userId: string): Promise<CustomerUserContext> {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  if (!row || row.kind !== "customer" || !row.customerId) throw new Error(`${userId} is not a customer user`);
  const role = row.role === "admin" ? "admin" : "member";
  const ctx = createContext(
    { type: "customer_user", userId: row.id, customerId: row.customerId, email: row.email, name: row.name, role },
    { db },
  );
  return { ...ctx, user: { id: row.id, email: row.email, name: row.name, kind: "customer", customerId: row.customerId, role } };
}

/** A customer with storefront access on and an admin who has accepted the invitation. */
export async function createStorefrontCustomer(db: Database, name: string) {
  const customer = await createTestCustomer(db, { name });
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-admin@example.com`;
  const invitation = await enableStorefrontAccess({ ctx: staffContext(db), customerId: customer.id, input: { email, firstName: "Ada", lastName: name } });
  const { token } = await latestLink(db, email);
  await setPasswordWithLink({ ctx: systemContext("test", { db }), input: { token, password: "a long test password" } });
  return { customer, adminId: invitation.userId, adminEmail: email };
}

/** An order of the customer received through its order API and processed, for the portal's order pages. */
export async function createTestOrder(
  db: Database,
  customerId: string,
  input: { reference: string; productKey: string; fileType?: string; recipient?: string; fileUrl?: string },
) {
  const order = {
    channel: "gelato_api" as const,
    externalId: input.reference,
    items: [{ sourceProductKey: input.productKey, quantity: 2, files: [{ type: input.fileType ?? "default", url: input.fileUrl ?? "https://files.example/design.pdf" }] }],
    shipments: [
      {
        shipmentIndex: 0,
        address: { firstName: input.recipient ?? "Grace", lastName: "Hopper", addressLine1: "1 Navy Rd", city: "Arlington", postCode: "22201", state: "VA", country: "US" },
      },
    ],
  };
  const ctx = createContext({ type: "connector", connectorId: "con_test", customerId }, { db });
  const prepared = await prepareOrder(db, customerId, order, canonicalPaths);
  const { order: stored } = await intakeOrder({ ctx, customerId, channel: "gelato_api", connectorId: "con_test", prepared, rawBody: JSON.stringify(order), payload: order });
  await processOrder(systemContext("test", { db }), stored.id);
  return stored;
}

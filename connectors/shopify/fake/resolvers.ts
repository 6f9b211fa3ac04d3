import { GraphQLError } from "graphql";
import { parseGid, toGid } from "./ids";
import { formatPrice, type FakeShopifyShops, type OrderRecord, type ProductRecord, type ShopRecord, type VariantRecord } from "./state";
import { connection, fulfillmentOrderView, fulfillmentView, nodeView, orderView, productView, shopView, variantView, webhookSubscriptionView, type View } from "./views";

export type ResolverContext = { shops: FakeShopifyShops; shop: ShopRecord; scopes: string[] };

type UserError = { __typename: "UserError"; field: (string | number)[] | null; message: string; code?: string };

function userError(field: (string | number)[] | null, message: string, code?: string): UserError {
  return { __typename: "UserError", field: field?.map(String) ?? null, message, ...(code ? { code } : {}) };
}

function requireScope(ctx: ResolverContext, field: string, ...accepted: string[]): void {
  const has = accepted.some((scope) => ctx.scopes.includes(scope) || ctx.scopes.includes(scope.replace(/^read_/, "write_")));
  if (!has) throw new GraphQLError(`Access denied for ${field} field. Required access: \`${accepted.join("` or `")}\` access scope.`, { extensions: { code: "ACCESS_DENIED" } });
}

function idOf(value: string, type: string): number | null {
  const parsed = parseGid(value);
  return parsed && parsed.type === type ? parsed.id : null;
}

// Shopify search syntax, the subset a connector uses: `field:value`, `field:>=value` (also >, <, <=), AND.
type Term = { field: string; op: string; value: string };
export function parseSearch(query: string | null | undefined): Term[] {
  if (!query) return [];
  const terms: Term[] = [];
  for (const match of query.matchAll(/(\w+):(>=|<=|>|<)?("[^"]*"|'[^']*'|\S+)/g)) {
    terms.push({ field: (match[1] as string).toLowerCase(), op: match[2] ?? "=", value: (match[3] as string).replace(/^["']|["']$/g, "") });
  }
  return terms;
}

function compare(actual: number | string, op: string, expected: number | string): boolean {
  switch (op) {
    case ">=":
      return actual >= expected;
    case "<=":
      return actual <= expected;
    case ">":
      return actual > expected;
    case "<":
      return actual < expected;
    default:
      return String(actual).toLowerCase() === String(expected).toLowerCase();
  }
}

function matchesTime(ms: number, term: Term): boolean {
  const expected = Date.parse(term.value);
  if (Number.isNaN(expected)) return true;
  return compare(Math.floor(ms / 1000) * 1000, term.op, expected);
}

function orderMatches(order: OrderRecord, terms: Term[]): boolean {
  return terms.every((term) => {
    switch (term.field) {
      case "updated_at":
        return matchesTime(order.updatedAt, term);
      case "created_at":
        return matchesTime(order.createdAt, term);
      case "financial_status":
        return compare(order.financialStatus.toLowerCase(), term.op, term.value.toLowerCase());
      case "status":
        return term.value === "any" || (term.value === "cancelled" ? order.cancelledAt !== null : term.value === "open" ? order.cancelledAt === null : true);
      case "name":
        return order.name === term.value || order.name === `#${term.value}`;
      case "id":
        return compare(order.id, term.op, Number(term.value));
      case "test":
        return String(order.test) === term.value;
      default:
        return true;
    }
  });
}

function sortBy<T extends { id: number }>(records: T[], key: (record: T) => number | string): T[] {
  return [...records].sort((a, b) => {
    const left = key(a);
    const right = key(b);
    return left < right ? -1 : left > right ? 1 : a.id - b.id;
  });
}

function productMatches(product: ProductRecord, shop: ShopRecord, terms: Term[]): boolean {
  return terms.every((term) => {
    switch (term.field) {
      case "status":
        return term.value.split(",").some((value) => value.toUpperCase() === product.status);
      case "title":
        return product.title.toLowerCase().includes(term.value.toLowerCase());
      case "updated_at":
        return matchesTime(product.updatedAt, term);
      case "id":
        return compare(product.id, term.op, Number(term.value));
      case "sku":
        return product.variantIds.some((id) => shop.variants.get(id)?.sku === term.value);
      default:
        return true;
    }
  });
}

function variantMatches(variant: VariantRecord, terms: Term[]): boolean {
  return terms.every((term) => {
    switch (term.field) {
      case "sku":
        return variant.sku === term.value;
      case "product_id":
        return variant.productId === Number(term.value);
      case "id":
        return compare(variant.id, term.op, Number(term.value));
      case "updated_at":
        return matchesTime(variant.updatedAt, term);
      default:
        return true;
    }
  });
}

type Args = Record<string, unknown> & { first?: number; last?: number; after?: string; before?: string; reverse?: boolean; query?: string; sortKey?: string };

export function rootQuery(ctx: ResolverContext): Record<string, unknown> {
  const { shop } = ctx;
  return {
    shop: () => shopView(shop),
    orders: (args: Args) => {
      requireScope(ctx, "orders", "read_orders");
      const terms = parseSearch(args.query);
      const matching = [...shop.orders.values()].filter((order) => orderMatches(order, terms));
      const key = args.sortKey ?? "ID";
      const sorted = sortBy(matching, (order) => (key === "UPDATED_AT" ? order.updatedAt : key === "CREATED_AT" ? order.createdAt : key === "PROCESSED_AT" ? order.processedAt : key === "ORDER_NUMBER" ? order.number : order.id));
      return connection(sorted, args, (order) => orderView(shop, order));
    },
    order: (args: { id: string }) => {
      requireScope(ctx, "order", "read_orders");
      const order = shop.orders.get(idOf(args.id, "Order") ?? -1);
      return order ? orderView(shop, order) : null;
    },
    products: (args: Args) => {
      requireScope(ctx, "products", "read_products");
      const terms = parseSearch(args.query);
      const key = args.sortKey ?? "ID";
      const matching = [...shop.products.values()].filter((product) => productMatches(product, shop, terms));
      const sorted = sortBy(matching, (product) => (key === "TITLE" ? product.title : key === "UPDATED_AT" ? product.updatedAt : key === "CREATED_AT" ? product.createdAt : product.id));
      return connection(sorted, args, (product) => productView(shop, product));
    },
    product: (args: { id: string }) => {
      requireScope(ctx, "product", "read_products");
      const product = shop.products.get(idOf(args.id, "Product") ?? -1);
      return product ? productView(shop, product) : null;
    },
    productVariants: (args: Args) => {
      requireScope(ctx, "productVariants", "read_products");
      const terms = parseSearch(args.query);
      const matching = [...shop.variants.values()].filter((variant) => variantMatches(variant, terms));
      return connection(sortBy(matching, (variant) => variant.id), args, (variant) => variantView(shop, variant));
    },
    productVariant: (args: { id: string }) => {
      requireScope(ctx, "productVariant", "read_products");
      const variant = shop.variants.get(idOf(args.id, "ProductVariant") ?? -1);
      return variant ? variantView(shop, variant) : null;
    },
    fulfillmentOrder: (args: { id: string }) => {
      requireScope(ctx, "fulfillmentOrder", "read_merchant_managed_fulfillment_orders", "read_assigned_fulfillment_orders");
      const fo = shop.fulfillmentOrders.get(idOf(args.id, "FulfillmentOrder") ?? -1);
      return fo ? fulfillmentOrderView(shop, fo) : null;
    },
    fulfillment: (args: { id: string }) => {
      requireScope(ctx, "fulfillment", "read_fulfillments", "read_orders");
      const fulfillment = shop.fulfillments.get(idOf(args.id, "Fulfillment") ?? -1);
      return fulfillment ? fulfillmentView(shop, fulfillment) : null;
    },
    webhookSubscriptions: (args: Args & { topics?: string[] }) => {
      const all = [...shop.subscriptions.values()].filter((subscription) => !args.topics?.length || args.topics.includes(subscription.topic));
      return connection(all, args, webhookSubscriptionView);
    },
    webhookSubscription: (args: { id: string }) => {
      const subscription = shop.subscriptions.get(idOf(args.id, "WebhookSubscription") ?? -1);
      return subscription ? webhookSubscriptionView(subscription) : null;
    },
    node: (args: { id: string }) => nodeView(shop, args.id),
    nodes: (args: { ids: string[] }) => args.ids.map((id) => nodeView(shop, id)),
  };
}

const WEBHOOK_URI = /^(https?:\/\/|pubsub:\/\/|arn:aws:events:)/;

function isLoopbackHttp(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}

export function rootMutation(ctx: ResolverContext): Record<string, unknown> {
  const { shop, shops } = ctx;
  return {
    webhookSubscriptionCreate: (args: { topic: string; webhookSubscription: { uri?: string | null; callbackUrl?: string | null; format?: "JSON" | "XML" | null; filter?: string | null; includeFields?: string[] | null; name?: string | null } }) => {
      const input = args.webhookSubscription;
      const uri = input.uri ?? input.callbackUrl ?? "";
      const field = input.uri !== undefined && input.uri !== null ? "uri" : "callbackUrl";
      const fail = (message: string) => ({ __typename: "WebhookSubscriptionCreatePayload", webhookSubscription: null, userErrors: [userError(["webhookSubscription", field], message)] });
      if (!uri) return fail("Address can't be blank");
      if (!WEBHOOK_URI.test(uri)) return fail("Address is invalid");
      if (uri.startsWith("http://") && !isLoopbackHttp(uri)) return fail("Address protocol http:// is not supported");
      if ([...shop.subscriptions.values()].some((existing) => existing.topic === args.topic && existing.uri === uri)) return fail("Address for this topic has already been taken");
      if (input.name && !/^[A-Za-z0-9_-]{1,50}$/.test(input.name)) return { ...fail("Name is invalid"), userErrors: [userError(["webhookSubscription", "name"], "Name is invalid")] };
      const at = shops.now();
      const subscription = {
        id: shops.nextId("subscription"),
        topic: args.topic,
        uri,
        format: input.format ?? "JSON",
        filter: input.filter ?? null,
        includeFields: input.includeFields ?? [],
        name: input.name ?? null,
        consecutiveFailures: 0,
        createdAt: at,
        updatedAt: at,
      };
      shop.subscriptions.set(subscription.id, subscription);
      return { __typename: "WebhookSubscriptionCreatePayload", webhookSubscription: webhookSubscriptionView(subscription), userErrors: [] };
    },
    webhookSubscriptionDelete: (args: { id: string }) => {
      const id = idOf(args.id, "WebhookSubscription");
      if (id === null || !shop.subscriptions.has(id)) {
        return { __typename: "WebhookSubscriptionDeletePayload", deletedWebhookSubscriptionId: null, userErrors: [userError(["id"], "Webhook subscription does not exist")] };
      }
      shop.subscriptions.delete(id);
      return { __typename: "WebhookSubscriptionDeletePayload", deletedWebhookSubscriptionId: args.id, userErrors: [] };
    },
    fulfillmentCreate: (args: { fulfillment: FulfillmentInput }) => {
      requireScope(ctx, "fulfillmentCreate", "write_merchant_managed_fulfillment_orders", "write_assigned_fulfillment_orders", "write_fulfillments");
      return createFulfillment(ctx, args.fulfillment);
    },
    fulfillmentTrackingInfoUpdate: (args: { fulfillmentId: string; trackingInfoInput: TrackingInput; notifyCustomer?: boolean | null }) => {
      requireScope(ctx, "fulfillmentTrackingInfoUpdate", "write_merchant_managed_fulfillment_orders", "write_assigned_fulfillment_orders", "write_fulfillments");
      const fulfillment = shop.fulfillments.get(idOf(args.fulfillmentId, "Fulfillment") ?? -1);
      const payload = (errors: UserError[], view: View | null) => ({ __typename: "FulfillmentTrackingInfoUpdatePayload", fulfillment: view, userErrors: errors });
      if (!fulfillment) return payload([userError(["fulfillmentId"], "Fulfillment does not exist.")], null);
      if (fulfillment.status === "CANCELLED") return payload([userError(["fulfillmentId"], "Cannot update tracking of a cancelled fulfillment.")], null);
      fulfillment.trackingInfo = trackingFrom(args.trackingInfoInput);
      fulfillment.updatedAt = shops.now();
      const order = shop.orders.get(fulfillment.orderId) as OrderRecord;
      shops.touch(order);
      shops.emitTopic(shop, "fulfillments/update", () => ({ kind: "fulfillment", fulfillmentId: fulfillment.id }));
      shops.emitOrder(shop, order, "orders/updated");
      return payload([], fulfillmentView(shop, fulfillment));
    },
    productSet: (args: { input: ProductSetInput; synchronous?: boolean | null; identifier?: { id?: string | null; handle?: string | null } | null }) => {
      requireScope(ctx, "productSet", "write_products");
      const result = setProduct(ctx, args.input, args.identifier ?? null);
      if (args.synchronous === false) {
        return {
          __typename: "ProductSetPayload",
          product: null,
          productSetOperation: { __typename: "ProductSetOperation", id: toGid("ProductSetOperation", shops.nextId("subscription")), status: "COMPLETE", product: result.product, userErrors: result.userErrors },
          userErrors: result.userErrors,
        };
      }
      return { __typename: "ProductSetPayload", product: result.product, productSetOperation: null, userErrors: result.userErrors };
    },
  };
}

type TrackingInput = { company?: string | null; number?: string | null; numbers?: string[] | null; url?: string | null; urls?: string[] | null };
type FulfillmentInput = {
  lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null }[];
  trackingInfo?: TrackingInput | null;
  notifyCustomer?: boolean | null;
};

function trackingFrom(input: TrackingInput | null | undefined): { company: string | null; number: string | null; url: string | null }[] {
  if (!input) return [];
  const numbers = input.numbers?.length ? input.numbers : input.number ? [input.number] : [];
  const urls = input.urls?.length ? input.urls : input.url ? [input.url] : [];
  if (numbers.length === 0) return [{ company: input.company ?? null, number: null, url: urls[0] ?? null }];
  return numbers.map((number, index) => ({ company: input.company ?? null, number, url: urls[index] ?? null }));
}

function createFulfillment(ctx: ResolverContext, input: FulfillmentInput): View {
  const { shop, shops } = ctx;
  const fail = (field: (string | number)[], message: string) => ({ __typename: "FulfillmentCreatePayload", fulfillment: null, userErrors: [userError(field, message)] });
  if (input.lineItemsByFulfillmentOrder.length === 0) return fail(["fulfillment", "lineItemsByFulfillmentOrder"], "Line items by fulfillment order can't be blank.");
  const plan: { foId: number; lineId: number; quantity: number }[] = [];
  let orderId: number | null = null;
  for (const [index, group] of input.lineItemsByFulfillmentOrder.entries()) {
    const fo = shop.fulfillmentOrders.get(idOf(group.fulfillmentOrderId, "FulfillmentOrder") ?? -1);
    if (!fo) return fail(["fulfillment", "lineItemsByFulfillmentOrder", index, "fulfillmentOrderId"], "Fulfillment order does not exist.");
    if (orderId !== null && fo.orderId !== orderId) return fail(["fulfillment", "lineItemsByFulfillmentOrder"], "All fulfillment orders must belong to the same order.");
    orderId = fo.orderId;
    if (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS") return fail(["fulfillment"], `Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status.toLowerCase()}.`);
    const requested = group.fulfillmentOrderLineItems?.length
      ? group.fulfillmentOrderLineItems.map((line) => ({ id: idOf(line.id, "FulfillmentOrderLineItem") ?? -1, quantity: line.quantity }))
      : fo.lineItems.filter((line) => line.remainingQuantity > 0).map((line) => ({ id: line.id, quantity: line.remainingQuantity }));
    for (const line of requested) {
      const target = fo.lineItems.find((candidate) => candidate.id === line.id);
      if (!target) return fail(["fulfillment", "lineItemsByFulfillmentOrder", index, "fulfillmentOrderLineItems"], "Fulfillment order line item does not exist.");
      if (line.quantity < 1 || line.quantity > target.remainingQuantity) return fail(["fulfillment", "lineItemsByFulfillmentOrder", index, "fulfillmentOrderLineItems"], "Invalid fulfillment order line item quantity requested.");
      plan.push({ foId: fo.id, lineId: target.id, quantity: line.quantity });
    }
  }
  const order = shop.orders.get(orderId as number) as OrderRecord;
  const at = shops.now();
  const lineItems = plan.map((step) => {
    const fo = shop.fulfillmentOrders.get(step.foId);
    const line = fo?.lineItems.find((candidate) => candidate.id === step.lineId);
    if (!fo || !line) throw new Error("fulfillment plan lost its fulfillment order");
    line.remainingQuantity -= step.quantity;
    fo.status = fo.lineItems.every((candidate) => candidate.remainingQuantity === 0) ? "CLOSED" : "IN_PROGRESS";
    fo.updatedAt = at;
    return { lineItemId: line.lineItemId, fulfillmentOrderId: fo.id, quantity: step.quantity };
  });
  const fulfillment = {
    id: shops.nextId("fulfillment"),
    orderId: order.id,
    name: `${order.name}-F${order.fulfillmentIds.length + 1}`,
    status: "SUCCESS" as const,
    notifyCustomer: input.notifyCustomer ?? false,
    trackingInfo: trackingFrom(input.trackingInfo),
    lineItems,
    createdAt: at,
    updatedAt: at,
  };
  shop.fulfillments.set(fulfillment.id, fulfillment);
  order.fulfillmentIds.push(fulfillment.id);
  shops.touch(order);
  shops.emitTopic(shop, "fulfillments/create", () => ({ kind: "fulfillment", fulfillmentId: fulfillment.id }));
  const fullyFulfilled = order.fulfillmentOrderIds.every((id) => shop.fulfillmentOrders.get(id)?.status === "CLOSED");
  shops.emitOrder(shop, order, fullyFulfilled ? "orders/fulfilled" : "orders/partially_fulfilled");
  shops.emitOrder(shop, order, "orders/updated");
  return { __typename: "FulfillmentCreatePayload", fulfillment: fulfillmentView(shop, fulfillment), userErrors: [] };
}

type ProductSetInput = {
  title?: string | null;
  handle?: string | null;
  descriptionHtml?: string | null;
  vendor?: string | null;
  productType?: string | null;
  status?: ProductRecord["status"] | null;
  tags?: string[] | null;
  productOptions?: { name?: string | null; values?: { name?: string | null }[] | null }[] | null;
  variants?: { id?: string | null; sku?: string | null; price?: string | number | null; optionValues: { optionName?: string | null; name?: string | null }[] }[] | null;
};

function setProduct(ctx: ResolverContext, input: ProductSetInput, identifier: { id?: string | null; handle?: string | null } | null): { product: View | null; userErrors: UserError[] } {
  const { shop, shops } = ctx;
  const fail = (field: string[], message: string, code: string) => ({ product: null, userErrors: [userError(field, message, code)] });
  let product: ProductRecord | undefined;
  if (identifier?.id) {
    product = shop.products.get(idOf(identifier.id, "Product") ?? -1);
    if (!product) return fail(["identifier", "id"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST");
  } else if (identifier?.handle) {
    product = [...shop.products.values()].find((candidate) => candidate.handle === identifier.handle);
  }
  if (!product && !input.title) return fail(["input", "title"], "Title can't be blank", "INVALID_INPUT");
  const options = input.productOptions ?? (product ? product.options.map((option) => ({ name: option.name, values: option.values.map((name) => ({ name })) })) : null);
  if (input.variants?.length && !options?.length) return fail(["input", "productOptions"], "Product options input is required when updating variants", "PRODUCT_OPTIONS_INPUT_MISSING");
  const optionNames = (options ?? []).map((option) => option.name ?? "");
  if (new Set(optionNames).size !== optionNames.length) return fail(["input", "productOptions"], "Duplicated option name.", "DUPLICATED_OPTION_NAME");
  for (const [index, variant] of (input.variants ?? []).entries()) {
    for (const value of variant.optionValues) {
      const option = (options ?? []).find((candidate) => candidate.name === value.optionName);
      if (!option) return fail(["input", "variants", String(index), "optionValues"], `Option does not exist`, "OPTION_DOES_NOT_EXIST");
      if (!(option.values ?? []).some((candidate) => candidate.name === value.name)) return fail(["input", "variants", String(index), "optionValues"], `Option value does not exist`, "OPTION_VALUE_DOES_NOT_EXIST");
    }
  }
  const at = shops.now();
  const created = !product;
  if (!product) {
    product = { id: shops.nextId("product"), title: input.title as string, handle: input.handle ?? (input.title as string).toLowerCase().replace(/[^a-z0-9]+/g, "-"), status: input.status ?? "ACTIVE", vendor: input.vendor ?? shop.name, productType: input.productType ?? "", descriptionHtml: input.descriptionHtml ?? "", tags: input.tags ?? [], options: [], variantIds: [], createdAt: at, updatedAt: at };
    shop.products.set(product.id, product);
  } else {
    if (input.title) product.title = input.title;
    if (input.handle) product.handle = input.handle;
    if (input.status) product.status = input.status;
    if (input.vendor) product.vendor = input.vendor;
    if (input.productType !== undefined && input.productType !== null) product.productType = input.productType;
    if (input.descriptionHtml !== undefined && input.descriptionHtml !== null) product.descriptionHtml = input.descriptionHtml;
    if (input.tags) product.tags = input.tags;
    product.updatedAt = at;
  }
  if (options) product.options = options.map((option) => ({ id: shops.nextId("option"), name: option.name ?? "", values: (option.values ?? []).map((value) => value.name ?? "") }));
  if (input.variants) {
    const previous = product.variantIds.map((id) => shop.variants.get(id)).filter((item): item is VariantRecord => Boolean(item));
    for (const old of previous) shop.variants.delete(old.id);
    product.variantIds = [];
    const record = product;
    input.variants.forEach((variant, index) => {
      const selectedOptions = variant.optionValues.map((value) => ({ name: value.optionName ?? "", value: value.name ?? "" }));
      const key = selectedOptions.map((option) => `${option.name}=${option.value}`).join("|");
      const kept = (variant.id ? previous.find((old) => toGid("ProductVariant", old.id) === variant.id) : undefined) ?? previous.find((old) => old.selectedOptions.map((option) => `${option.name}=${option.value}`).join("|") === key);
      shops.addVariant(shop, record, { id: kept?.id, sku: variant.sku ?? kept?.sku ?? null, price: formatPrice(variant.price ?? kept?.price ?? 0), selectedOptions, position: index + 1, requiresShipping: true });
    });
  }
  shops.emitTopic(shop, created ? "products/create" : "products/update", () => ({ kind: "product", productId: (product as ProductRecord).id }));
  return { product: productView(shop, product), userErrors: [] };
}

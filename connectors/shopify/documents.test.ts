import { Kind, NoDeprecatedCustomRule, parse, specifiedRules, validate, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import type { ShopifyOperation } from "./client";
import { MAX_QUERY_COST, requestedCost } from "./fake/cost";
import { getAdminSchema } from "./fake/schema";
import { FULFILLMENT_CREATE, FULFILLMENT_STATE, TRACKING_UPDATE } from "./fulfillments";
import { SHOP } from "./index";
import { ORDER, ORDER_LINES, ORDERS_UPDATED_SINCE } from "./orders";
import { PRODUCT_SET, PRODUCT_VARIANTS, VARIANTS } from "./products";
import { WEBHOOK_CREATE, WEBHOOK_DELETE, WEBHOOK_SUBSCRIPTIONS } from "./webhooks";

const operations: ShopifyOperation<unknown>[] = [SHOP, ORDER, ORDER_LINES, ORDERS_UPDATED_SINCE, FULFILLMENT_STATE, FULFILLMENT_CREATE, TRACKING_UPDATE, VARIANTS, PRODUCT_SET, PRODUCT_VARIANTS, WEBHOOK_SUBSCRIPTIONS, WEBHOOK_CREATE, WEBHOOK_DELETE];

describe("Shopify GraphQL documents (Admin API 2026-10)", () => {
  const { schema } = getAdminSchema();

  for (const operation of operations) {
    it(`${operation.name} validates against Shopify's schema, uses no deprecated field, and costs what the client budgets`, () => {
      const document = parse(operation.query);
      expect(validate(schema, document, [...specifiedRules, NoDeprecatedCustomRule]).map((error) => error.message)).toEqual([]);
      const definitions = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
      expect(definitions.map((definition) => definition.name?.value)).toEqual([operation.name]);
      const fragments = Object.fromEntries(document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
      const { cost, errors } = requestedCost(schema, definitions[0] as OperationDefinitionNode, fragments, {});
      expect(errors).toEqual([]);
      expect(cost).toBe(operation.cost);
      expect(cost).toBeLessThanOrEqual(MAX_QUERY_COST);
    });
  }

  it("every operation has its own name", () => {
    expect(new Set(operations.map((operation) => operation.name)).size).toBe(operations.length);
  });
});

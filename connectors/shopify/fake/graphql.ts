import {
  execute,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
} from "graphql";
import { actualCost, MAX_QUERY_COST, requestedCost } from "./cost";
import { rootMutation, rootQuery, type ResolverContext } from "./resolvers";
import { getAdminSchema } from "./schema";
import type { FakeShopifyShops, ShopRecord } from "./state";

type ShopifyError = { message: string; locations?: { line: number; column: number }[]; path?: (string | number)[]; extensions?: Record<string, unknown> };
export type GraphqlResponse = { data?: unknown; errors?: ShopifyError[]; extensions?: Record<string, unknown> };

// Fields with no resolver in the fake are refused by name, never answered with a silent null.
const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  if (source && typeof source === "object" && Object.hasOwn(source, info.fieldName)) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === "function" ? (value as (a: unknown, c: unknown, i: unknown) => unknown)(args, ctx, info) : value;
  }
  throw new GraphQLError(`The Shopify fake does not serve ${info.parentType.name}.${info.fieldName}`, { extensions: { code: "NOT_SERVED_BY_FAKE" } });
};

const typeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value) =>
  value && typeof value === "object" && typeof (value as { __typename?: unknown }).__typename === "string" ? (value as { __typename: string }).__typename : undefined;

const VALIDATION_CODES: [RegExp, string][] = [
  [/^Cannot query field/, "undefinedField"],
  [/^Unknown argument/, "argumentNotAccepted"],
  [/argument .* is required/, "missingRequiredArguments"],
  [/^Variable .* used in position expecting/, "variableMismatch"],
  [/^Unknown type/, "undefinedType"],
  [/^Unknown fragment/, "undefinedFragment"],
  [/^Variable .* is not defined/, "variableNotDefined"],
  [/^Variable .* is never used/, "variableNotUsed"],
  [/^Fragment .* is never used/, "useAndDefineFragment"],
  [/must have a selection of subfields|must not have a selection/, "selectionMismatch"],
  [/cannot represent|Expected value of type/, "argumentLiteralsIncompatible"],
];

function validationCode(message: string): string {
  return VALIDATION_CODES.find(([pattern]) => pattern.test(message))?.[1] ?? "GRAPHQL_VALIDATION_FAILED";
}

// Shopify (graphql-ruby) reports the path of a validation error as operation type plus field names.
function pathsOf(document: DocumentNode): Map<ASTNode, string[]> {
  const paths = new Map<ASTNode, string[]>();
  const stack: string[] = [];
  visit(document, {
    OperationDefinition: { enter: (node) => void stack.push(node.name?.value ? `${node.operation} ${node.name.value}` : node.operation), leave: () => void stack.pop() },
    FragmentDefinition: { enter: (node) => void stack.push(`fragment ${node.name.value}`), leave: () => void stack.pop() },
    Field: {
      enter: (node) => {
        stack.push(node.alias?.value ?? node.name.value);
        paths.set(node, [...stack]);
      },
      leave: () => void stack.pop(),
    },
    Argument: { enter: (node) => void paths.set(node, [...stack, node.name.value]) },
  });
  return paths;
}

function formatError(error: GraphQLError, code?: string, paths?: Map<ASTNode, string[]>): ShopifyError {
  const extensions = { ...error.extensions, ...(code ? { code } : {}) };
  const path = error.path ?? (error.nodes?.[0] && paths?.get(error.nodes[0]));
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations.map(({ line, column }) => ({ line, column })) } : {}),
    ...(path ? { path: [...path] } : {}),
    ...(Object.keys(extensions).length ? { extensions } : {}),
  };
}

export type GraphqlRequest = { query: string; variables?: Record<string, unknown> | null; operationName?: string | null };

export async function runGraphql(shops: FakeShopifyShops, shop: ShopRecord, scopes: string[], request: GraphqlRequest): Promise<GraphqlResponse> {
  const { schema } = getAdminSchema();
  const record = { at: shops.now(), shop: shop.domain, query: request.query, variables: request.variables ?? null, operationName: request.operationName ?? null, requestedQueryCost: null as number | null, actualQueryCost: null as number | null, errorCodes: [] as string[] };
  shops.requests.push(record);
  const finish = (response: GraphqlResponse) => {
    record.errorCodes = (response.errors ?? []).map((error) => String(error.extensions?.code ?? "ERROR"));
    return response;
  };

  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return finish({ errors: [formatError(error as GraphQLError, "PARSE_ERROR")] });
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length) {
    const paths = pathsOf(document);
    return finish({ errors: validationErrors.map((error) => formatError(error, validationCode(error.message), paths)) });
  }
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = request.operationName ? operations.find((candidate) => candidate.name?.value === request.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return finish({ errors: [{ message: request.operationName ? `No operation named "${request.operationName}"` : "An operation name is required", extensions: { code: "OPERATION_NOT_FOUND" } }] });
  if (operation.operation === "subscription") return finish({ errors: [{ message: "Subscriptions are not supported", extensions: { code: "BAD_REQUEST" } }] });

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
  if (coerced.errors) return finish({ errors: coerced.errors.map((error) => formatError(error, "INVALID_VARIABLE")) });
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;

  const requested = requestedCost(schema, operation, fragments, coerced.coerced);
  record.requestedQueryCost = requested.cost;
  if (requested.errors.length) {
    const paths = pathsOf(document);
    return finish({ errors: requested.errors.map((error) => ({ message: error.message, locations: error.node.loc ? [{ line: error.node.loc.startToken.line, column: error.node.loc.startToken.column }] : [], path: paths.get(error.node) ?? error.path, extensions: { code: "BAD_REQUEST" } })) });
  }
  const throttleStatus = () => shop.bucket.status();
  if (requested.cost > MAX_QUERY_COST) {
    return finish({
      errors: [
        {
          message: `Query cost is ${requested.cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
          extensions: { code: "MAX_COST_EXCEEDED", cost: requested.cost, maxCost: MAX_QUERY_COST },
        },
      ],
      extensions: { cost: { requestedQueryCost: requested.cost, actualQueryCost: null, throttleStatus: throttleStatus() } },
    });
  }
  if (!shop.bucket.tryTake(requested.cost)) {
    return finish({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost: requested.cost, actualQueryCost: null, throttleStatus: throttleStatus() } },
    });
  }
  const ctx: ResolverContext = { shops, shop, scopes };
  const rootValue = operation.operation === "mutation" ? rootMutation(ctx) : rootQuery(ctx);
  const result = await execute({ schema, document, rootValue, contextValue: ctx, variableValues: request.variables ?? {}, operationName: request.operationName ?? undefined, fieldResolver, typeResolver });
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const actual = Math.min(requested.cost, actualCost(schema, operation, fragments, coerced.coerced, data));
  record.actualQueryCost = actual;
  shop.bucket.refund(requested.cost - actual);
  const response: GraphqlResponse = { data, extensions: { cost: { requestedQueryCost: requested.cost, actualQueryCost: actual, throttleStatus: throttleStatus() } } };
  if (result.errors?.length) response.errors = result.errors.map((error) => formatError(error));
  return finish(response);
}

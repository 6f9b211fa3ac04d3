import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

// Shopify's calculated query cost: scalars and enums 0, objects 1, a connection 2 plus first/last times the
// cost of one item, interfaces and unions the most expensive possible selection, every mutation field 10.
export const MAX_QUERY_COST = 1000;
export const MAX_PAGE_SIZE = 250;
export const MUTATION_COST = 10;

export type CostError = { message: string; path: string[]; node: FieldNode };

type Walk = {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  errors: CostError[];
};

export function requestedCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): { cost: number; errors: CostError[] } {
  const walk: Walk = { schema, fragments, variables, errors: [] };
  const root = rootType(schema, operation);
  let cost = 0;
  for (const [key, nodes] of collectFields(walk, root, operation.selectionSet)) {
    const fieldCost = requestedFieldCost(walk, root, nodes, [key]);
    cost += operation.operation === "mutation" && !key.startsWith("__") ? MUTATION_COST : fieldCost;
  }
  const seen = new Set<string>();
  const errors = walk.errors.filter((error) => {
    const id = `${error.path.join(".")}|${error.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { cost, errors };
}

// The cost of what came back: connections count the items returned, null objects cost nothing.
export function actualCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data: Record<string, unknown> | null | undefined,
): number {
  if (!data) return 0;
  const walk: Walk = { schema, fragments, variables, errors: [] };
  const root = rootType(schema, operation);
  let cost = 0;
  for (const [key, nodes] of collectFields(walk, root, operation.selectionSet)) {
    if (operation.operation === "mutation") {
      cost += key.startsWith("__") ? 0 : MUTATION_COST;
      continue;
    }
    cost += actualFieldCost(walk, root, nodes, data[key]);
  }
  return cost;
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLObjectType {
  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) throw new Error(`The schema has no ${operation.operation} type`);
  return root;
}

function fieldDefinition(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(field.type).name.endsWith("Connection") && field.args.some((arg) => arg.name === "first");
}

function argumentsOf(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, walk.variables);
  } catch {
    return {};
  }
}

function pageSize(walk: Walk, args: Record<string, unknown>, node: FieldNode, path: string[]): number {
  const size = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : null;
  if (size === null) {
    walk.errors.push({ message: "you must provide one of first or last", path, node });
    return 0;
  }
  if (size > MAX_PAGE_SIZE || size < 0) {
    walk.errors.push({ message: `The page size must be between 0 and ${MAX_PAGE_SIZE}; got ${size}`, path, node });
    return Math.max(0, Math.min(size, MAX_PAGE_SIZE));
  }
  return size;
}

function requestedFieldCost(walk: Walk, parent: GraphQLCompositeType, nodes: FieldNode[], path: string[]): number {
  const first = nodes[0] as FieldNode;
  if (first.name.value.startsWith("__")) return 0;
  const field = fieldDefinition(parent, first.name.value);
  if (!field) return 0;
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  const selectionSet = mergeSelectionSets(nodes);
  const args = argumentsOf(walk, field, first);
  if (isConnection(field)) {
    const size = pageSize(walk, args, first, path);
    return 2 + size * connectionItemCost(walk, named, selectionSet, path);
  }
  const childCost = requestedSelectionCost(walk, named, selectionSet, path);
  const perObject = 1 + childCost;
  if (isListType(getNullableType(field.type)) && typeof args.first === "number") return args.first * perObject;
  return perObject;
}

function connectionItemCost(walk: Walk, connection: GraphQLCompositeType, selectionSet: SelectionSetNode, path: string[]): number {
  let item = 0;
  for (const [key, nodes] of collectFields(walk, connection, selectionSet)) {
    const name = (nodes[0] as FieldNode).name.value;
    const field = fieldDefinition(connection, name);
    if (!field) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) continue;
    if (name === "edges") item = Math.max(item, requestedSelectionCost(walk, named, mergeSelectionSets(nodes), [...path, key]));
    if (name === "nodes") item = Math.max(item, 1 + requestedSelectionCost(walk, named, mergeSelectionSets(nodes), [...path, key]));
  }
  return item;
}

function requestedSelectionCost(walk: Walk, type: GraphQLCompositeType, selectionSet: SelectionSetNode, path: string[]): number {
  const candidates = isAbstractType(type) ? abstractCandidates(walk, type, selectionSet) : [type];
  let most = 0;
  for (const candidate of candidates) {
    let cost = 0;
    for (const [key, nodes] of collectFields(walk, candidate, selectionSet)) cost += requestedFieldCost(walk, candidate, nodes, [...path, key]);
    most = Math.max(most, cost);
  }
  return most;
}

// For an interface or union, only the possible types named by a fragment can differ in cost.
function abstractCandidates(walk: Walk, type: GraphQLCompositeType, selectionSet: SelectionSetNode): GraphQLObjectType[] {
  if (!isAbstractType(type)) return [];
  const possible = walk.schema.getPossibleTypes(type);
  const conditions = new Set<string>();
  const gather = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (selection.typeCondition) conditions.add(selection.typeCondition.name.value);
        gather(selection.selectionSet);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = walk.fragments[selection.name.value];
        if (fragment) {
          conditions.add(fragment.typeCondition.name.value);
          gather(fragment.selectionSet);
        }
      }
    }
  };
  gather(selectionSet);
  const matching = possible.filter((candidate) => conditions.has(candidate.name) || candidate.getInterfaces().some((iface) => conditions.has(iface.name)));
  return matching.length ? matching : possible.slice(0, 1);
}

function actualFieldCost(walk: Walk, parent: GraphQLCompositeType, nodes: FieldNode[], value: unknown): number {
  const first = nodes[0] as FieldNode;
  if (first.name.value.startsWith("__") || value === null || value === undefined) return 0;
  const field = fieldDefinition(parent, first.name.value);
  if (!field) return 0;
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  const selectionSet = mergeSelectionSets(nodes);
  if (isConnection(field) && isRecord(value)) {
    const edgesType = fieldDefinition(named, "edges");
    const nodesType = fieldDefinition(named, "nodes");
    const edgeSets = collectFields(walk, named, selectionSet);
    const edges = Array.isArray(value[keyFor(edgeSets, "edges")]) ? (value[keyFor(edgeSets, "edges")] as unknown[]) : [];
    const items = Array.isArray(value[keyFor(edgeSets, "nodes")]) ? (value[keyFor(edgeSets, "nodes")] as unknown[]) : [];
    let cost = 2;
    for (let index = 0; index < Math.max(edges.length, items.length); index += 1) {
      let item = 0;
      const edgeNodes = edgeSets.get(keyFor(edgeSets, "edges"));
      if (edgesType && edgeNodes && isRecord(edges[index])) item = Math.max(item, actualSelectionCost(walk, getNamedType(edgesType.type) as GraphQLCompositeType, mergeSelectionSets(edgeNodes), edges[index] as Record<string, unknown>));
      const itemNodes = edgeSets.get(keyFor(edgeSets, "nodes"));
      if (nodesType && itemNodes && isRecord(items[index])) item = Math.max(item, 1 + actualSelectionCost(walk, getNamedType(nodesType.type) as GraphQLCompositeType, mergeSelectionSets(itemNodes), items[index] as Record<string, unknown>));
      cost += item;
    }
    return cost;
  }
  if (Array.isArray(value)) {
    return value.reduce<number>((sum, element) => sum + (isRecord(element) ? 1 + actualSelectionCost(walk, named, selectionSet, element) : 0), 0);
  }
  return isRecord(value) ? 1 + actualSelectionCost(walk, named, selectionSet, value) : 0;
}

function actualSelectionCost(walk: Walk, type: GraphQLCompositeType, selectionSet: SelectionSetNode, value: Record<string, unknown>): number {
  let concrete: GraphQLCompositeType = type;
  if (isAbstractType(type)) {
    const named = typeof value.__typename === "string" ? walk.schema.getType(value.__typename) : undefined;
    if (!named || !isObjectType(named)) return requestedSelectionCost(walk, type, selectionSet, []);
    concrete = named;
  }
  let cost = 0;
  for (const [key, nodes] of collectFields(walk, concrete, selectionSet)) cost += actualFieldCost(walk, concrete, nodes, value[key]);
  return cost;
}

function keyFor(fields: Map<string, FieldNode[]>, name: string): string {
  for (const [key, nodes] of fields) if ((nodes[0] as FieldNode).name.value === name) return key;
  return name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mergeSelectionSets(nodes: FieldNode[]): SelectionSetNode {
  const selections = nodes.flatMap((node) => node.selectionSet?.selections ?? []);
  return { kind: Kind.SELECTION_SET, selections };
}

function isIncluded(walk: Walk, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, walk.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, walk.variables);
  return include?.if !== false;
}

function fragmentApplies(walk: Walk, typeCondition: string | undefined, type: GraphQLCompositeType): boolean {
  if (!typeCondition || typeCondition === type.name) return true;
  const condition = walk.schema.getType(typeCondition);
  if (!condition || !isAbstractType(condition)) return false;
  return isObjectType(type) ? walk.schema.isSubType(condition, type) : false;
}

function collectFields(walk: Walk, type: GraphQLCompositeType, selectionSet: SelectionSetNode, into = new Map<string, FieldNode[]>(), visited = new Set<string>()): Map<string, FieldNode[]> {
  for (const selection of selectionSet.selections) {
    if (!isIncluded(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      into.set(key, [...(into.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (fragmentApplies(walk, selection.typeCondition?.name.value, type)) collectFields(walk, type, selection.selectionSet, into, visited);
    } else {
      const fragment = walk.fragments[selection.name.value];
      if (!fragment || visited.has(fragment.name.value)) continue;
      visited.add(fragment.name.value);
      if (fragmentApplies(walk, fragment.typeCondition.name.value, type)) collectFields(walk, type, fragment.selectionSet, into, visited);
    }
  }
  return into;
}

export * from "./schemas";
export { listCustomerProducts, getCustomerProduct, findUsableProduct, countCustomerProducts } from "./list";
export { getCatalogAccess, listCatalogChoices, setCatalogAccess } from "./access";
export { visibleTo } from "./visible";

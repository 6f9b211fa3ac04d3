export * from "./schemas";
export { createCustomer } from "./create";
export { updateCustomer } from "./update";
export { getCustomer, getCustomerRowOrThrow } from "./get";
export { listCustomers } from "./list";
export { toCustomerView } from "./view";
export { deactivateCustomer, reactivateCustomer, isCustomerActive } from "./deactivate";
export { deleteCustomer, type CustomerDeletion } from "./delete";

export * from "./schemas";
export { createProduct, getProduct, getProductById, updateProduct, listProducts, getProductRowByUid } from "./products";
export { addSampleProduct, sampleProduct } from "./sample-product";
export { importProductsCsv, type ImportResult } from "./import-products";
export { productCsvTemplate, productCsvColumns } from "./csv-template";
export { listShippingMethods, createShippingMethod, deleteShippingMethod } from "./shipping-methods";
export { getCatalogSnapshot, getShippingMethodNames, type CatalogSnapshot, type CatalogProduct } from "./snapshot";
export { toProductView } from "./view";

export { prepareOrder, resolveOrder, canonicalPaths, type OrderPaths, type PreparedOrder } from "./prepare";
export { intakeOrder, stableStringify, channelLabel, type IntakeResult } from "./intake";
export { getOrder, findCustomerOrder, findCustomerOrderRow, orderScope } from "./get";
export { getOrderPayload } from "./payload";
export { listOrders, listOrdersInput } from "./list";
export { listOrderDetails } from "./list-details";
export { changeOrderStatus, changeStatusInput } from "./change-status";
export { cancelCustomerOrder } from "./cancel";
export { updateOrderShipment } from "./update-shipment";
export { replaceOrderContent } from "./replace-content";
export { convertDraftToOrder, deleteDraft } from "./drafts";
export { reprocessOrder } from "./reprocess";
export { retryOrderNow } from "./retry";
export { replaceOrderFile, replaceOrderFileInput } from "./replace-file";
export { processOrder, processOrders, TransientCheckError, type ProcessRequest, type ProcessOutcome, type ProcessOptions } from "./process";
export { requeueNotConnectedOrders } from "./requeue";
export { loadOrderView, loadOrderViews, toOrderSummary, type OrderView, type OrderSummaryView, type OrderItemView, type OrderShipmentView, type OrderEventView } from "./view";
export { recordOrderEvent, statusEventType } from "./events";
// previewOrder is imported from "./preview" directly: it reads the dialect registry, whose dialects import this index.

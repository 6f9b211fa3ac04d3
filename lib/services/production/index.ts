export { getProductionBoard, boardStages, type Board, type BoardOrder, type BoardStage } from "./board";
export { bulkChangeStatus, shipOrders, parseShipmentsCsv, type BulkResult, type ShipmentLine } from "./bulk";

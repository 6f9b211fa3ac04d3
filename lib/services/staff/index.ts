export * from "./schemas";
export { inviteStaff } from "./invite";
export { listStaff } from "./list";
export { removeStaff } from "./remove";
export { toStaffView } from "./view";

import { randomFillSync } from "node:crypto";

// Prefixed, time-ordered ids: the prefix names the entity; ordering by id is ordering by
// creation, which keeps cursor paging simple. 10 chars of time + 16 of randomness (base32).
const prefixes = {
  customer: "cus",
  user: "usr",
  invitation: "inv",
  token: "tok",
  connector: "con",
  lookup: "lkp",
  product: "prd",
  shippingMethod: "shm",
  order: "ord",
  item: "itm",
  shipment: "shp",
  event: "evt",
  trigger: "trg",
  postback: "pbk",
  mail: "mail",
  store: "sto",
  link: "lnk",
  storeVariant: "svr",
  ignoredVariant: "ign",
  storeFulfillment: "sfl",
  storeEvent: "sev",
  webhookEvent: "whe",
  webhookMessage: "msg",
} as const;

export type IdKind = keyof typeof prefixes;

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

function encodeTime(ms: number): string {
  let out = "";
  let value = ms;
  for (let i = 0; i < 10; i++) {
    out = alphabet[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

// Random bytes drawn 4 KiB at a time: one system call per 256 ids instead of one per id.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function encodeRandom(length: number): string {
  if (poolOffset + length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  let out = "";
  for (let i = poolOffset; i < poolOffset + length; i++) out += alphabet[pool[i]! & 31];
  poolOffset += length;
  return out;
}

export function createId(kind: IdKind): string {
  return `${prefixes[kind]}_${encodeTime(Date.now())}${encodeRandom(16)}`;
}

export function hasPrefix(id: string, kind: IdKind): boolean {
  return id.startsWith(`${prefixes[kind]}_`);
}

import { getEnv } from "@/lib/env";
import type { Mail } from "./send";

type StaffInput = { to: string; name: string; storeName: string; platform: string; customerName: string; url: string };

export function storeAlertMail(input: StaffInput & { reason: string }): Mail {
  const { PARTNER_NAME, APP_URL } = getEnv();
  return {
    to: input.to,
    subject: `Store not working: ${input.storeName} (${input.customerName})`,
    content: {
      preheader: input.reason,
      greeting: `Hello ${input.name},`,
      paragraphs: [
        `The ${input.platform} store ${input.storeName} of ${input.customerName} stopped working: ${input.reason}.`.replace(/\.\.$/, "."),
        "Orders from this shop may not reach production until it is fixed. You get one more mail when it works again.",
      ],
      action: { label: "Open the store", url: input.url },
      footer: `${PARTNER_NAME} · ${APP_URL}`,
    },
  };
}

export function storeRecoveredMail(input: StaffInput): Mail {
  const { PARTNER_NAME, APP_URL } = getEnv();
  return {
    to: input.to,
    subject: `Store working again: ${input.storeName} (${input.customerName})`,
    content: {
      greeting: `Hello ${input.name},`,
      paragraphs: [`The ${input.platform} store ${input.storeName} of ${input.customerName} works again. Orders placed meanwhile arrive with the next sync.`],
      action: { label: "Open the store", url: input.url },
      footer: `${PARTNER_NAME} · ${APP_URL}`,
    },
  };
}

/** To a customer's admin, in plain words: what happened to their shop and the one thing to do. */
export function storeCustomerProblemMail(input: {
  to: string;
  name: string;
  storeName: string;
  platform: string;
  problem: "reconnect" | "link_variants";
  unlinkedVariants: number;
  url: string;
}): Mail {
  const { PARTNER_NAME, APP_URL } = getEnv();
  const reconnect = input.problem === "reconnect";
  const count = input.unlinkedVariants === 1 ? "1 product variant" : `${input.unlinkedVariants} product variants`;
  return {
    to: input.to,
    subject: reconnect ? `Please reconnect your shop ${input.storeName}` : `Link your products in ${input.storeName}`,
    content: {
      greeting: `Hello ${input.name},`,
      paragraphs: reconnect
        ? [
            `${input.platform} no longer lets ${PARTNER_NAME} read orders from your shop ${input.storeName}. This happens when the app is removed from the shop or its access runs out.`,
            `New orders from the shop do not reach us until you connect it again. It takes a minute: open Stores and connect the shop.`,
          ]
        : [
            `Your shop ${input.storeName} has ${count} that we do not know how to print yet.`,
            `Orders for them wait until you tell us which of our products each one is. Open the shop's products and link them; waiting orders then continue by themselves.`,
          ],
      action: { label: reconnect ? "Reconnect the shop" : "Link the products", url: input.url },
      footer: `${PARTNER_NAME} · ${APP_URL}`,
    },
  };
}

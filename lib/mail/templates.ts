import { getEnv } from "@/lib/env";
import type { Mail } from "./send";

function expiry(expiresAt: Date): string {
  const hours = Math.round((expiresAt.getTime() - Date.now()) / 3_600_000);
  return hours >= 48 ? `${Math.round(hours / 24)} days` : `${hours} hours`;
}

export function staffInvitationMail(input: { to: string; name: string; invitedBy: string; url: string; expiresAt: Date }): Mail {
  const { PARTNER_NAME, APP_URL } = getEnv();
  return {
    to: input.to,
    subject: `You're invited to the ${PARTNER_NAME} console`,
    content: {
      preheader: `${input.invitedBy} invited you to manage orders in ${PARTNER_NAME}.`,
      greeting: `Hello ${input.name},`,
      paragraphs: [
        `${input.invitedBy} has invited you to the ${PARTNER_NAME} console, where the team manages customers, order APIs and production.`,
        `Choose a password to activate your account. Your sign-in address is ${APP_URL}/sign-in and your user name is ${input.to}.`,
      ],
      action: { label: "Set your password", url: input.url },
      afterAction: [`The link works once and expires in ${expiry(input.expiresAt)}. If you were not expecting this invitation, you can ignore this mail.`],
      footer: `${PARTNER_NAME} · ${APP_URL}`,
    },
  };
}

export function storefrontInvitationMail(input: {
  to: string;
  firstName: string;
  customerName: string;
  invitedBy?: string;
  url: string;
  expiresAt: Date;
}): Mail {
  const { PARTNER_NAME, APP_URL } = getEnv();
  return {
    to: input.to,
    subject: `${PARTNER_NAME} invited you to manage your storefronts`,
    content: {
      preheader: `Connect your shops to ${PARTNER_NAME} and let your orders flow into production.`,
      greeting: `Hi ${input.firstName},`,
      paragraphs: [
        `${input.invitedBy ?? PARTNER_NAME} has set up storefront access for ${input.customerName}. In the portal you can connect your Shopify, Etsy and WooCommerce shops, link your shop products to ${PARTNER_NAME}'s catalog, and follow every order from payment to delivery.`,
        `Your sign-in address is ${APP_URL}/sign-in and your user name is ${input.to}. First, choose a password:`,
      ],
      action: { label: "Choose your password", url: input.url },
      afterAction: [
        `Getting started: 1. Connect a shop under Stores. 2. Link your products under Products. 3. Paid orders then arrive automatically.`,
        `This link works once and expires in ${expiry(input.expiresAt)}. If it has expired, ask ${PARTNER_NAME} to send a new one.`,
      ],
      footer: `${PARTNER_NAME} · ${APP_URL}`,
    },
  };
}

export function passwordResetMail(input: { to: string; name: string; url: string; expiresAt: Date }): Mail {
  const { PARTNER_NAME, APP_URL } = getEnv();
  return {
    to: input.to,
    subject: `Reset your ${PARTNER_NAME} password`,
    content: {
      preheader: "Someone asked to reset the password of your account.",
      greeting: `Hello ${input.name},`,
      paragraphs: [`We received a request to reset the password of your ${PARTNER_NAME} account (${input.to}).`],
      action: { label: "Choose a new password", url: input.url },
      afterAction: [
        `The link works once and expires in ${expiry(input.expiresAt)}. Setting a new password signs you out on every device.`,
        "If you did not ask for this, ignore this mail: your password stays as it is.",
      ],
      footer: `${PARTNER_NAME} · ${APP_URL}`,
    },
  };
}

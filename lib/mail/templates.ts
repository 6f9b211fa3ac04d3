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
  role: "admin" | "member";
  /** A colleague at the customer who sent the invitation; otherwise it comes from the partner. */
  invitedBy?: string;
  /** The user already has a password (access switched back on): they may keep it. */
  returning?: boolean;
  url: string;
  expiresAt: Date;
}): Mail {
  const { PARTNER_NAME, APP_URL } = getEnv();
  const signIn = `${APP_URL}/sign-in`;
  const opening = input.returning
    ? `${PARTNER_NAME} has switched storefront access for ${input.customerName} back on. You can sign in again at ${signIn} with your user name ${input.to} and your password, or choose a new password below.`
    : input.invitedBy
      ? `${input.invitedBy} has invited you to the storefront portal of ${input.customerName} at ${PARTNER_NAME}, the print partner that produces and ships your shop orders.`
      : `${PARTNER_NAME} has opened its storefront portal to ${input.customerName} and made you its admin.`;
  const whatYouCanDo =
    input.role === "admin"
      ? `In the portal you connect your Shopify shop, see the products of ${PARTNER_NAME}'s catalog you can use, invite your colleagues, and follow every order from payment to delivery.`
      : `In the portal you see the products you can sell and every order from payment to delivery.`;
  return {
    to: input.to,
    subject: input.returning
      ? `Your ${PARTNER_NAME} storefront portal is open again`
      : input.invitedBy ? `${input.invitedBy} invited you to the ${PARTNER_NAME} storefront portal` : `${PARTNER_NAME} invited you to its storefront portal`,
    content: {
      preheader: `Storefront portal for ${input.customerName} at ${PARTNER_NAME}: choose your password to start.`,
      greeting: `Hi ${input.firstName},`,
      paragraphs: input.returning
        ? [opening]
        : [opening, whatYouCanDo, `Your sign-in address is ${signIn} and your user name is ${input.to}. To start, choose your password with the button below.`],
      action: { label: input.returning ? "Choose a new password" : "Choose your password", url: input.url },
      afterAction: [
        ...(input.role === "admin" && !input.returning
          ? ["Getting started: 1. Choose your password. 2. Connect your Shopify shop under Stores. 3. Invite your colleagues under Users. 4. Follow your orders under Orders."]
          : []),
        `This link works once and expires in ${expiry(input.expiresAt)}. If it has expired, ask ${input.invitedBy ?? PARTNER_NAME} for a new one. We never send passwords by mail.`,
      ],
      footer: `${PARTNER_NAME} · ${APP_URL}`,
    },
  };
}

/** To the holder of an address a storefront user tried to invite, when it belongs to another account. */
export function addressInUseMail(input: { to: string; customerName: string; invitedBy: string }): Mail {
  const { PARTNER_NAME, APP_URL } = getEnv();
  return {
    to: input.to,
    subject: `${input.invitedBy} tried to invite you to the ${PARTNER_NAME} storefront portal`,
    content: {
      preheader: "This address already has an account, so nothing was changed.",
      greeting: "Hello,",
      paragraphs: [
        `${input.invitedBy} tried to invite ${input.to} to the storefront portal of ${input.customerName} at ${PARTNER_NAME}. This address already belongs to an account, and an address can belong to one account only, so nothing was changed.`,
        `If you expected the invitation, ask ${input.invitedBy} to invite another address of yours. Otherwise you can ignore this mail.`,
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

"use client";
import { useState, type FormEvent } from "react";
import { KeyRound, ShoppingBag } from "lucide-react";
import type { ActionState } from "@/lib/actions";
import { ActionForm, FormText } from "@/components/ui/form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * "Connect Shopify": the shop's address, then Shopify's own install screen (OAuth). A plain GET
 * form to /api/stores/shopify/connect, which answers with the redirect.
 */
export function ConnectShopifyForm({ customerId, enabled, defaultShop }: { customerId?: string; enabled: boolean; defaultShop?: string }) {
  // A navigation, not a form submission: the pages' `form-action 'self'` would stop the redirect to Shopify.
  const navigate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) if (typeof value === "string") query.set(name, value);
    window.location.assign(`/api/stores/shopify/connect?${query}`);
  };
  return (
    <form method="get" action="/api/stores/shopify/connect" onSubmit={navigate} className="space-y-3" aria-label="Connect Shopify">
      {customerId ? <input type="hidden" name="customerId" value={customerId} /> : null}
      <TextField
        label="Shop address"
        name="shop"
        required
        placeholder="acme.myshopify.com"
        defaultValue={defaultShop}
        autoComplete="off"
        spellCheck={false}
        disabled={!enabled}
        hint="The shop's name (acme), its myshopify.com address, or the address of its Shopify admin."
      />
      <Button type="submit" disabled={!enabled}>
        <ShoppingBag className="size-4" aria-hidden />
        Connect Shopify
      </Button>
    </form>
  );
}

/** "Use a custom-app token": a custom app made in the shop's admin, its Admin API token and API secret key. */
export function CustomAppTokenForm({ action, webhookUrl }: { action: (state: ActionState, formData: FormData) => Promise<ActionState>; webhookUrl: string }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        <KeyRound className="size-4" aria-hidden />
        Use a custom-app token
      </Button>
    );
  }
  return (
    <ActionForm action={action} className="rounded-lg p-4 ring-1 ring-slate-200">
      <div className="space-y-1 text-sm text-slate-600">
        <p className="font-medium text-slate-900">Connect with a custom app</p>
        <ol className="list-decimal space-y-1 pl-5">
          <li>In the shop&apos;s Shopify admin open Settings → Apps and sales channels → Develop apps, and create an app.</li>
          <li>
            Under Configuration → Admin API integration allow <span className="font-mono text-xs">read_orders</span>,{" "}
            <span className="font-mono text-xs">read_products</span>, <span className="font-mono text-xs">write_products</span> and the merchant-managed fulfillment order scopes
            (read and write).
          </li>
          <li>Install the app. Under API credentials copy the Admin API access token (shown once, starts with shpat_) and the API secret key.</li>
        </ol>
      </div>
      <FormText label="Shop address" name="shopDomain" placeholder="acme.myshopify.com" autoComplete="off" spellCheck={false} />
      <FormText label="Admin API access token" name="accessToken" type="password" autoComplete="off" placeholder="shpat_…" />
      <FormText
        label="API secret key"
        name="webhookSecret"
        type="password"
        autoComplete="off"
        optional
        hint="Shopify signs the app's webhooks with it. Leave it empty only if your print partner told you to."
      />
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
        Webhooks are delivered to <span className="font-mono break-all text-slate-700">{webhookUrl}</span>
        <CopyButton value={webhookUrl} label="Copy webhook URL" />
      </div>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingText="Checking with Shopify…">Connect with token</SubmitButton>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </ActionForm>
  );
}

/** "Connect Etsy": a plain link to /api/stores/etsy/connect, which answers with the redirect to Etsy's grant page (OAuth with PKCE). */
export function ConnectEtsyLink({ customerId }: { customerId?: string }) {
  const href = customerId ? `/api/stores/etsy/connect?customerId=${encodeURIComponent(customerId)}` : "/api/stores/etsy/connect";
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500">You sign in to Etsy as the shop owner and choose Allow Access; you come back here with the shop connected.</p>
      <a href={href} className={buttonClass()}>
        <ShoppingBag className="size-4" aria-hidden />
        Connect Etsy
      </a>
    </div>
  );
}

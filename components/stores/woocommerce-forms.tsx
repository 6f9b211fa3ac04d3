"use client";
import { useState, type FormEvent } from "react";
import { KeyRound, ShoppingCart } from "lucide-react";
import type { ActionState } from "@/lib/actions";
import { ActionForm, FormText } from "@/components/ui/form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { Button } from "@/components/ui/button";

/**
 * "Connect WooCommerce": the site's address, then WooCommerce's own screen where the shop owner
 * approves a key (wc-auth). A plain GET form to /api/stores/woocommerce/connect, which redirects.
 */
export function ConnectWooCommerceForm({ customerId, defaultSiteUrl }: { customerId?: string; defaultSiteUrl?: string }) {
  // A navigation, not a form submission: the pages' `form-action 'self'` would stop the redirect to the site.
  const navigate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) if (typeof value === "string") query.set(name, value);
    window.location.assign(`/api/stores/woocommerce/connect?${query}`);
  };
  return (
    <form method="get" action="/api/stores/woocommerce/connect" onSubmit={navigate} className="space-y-3" aria-label="Connect WooCommerce">
      {customerId ? <input type="hidden" name="customerId" value={customerId} /> : null}
      <TextField
        label="Site address"
        name="siteUrl"
        required
        placeholder="https://shop.example.com"
        defaultValue={defaultSiteUrl}
        autoComplete="url"
        spellCheck={false}
        hint="The address of the WordPress site your shop runs on. You approve the access on your site; sign in there as a shop manager or administrator if asked."
      />
      <Button type="submit">
        <ShoppingCart className="size-4" aria-hidden />
        Connect WooCommerce
      </Button>
    </form>
  );
}

/** "Enter REST API keys": a key made by hand under WooCommerce → Settings → Advanced → REST API. */
export function WooCommerceKeysForm({ action }: { action: (state: ActionState, formData: FormData) => Promise<ActionState> }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        <KeyRound className="size-4" aria-hidden />
        Enter REST API keys
      </Button>
    );
  }
  return (
    <ActionForm action={action} className="rounded-lg p-4 ring-1 ring-slate-200">
      <div className="space-y-1 text-sm text-slate-600">
        <p className="font-medium text-slate-900">Connect with REST API keys</p>
        <ol className="list-decimal space-y-1 pl-5">
          <li>In your WordPress admin open WooCommerce → Settings → Advanced → REST API, and choose Add key.</li>
          <li>
            Give it a description (Inkbridge), pick a user who manages the shop, set Permissions to <span className="font-medium">Read/Write</span>, and choose Generate API
            key.
          </li>
          <li>Copy the consumer key (starts with ck_) and the consumer secret (starts with cs_): WooCommerce shows them only once.</li>
        </ol>
      </div>
      <FormText label="Site address" name="siteUrl" placeholder="https://shop.example.com" autoComplete="url" spellCheck={false} />
      <FormText label="Consumer key" name="consumerKey" type="password" autoComplete="off" placeholder="ck_…" />
      <FormText label="Consumer secret" name="consumerSecret" type="password" autoComplete="off" placeholder="cs_…" />
      <p className="text-xs text-slate-500">The keys are checked with your site before anything is saved; webhooks for new and changed orders are then set up on your site with their own secret.</p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingText="Checking with your site…">Connect with keys</SubmitButton>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </ActionForm>
  );
}

CREATE TABLE "stores" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"platform" text NOT NULL,
	"name" text NOT NULL,
	"identity" text NOT NULL,
	"credentials_encrypted" text,
	"status" text DEFAULT 'connected' NOT NULL,
	"status_reason" text,
	"approval_mode" text DEFAULT 'auto' NOT NULL,
	"webhooks_managed" boolean DEFAULT true NOT NULL,
	"webhooks_state" text DEFAULT 'missing' NOT NULL,
	"reconcile_cursor" timestamp with time zone DEFAULT now() NOT NULL,
	"last_webhook_at" timestamp with time zone,
	"last_sync_at" timestamp with time zone,
	"last_sync_error" text,
	"products_sync_requested_at" timestamp with time zone,
	"products_synced_at" timestamp with time zone,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disconnected_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_variants" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"external_product_id" text NOT NULL,
	"external_variant_id" text,
	"sku" text,
	"product_title" text NOT NULL,
	"variant_title" text,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"price" text,
	"link_state" text DEFAULT 'unlinked' NOT NULL,
	"external_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_links" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"external_product_id" text NOT NULL,
	"external_variant_id" text,
	"product_uid" text NOT NULL,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ignored_variants" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"external_product_id" text NOT NULL,
	"external_variant_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"delivery_id" text NOT NULL,
	"store_id" text,
	"customer_id" text,
	"identity" text NOT NULL,
	"topic" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"raw_body" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"outcome" text,
	"external_order_id" text,
	"order_id" text,
	"processed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_fulfillments" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"order_id" text NOT NULL,
	"shipment_id" text NOT NULL,
	"external_order_id" text NOT NULL,
	"external_fulfillment_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"carrier" text,
	"tracking_number" text,
	"tracking_url" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_events" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"type" text NOT NULL,
	"message" text NOT NULL,
	"external_order_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_variants" ADD CONSTRAINT "store_variants_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_links" ADD CONSTRAINT "product_links_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ignored_variants" ADD CONSTRAINT "ignored_variants_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_fulfillments" ADD CONSTRAINT "store_fulfillments_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_fulfillments" ADD CONSTRAINT "store_fulfillments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_events" ADD CONSTRAINT "store_events_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stores_active_identity_key" ON "stores" USING btree ("platform","identity") WHERE "stores"."status" <> 'disconnected';--> statement-breakpoint
CREATE INDEX "stores_customer_idx" ON "stores" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "stores_identity_idx" ON "stores" USING btree ("platform","identity");--> statement-breakpoint
CREATE UNIQUE INDEX "store_variants_external_key" ON "store_variants" USING btree ("store_id","external_product_id",coalesce("external_variant_id", ''));--> statement-breakpoint
CREATE UNIQUE INDEX "product_links_variant_key" ON "product_links" USING btree ("store_id","external_product_id",coalesce("external_variant_id", ''));--> statement-breakpoint
CREATE INDEX "product_links_customer_idx" ON "product_links" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ignored_variants_variant_key" ON "ignored_variants" USING btree ("store_id","external_product_id",coalesce("external_variant_id", ''));--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_delivery_key" ON "webhook_events" USING btree ("platform","delivery_id");--> statement-breakpoint
CREATE INDEX "webhook_events_store_idx" ON "webhook_events" USING btree ("store_id","id");--> statement-breakpoint
CREATE INDEX "webhook_events_customer_idx" ON "webhook_events" USING btree ("customer_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "store_fulfillments_shipment_key" ON "store_fulfillments" USING btree ("shipment_id");--> statement-breakpoint
CREATE INDEX "store_fulfillments_order_idx" ON "store_fulfillments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "store_events_store_idx" ON "store_events" USING btree ("store_id","id");--> statement-breakpoint
CREATE INDEX "orders_store_status_idx" ON "orders" USING btree ("store_id","status") WHERE "orders"."store_id" is not null;
ALTER TABLE "stores" ADD COLUMN "sync_failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "alerted_state" text DEFAULT 'ok' NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "customer_alerted_problem" text;--> statement-breakpoint
CREATE INDEX "store_variants_unlinked_idx" ON "store_variants" USING btree ("store_id") WHERE "store_variants"."link_state" = 'unlinked';
ALTER TABLE "stores" ADD COLUMN "products_sync_state" text DEFAULT 'idle' NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "products_sync_cursor" text;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "products_sync_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "products_sync_total" integer;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "products_sync_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "products_sync_error" text;--> statement-breakpoint
ALTER TABLE "store_variants" ADD COLUMN "attention_reason" text;
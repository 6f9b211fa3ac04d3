ALTER TABLE "stores" ADD COLUMN "products_sync_lease_id" text;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "products_sync_lease_until" timestamp with time zone;
CREATE TABLE "customer_invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"email" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"role" text NOT NULL,
	"user_id" text,
	"invited_by" text,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_invitations" ADD CONSTRAINT "customer_invitations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_invitations" ADD CONSTRAINT "customer_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_invitations_pending_key" ON "customer_invitations" USING btree ("customer_id",lower("email")) WHERE "customer_invitations"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "customer_invitations_user_idx" ON "customer_invitations" USING btree ("user_id");--> statement-breakpoint
-- Customer users invited before this table existed, who have not chosen a password yet, are its first pending invitations.
INSERT INTO "customer_invitations" ("id", "customer_id", "email", "first_name", "last_name", "role", "user_id", "invited_by", "sent_at", "expires_at")
SELECT 'inv_' || substr(md5(u."id"), 1, 26), u."customer_id", lower(u."email"), coalesce(u."first_name", u."name"), coalesce(u."last_name", ''), u."role", u."id", u."invited_by",
  coalesce(u."invited_at", u."created_at"),
  coalesce((SELECT max(t."expires_at") FROM "auth_tokens" t WHERE t."user_id" = u."id" AND t."purpose" = 'invite' AND t."used_at" IS NULL), coalesce(u."invited_at", u."created_at") + interval '72 hours')
FROM "users" u
WHERE u."kind" = 'customer' AND u."customer_id" IS NOT NULL AND u."password_hash" IS NULL AND u."disabled_at" IS NULL;

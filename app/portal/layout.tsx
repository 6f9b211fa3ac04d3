import { requireCustomerUser } from "@/lib/auth/guards";
import { getEnv } from "@/lib/env";
import { getCustomer } from "@/lib/services/customers";
import { Shell, type NavItem } from "@/components/console/nav";
import { UserFooter } from "@/components/console/user-footer";
import { signOutAction } from "@/app/(auth)/actions";

export const dynamic = "force-dynamic";

const items: NavItem[] = [
  { href: "/portal", label: "Home", icon: "home", exact: true },
  { href: "/portal/stores", label: "Stores", icon: "stores" },
  { href: "/portal/products", label: "Products", icon: "catalog" },
  { href: "/portal/orders", label: "Orders", icon: "orders" },
  { href: "/portal/users", label: "Users", icon: "users" },
  { href: "/portal/settings", label: "Settings", icon: "settings" },
];

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireCustomerUser();
  const customer = await getCustomer({ ctx, customerId: ctx.user.customerId });
  return (
    <Shell brand={getEnv().PARTNER_NAME} subtitle={customer.name} items={items} footer={<UserFooter name={ctx.user.name} email={ctx.user.email} signOut={signOutAction} />}>
      {children}
    </Shell>
  );
}

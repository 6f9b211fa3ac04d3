import { requireStaff } from "@/lib/auth/guards";
import { getEnv } from "@/lib/env";
import { Shell, type NavItem } from "@/components/console/nav";
import { UserFooter } from "@/components/console/user-footer";
import { signOutAction } from "@/app/(auth)/actions";

export const dynamic = "force-dynamic";

const items: NavItem[] = [
  { href: "/", label: "Dashboard", icon: "dashboard", exact: true },
  { href: "/customers", label: "Customers", icon: "customers" },
  { href: "/orders", label: "Orders", icon: "orders" },
  { href: "/stores", label: "Stores", icon: "stores" },
  { href: "/production", label: "Production", icon: "production" },
  { href: "/catalog", label: "Catalog", icon: "catalog" },
  { href: "/settings", label: "Settings", icon: "settings" },
];

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requireStaff();
  return (
    <Shell brand={getEnv().PARTNER_NAME} subtitle="Partner console" items={items} footer={<UserFooter name={user.name} email={user.email} signOut={signOutAction} />}>
      {children}
    </Shell>
  );
}

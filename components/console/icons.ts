import { LayoutDashboard, Users, ShoppingCart, Package, Settings, Factory, Store, House, UserCog, type LucideIcon } from "lucide-react";

// Icons are referenced by name across the server/client boundary (components cannot be passed).
export const icons = {
  dashboard: LayoutDashboard,
  customers: Users,
  orders: ShoppingCart,
  production: Factory,
  catalog: Package,
  settings: Settings,
  stores: Store,
  home: House,
  users: UserCog,
} satisfies Record<string, LucideIcon>;

export type IconName = keyof typeof icons;

import { requireStaff } from "@/lib/auth/guards";
import { PageHeader } from "@/components/ui/page-header";
import { RouteTabs } from "@/components/ui/tabs";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requireStaff();
  const tabs = [
    { segment: "", label: "Account" },
    ...(user.role === "admin"
      ? [
          { segment: "staff", label: "Staff" },
          { segment: "tokens", label: "API tokens" },
          { segment: "mail", label: "Mail" },
        ]
      : []),
    { segment: "jobs", label: "Failed jobs" },
  ];
  return (
    <>
      <PageHeader title="Settings" description="Your account, the team, API access and the background work of the system." />
      <div className="mb-6">
        <RouteTabs base="/settings" tabs={tabs} />
      </div>
      {children}
    </>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { KeyRound } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { listApiTokens } from "@/lib/services/tokens";
import { getEnv } from "@/lib/env";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { CopyField } from "@/components/ui/copy-button";
import { Time, relativeTime } from "@/components/ui/time";
import { CreateTokenForm } from "./create-token-form";
import { revokeTokenAction } from "../actions";

export const metadata: Metadata = { title: "API tokens" };

const scopeLabels = { admin: "Admin", operator: "Operator", production: "Production", read: "Read only" } as const;

export default async function TokensPage() {
  const ctx = await requireStaff();
  if (ctx.user.role !== "admin") notFound();
  const tokens = await listApiTokens({ ctx });
  const base = `${getEnv().APP_URL}/api/admin/v1`;
  return (
    <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-3">
      <div className="space-y-6 xl:col-span-2">
        <Card>
          <CardHeader title="API tokens" description="Bearer tokens for the partner admin API. Each is shown once; revoke any you no longer use." />
          {tokens.length === 0 ? (
            <EmptyState icon={KeyRound} title="No API tokens yet">
              Create a token to automate onboarding or connect a production system. Tokens can also be made with HTTP Basic at <code className="font-mono text-xs whitespace-nowrap">POST /tokens</code>.
            </EmptyState>
          ) : (
            <Table>
              <THead>
                <Th>Name</Th>
                <Th className="hidden sm:table-cell">Scope</Th>
                <Th className="hidden md:table-cell">Last used</Th>
                <Th className="hidden md:table-cell">Created</Th>
                <Th />
              </THead>
              <TBody>
                {tokens.map((token) => (
                  <tr key={token.id} className={token.revokedAt ? "opacity-60" : undefined}>
                    <Td>
                      <div className="font-medium text-slate-900">{token.name}</div>
                      <div className="font-mono text-xs text-slate-400">{token.prefix}…</div>
                      <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500 md:hidden">
                        <span className="sm:hidden">
                          <Badge tone={token.scope === "admin" ? "indigo" : "gray"}>{scopeLabels[token.scope]}</Badge>
                        </span>
                        {token.lastUsedAt ? `Used ${relativeTime(token.lastUsedAt)}` : "Never used"}
                      </div>
                    </Td>
                    <Td className="hidden sm:table-cell">
                      <Badge tone={token.scope === "admin" ? "indigo" : "gray"}>{scopeLabels[token.scope]}</Badge>
                    </Td>
                    <Td className="hidden text-slate-500 md:table-cell">{token.lastUsedAt ? relativeTime(token.lastUsedAt) : "Never"}</Td>
                    <Td className="hidden text-slate-500 md:table-cell">
                      <Time value={token.createdAt} withTime={false} />
                      {token.createdBy ? <div className="text-xs">by {token.createdBy}</div> : null}
                    </Td>
                    <Td className="text-right">
                      {token.revokedAt ? (
                        <Badge tone="red">Revoked</Badge>
                      ) : (
                        <form action={revokeTokenAction}>
                          <input type="hidden" name="tokenId" value={token.id} />
                          <Button type="submit" size="sm" variant="danger">
                            Revoke
                          </Button>
                        </form>
                      )}
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader title="Using the admin API" />
          <CardBody className="space-y-3 text-sm text-slate-600">
            <p>Base URL</p>
            <CopyField value={base} label="Copy URL" />
            <p>
              Send the token as <code className="font-mono text-xs">Authorization: Bearer &lt;token&gt;</code>. The reference is at{" "}
              <a className="font-medium text-brand-600 hover:text-brand-700" href="/api/docs">
                /api/docs
              </a>
              .
            </p>
          </CardBody>
        </Card>
      </div>
      <Card className="order-first xl:order-last">
        <CardHeader title="New token" />
        <CardBody>
          <CreateTokenForm />
        </CardBody>
      </Card>
    </div>
  );
}

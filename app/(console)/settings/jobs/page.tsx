import type { Metadata } from "next";
import { CircleCheck } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { listFailedJobs } from "@/lib/services/jobs/failed";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { retryJobAction } from "../actions";

export const metadata: Metadata = { title: "Failed jobs" };

export default async function FailedJobsPage() {
  const ctx = await requireStaff();
  const jobs = await listFailedJobs({ ctx, input: { limit: 200 } });
  return (
    <Card>
      <CardHeader title="Failed jobs" description="Background work that failed after all its retries. Fix the cause, then retry; a retried job runs with a fresh set of attempts." />
      {jobs.length === 0 ? (
        <EmptyState icon={CircleCheck} title="Nothing has failed">
          Mail, order processing and postbacks are retried automatically. Jobs that still fail after every retry appear here.
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <Th>Job</Th>
            <Th className="hidden sm:table-cell">Error</Th>
            <Th className="hidden md:table-cell">Failed</Th>
            <Th />
          </THead>
          <TBody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <Td>
                  <Badge tone="purple">{job.queue}</Badge>
                  <div className="mt-1 max-w-[12rem] truncate font-mono text-xs text-slate-400 sm:max-w-xs" title={JSON.stringify(job.data)}>
                    {JSON.stringify(job.data)}
                  </div>
                  <div className="mt-1 text-sm text-red-700 sm:hidden">
                    <span className="line-clamp-3 wrap-anywhere">{job.error ?? "Unknown error"}</span>
                    <span className="text-xs text-slate-400">
                      after {job.retryCount} retries · <Time value={job.failedAt} />
                    </span>
                  </div>
                </Td>
                <Td className="hidden max-w-md text-red-700 sm:table-cell">
                  <span className="line-clamp-2 wrap-anywhere">{job.error ?? "Unknown error"}</span>
                  <div className="text-xs text-slate-400">after {job.retryCount} retries</div>
                </Td>
                <Td className="hidden text-slate-500 md:table-cell">
                  <Time value={job.failedAt} />
                </Td>
                <Td className="text-right">
                  <form action={retryJobAction}>
                    <input type="hidden" name="jobId" value={job.id} />
                    <Button type="submit" size="sm" variant="secondary">
                      Retry
                    </Button>
                  </form>
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}

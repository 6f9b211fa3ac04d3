"use client";
import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** Reloads the page's data every few seconds while `active`, so a queued attempt shows up. */
export function AutoRefresh({ active, intervalMs = 1500, maxTimes = 40 }: { active: boolean; intervalMs?: number; maxTimes?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    let times = 0;
    const timer = setInterval(() => {
      if (++times > maxTimes) return clearInterval(timer);
      router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, maxTimes, router]);
  return null;
}

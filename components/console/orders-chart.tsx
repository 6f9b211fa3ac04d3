"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DayCount } from "@/lib/services/dashboard/overview";

export const channelColors = {
  gelato_api: "#4f46e5",
  siteflow_api: "#0ea5e9",
  shopify: "#16a34a",
  etsy: "#f97316",
  woocommerce: "#a855f7",
} as const;

const channelNames: Record<keyof typeof channelColors, string> = {
  gelato_api: "Gelato API",
  siteflow_api: "SiteFlow API",
  shopify: "Shopify",
  etsy: "Etsy",
  woocommerce: "WooCommerce",
};

/** Orders per day, stacked by the channel they came through. */
export function OrdersChart({ data }: { data: DayCount[] }) {
  const channels = (Object.keys(channelColors) as Array<keyof typeof channelColors>).filter((channel) => data.some((day) => (day[channel] ?? 0) > 0));
  const shown = channels.length ? channels : (["gelato_api", "siteflow_api"] as const);
  const rows = data.map((day) => ({ ...day, label: new Date(`${day.day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }) }));
  return (
    <div className="h-64 w-full" role="img" aria-label={`Orders per day for the last ${data.length} days: ${data.map((day) => `${day.day} ${day.total}`).join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={11} interval="preserveStartEnd" minTickGap={12} stroke="#64748b" />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} fontSize={11} stroke="#64748b" />
          <Tooltip cursor={{ fill: "#f1f5f9" }} contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }} />
          <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
          {shown.map((channel, index) => (
            <Bar key={channel} dataKey={channel} name={channelNames[channel]} stackId="orders" fill={channelColors[channel]} radius={index === shown.length - 1 ? [3, 3, 0, 0] : 0} maxBarSize={36} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

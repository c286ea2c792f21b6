"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { RouterOutputs } from "../trpc/trpc";

type Funnel = RouterOutputs["run"]["funnel"];

/** The funnel as stacked bars per item, and the most common drop reasons across items. */
export function FunnelChart({ funnel }: { funnel: Funnel }) {
  const reasons = funnel
    .flatMap((row) =>
      row.reasons.map((r) => ({ label: `${row.item}: ${r.reason}`.slice(0, 70), count: r.count })),
    )
    .sort((a, b) => b.count - a.count)
    .slice(0, 8);
  return (
    <div className="chart-grid">
      <figure aria-label="Funnel chart">
        <figcaption>Kept, pending and dropped per item</figcaption>
        <ResponsiveContainer width="100%" height={210}>
          <BarChart
            data={funnel}
            layout="vertical"
            margin={{ top: 4, right: 12, bottom: 0, left: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              fontSize={11}
              allowDecimals={false}
              tickFormatter={(v: number) => v.toLocaleString("en")}
            />
            <YAxis type="category" dataKey="item" fontSize={11} width={80} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            <Bar dataKey="kept" stackId="s" fill="#1a7f37" isAnimationActive={false} />
            <Bar dataKey="pending" stackId="s" fill="#9aa0aa" isAnimationActive={false} />
            <Bar dataKey="dropped" stackId="s" fill="#b42318" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label="Drop reasons chart">
        <figcaption>Most common drop reasons</figcaption>
        {reasons.length === 0 ? (
          <p className="hint">Nothing dropped.</p>
        ) : (
          <ResponsiveContainer width="100%" height={210}>
            <BarChart
              data={reasons}
              layout="vertical"
              margin={{ top: 4, right: 12, bottom: 0, left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis
                type="number"
                fontSize={11}
                allowDecimals={false}
                tickFormatter={(v: number) => v.toLocaleString("en")}
              />
              <YAxis type="category" dataKey="label" fontSize={10} width={230} />
              <Tooltip />
              <Bar dataKey="count" fill="#b42318" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </figure>
    </div>
  );
}

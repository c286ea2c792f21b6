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

type Usage = RouterOutputs["run"]["usage"];

/** Tokens in and out per LLM role, and cost per role, as bars beside each other. */
export function UsageChart({ runId, usage }: { runId: number; usage: Usage }) {
  const data = (["generator", "judge"] as const).map((role) => ({
    role,
    "tokens in": usage[role].tokensIn,
    "tokens out": usage[role].tokensOut,
    cost: usage[role].costUsd,
  }));
  return (
    <div className="chart-grid" style={{ marginTop: 12 }}>
      <figure aria-label="Tokens per role">
        <figcaption>Tokens per role, run #{runId}</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 4, right: 12, bottom: 0, left: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              fontSize={11}
              tickFormatter={(v: number) => v.toLocaleString("en")}
            />
            <YAxis type="category" dataKey="role" fontSize={11} width={70} />
            <Tooltip formatter={(v) => Number(v).toLocaleString("en")} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            <Bar dataKey="tokens in" stackId="t" fill="#2457c5" isAnimationActive={false} />
            <Bar dataKey="tokens out" stackId="t" fill="#7fa2e8" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label="Cost per role">
        <figcaption>Cost per role (USD), run #{runId}</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 4, right: 12, bottom: 0, left: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              fontSize={11}
              tickFormatter={(v: number) => `$${v.toFixed(v < 1 ? 3 : 2)}`}
            />
            <YAxis type="category" dataKey="role" fontSize={11} width={70} />
            <Tooltip formatter={(v) => `$${Number(v).toFixed(4)}`} />
            <Bar dataKey="cost" fill="#1a7f37" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}

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

export interface Bin {
  from: number;
  to: number;
  kept: number;
  dropped: number;
  pending: number;
}

const COLORS = { kept: "#1a7f37", dropped: "#b42318", pending: "#9aa0aa" } as const;

/** A histogram of bins stacked by pipeline status (recharts), with its numbers in a tooltip. */
export function Histogram({
  title,
  bins,
  format,
  unit,
}: {
  title: string;
  bins: Bin[];
  format: (v: number) => string;
  unit: string;
}) {
  const data = bins.map((b) => ({ ...b, label: `${format(b.from)}–${format(b.to)}` }));
  const total = bins.reduce((s, b) => s + b.kept + b.dropped + b.pending, 0);
  return (
    <figure aria-label={title}>
      <figcaption>
        {title}{" "}
        <span className="hint">
          ({total.toLocaleString("en")} {unit})
        </span>
      </figcaption>
      {total === 0 ? (
        <p className="hint">Nothing measured yet.</p>
      ) : (
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="label"
              fontSize={11}
              interval={0}
              angle={-30}
              textAnchor="end"
              height={44}
            />
            <YAxis
              fontSize={11}
              width={52}
              allowDecimals={false}
              tickFormatter={(v: number) => v.toLocaleString("en")}
            />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {(["kept", "dropped", "pending"] as const).map((k) => (
              <Bar key={k} dataKey={k} stackId="s" fill={COLORS[k]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc/trpc";
import { FunnelChart } from "./FunnelChart";
import { Histogram } from "./Histogram";
import { UsageChart } from "./UsageChart";

const fraction = (v: number) => v.toFixed(1);

/** Charts of a project's pipeline results and of one run's tokens and cost per role (the numbers are in the run's table). */
export function RunDashboard({
  projectId,
  runId,
  live,
}: {
  projectId: number;
  runId: number | null;
  live: boolean;
}) {
  const trpc = useTRPC();
  const refetchInterval = live ? 3_000 : false;
  const funnel = useQuery({ ...trpc.run.funnel.queryOptions({ projectId }), refetchInterval });
  const hist = useQuery({
    ...trpc.dashboard.histograms.queryOptions({ projectId }),
    refetchInterval,
  });
  const usage = useQuery({
    ...trpc.run.usage.queryOptions({ id: runId ?? 0 }),
    enabled: runId !== null,
    refetchInterval,
  });
  return (
    <section className="panel" aria-label="Dashboard" style={{ marginTop: 12 }}>
      <h2>Dashboard</h2>
      {funnel.data ? <FunnelChart funnel={funnel.data} /> : null}
      {hist.data ? (
        <div className="chart-grid" style={{ marginTop: 12 }}>
          <Histogram
            title="Verifier accuracy on kept test cases"
            bins={hist.data.verifierAccuracy}
            format={fraction}
            unit="verifiers"
          />
          <Histogram
            title="Response pass rate"
            bins={hist.data.passRate}
            format={fraction}
            unit="responses"
          />
          <Histogram
            title="Judge score"
            bins={hist.data.score}
            format={(v) => v.toFixed(0)}
            unit="scored responses"
          />
        </div>
      ) : null}
      {usage.data ? <UsageChart runId={runId!} usage={usage.data} /> : null}
    </section>
  );
}

/** One chip per verifier: pass, fail or error (the error text on hover). */
export function VerifierOutcomes({
  outcomes,
}: {
  outcomes: Array<{
    verifierId: number;
    verifierNumber: number | null;
    outcome: "pass" | "fail" | "error";
    error: string | null;
  }>;
}) {
  if (outcomes.length === 0) return <span className="hint">not executed</span>;
  return (
    <span className="outcomes" aria-label="Verifier outcomes">
      {outcomes.map((o) => (
        <span
          key={o.verifierId}
          className={`outcome outcome-${o.outcome}`}
          title={o.error ?? `verifier #${o.verifierNumber}: ${o.outcome}`}
        >
          #{o.verifierNumber} {o.outcome}
        </span>
      ))}
    </span>
  );
}

import { pct, type AuditData } from "./outcomeOf";

const kappaText = (k: number | null) =>
  k === null ? "undefined (no labels, or everyone gave one answer)" : k.toFixed(2);

/** Each verifier against the reviewers' labels, and Cohen's kappa of the kept verifiers' majority. */
export function AgreementPanel({ agreement }: { agreement: AuditData["agreement"] }) {
  if (agreement.labelled === 0) {
    return (
      <p className="hint">
        No labelled responses yet. Click a row of the matrix (or Tab to it) and label it with y
        (follows) or n (violates); each verifier is then measured against the labels.
      </p>
    );
  }
  return (
    <>
      <p>
        Cohen&apos;s kappa, kept verifiers&apos; majority vs reviewers:{" "}
        <strong>{kappaText(agreement.kappa)}</strong>{" "}
        <span className="hint">
          over {agreement.labelled} labelled responses; majority accuracy{" "}
          {pct(agreement.majority.accuracy)}
        </span>
      </p>
      <table className="grid compact" aria-label="Agreement with human labels">
        <thead>
          <tr>
            <th>Verifier</th>
            <th className="num">Labelled</th>
            <th className="num">Accuracy</th>
            <th className="num">Precision</th>
            <th className="num">Recall</th>
            <th className="num">TP / FP / TN / FN</th>
          </tr>
        </thead>
        <tbody>
          {agreement.verifiers.map((v) => (
            <tr key={v.verifierId}>
              <td>
                #{v.verifierNumber} {v.kept ? "" : <span className="hint">(dropped)</span>}
              </td>
              <td className="num">{v.n}</td>
              <td className="num">{pct(v.accuracy)}</td>
              <td className="num">{pct(v.precision)}</td>
              <td className="num">{pct(v.recall)}</td>
              <td className="num hint">
                {v.truePositive} / {v.falsePositive} / {v.trueNegative} / {v.falseNegative}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        A pass predicts &quot;follows&quot;; a fail or an error predicts &quot;violates&quot;. Each
        reviewer&apos;s latest label counts, and the majority of reviewers decides.
      </p>
    </>
  );
}

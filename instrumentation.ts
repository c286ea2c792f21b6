/** Next calls register() once per server process: the studio's job runner starts here. */
export async function register() {
  // Only the Node.js server runtime runs jobs (never the edge runtime or the build).
  // eslint-disable-next-line no-restricted-properties -- NEXT_RUNTIME is set by Next itself, not user configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("./server/db");
  const { startJobRunner } = await import("./server/pipeline/jobRunner");
  startJobRunner(getDb);
}

import "server-only";
import { projectRouter } from "./routers/project";
import { instructionRouter } from "./routers/instruction";
import { llmRouter } from "./routers/llm";
import { queryRouter } from "./routers/query";
import { runRouter } from "./routers/run";
import { batchRouter } from "./routers/batch";
import { seedRouter } from "./routers/seed";
import { exportRouter } from "./routers/export";
import { rewardsRouter } from "./routers/rewards";
import { responseRouter } from "./routers/response";
import { pairRouter } from "./routers/pair";
import { reviewRouter } from "./routers/review";
import { dashboardRouter } from "./routers/dashboard";
import { verifierRouter } from "./routers/verifier";
import { testCaseRouter } from "./routers/testCase";
import { labelRouter } from "./routers/label";
import { guidelinesRouter } from "./routers/guidelines";
import { composeRouter } from "./routers/compose";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  project: projectRouter,
  seed: seedRouter,
  run: runRouter,
  batch: batchRouter,
  query: queryRouter,
  instruction: instructionRouter,
  llm: llmRouter,
  export: exportRouter,
  rewards: rewardsRouter,
  response: responseRouter,
  pair: pairRouter,
  review: reviewRouter,
  dashboard: dashboardRouter,
  verifier: verifierRouter,
  testCase: testCaseRouter,
  label: labelRouter,
  guidelines: guidelinesRouter,
  compose: composeRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

import "server-only";
import { projectRouter } from "./routers/project";
import { seedRouter } from "./routers/seed";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  project: projectRouter,
  seed: seedRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

export * from "./projects";
export * from "./instructions";
export * from "./responses";
export * from "./runs";
export * from "./llm";
export * from "./benchmarks";
export { pipelineStatuses, reviewStatuses } from "./columns";
export * from "./labels";
export * from "./rl";

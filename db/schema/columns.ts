import { integer } from "drizzle-orm/sqlite-core";

/** Creation time in epoch milliseconds, set by the application so tests can reason about it. */
export const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date());

/** Last change in epoch milliseconds; refreshed on every update through drizzle. */
export const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());

export const pipelineStatuses = ["pending", "kept", "dropped"] as const;
export const reviewStatuses = ["unreviewed", "approved", "rejected"] as const;

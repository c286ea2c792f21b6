// @ts-check
// The one place that reads process.env. next.config.mjs imports this module, so a bad
// environment fails the build and the start, never a request half-way through.
import { z } from "zod";

const optionalUrl = z
  .string()
  .trim()
  .url("must be a URL such as http://127.0.0.1:8000/v1")
  .optional();
const optionalSecret = z.string().trim().min(1).optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  AUTOIF_DB_PATH: z.string().trim().min(1).default("./data/autoif.db"),
  AUTOIF_HOST: z.string().trim().min(1).default("127.0.0.1"),
  AUTOIF_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Required on every request when set; a short token could be guessed over the network.
  AUTOIF_TOKEN: z
    .string()
    .trim()
    .min(16, "must be at least 16 characters; `openssl rand -hex 32` makes a good one")
    .optional(),
  // Extra names the studio may be reached by (a reverse proxy's, say): `host` or `host:port`.
  AUTOIF_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ""),
    ),
  AUTOIF_SKIP_EXAMPLE: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  AUTOIF_EXAMPLE_RUN: z
    .enum(["0", "1", "true", "false"])
    .default("1")
    .transform((v) => v === "1" || v === "true"),
  // TEST ONLY: the process SIGKILLs itself at this named point (see server/killPoints.ts), so a
  // crash test kills exactly where it means to instead of racing a poll. Never set it in use.
  AUTOIF_TEST_KILL_AT: z
    .string()
    .trim()
    .regex(
      /^[a-z-]+(:[A-Za-z0-9._-]+)+$/,
      "must be a kill point such as stage:verify-gen:1 (see server/killPoints.ts)",
    )
    .optional(),
  // Upload limits in bytes (docs/security.md, "Files"). Tests lower them to reach them quickly.
  AUTOIF_MAX_QUERY_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(500 * 1024 * 1024),
  AUTOIF_MAX_SEED_FILE_BYTES: z.coerce.number().int().min(1).default(10_000_000),
  AUTOIF_MAX_BENCHMARK_FILE_BYTES: z.coerce.number().int().min(1).default(16_000_000),
  // A file of the AutoIF reference scripts is read whole (its import is one transaction).
  AUTOIF_MAX_REFERENCE_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(256 * 1024 * 1024),
  // The largest JSON request body (tRPC, login): a seed or benchmark file at its limit, JSON-escaped.
  AUTOIF_MAX_JSON_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(32 * 1024 * 1024),
  // Wrong sign-in tokens one client address may send per minute before it gets 429.
  AUTOIF_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_API_KEY: optionalSecret,
  AUTOIF_GENERATOR_BASE_URL: optionalUrl,
  AUTOIF_GENERATOR_API_KEY: optionalSecret,
  AUTOIF_JUDGE_BASE_URL: optionalUrl,
  AUTOIF_JUDGE_API_KEY: optionalSecret,
});

/** @typedef {z.infer<typeof envSchema>} Env */

/**
 * Parses an environment (process.env by default) and throws one readable error naming every
 * bad variable.
 * @param {Record<string, string | undefined>} source
 * @returns {Env}
 */
export function parseEnv(source) {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** @type {Env | undefined} */
let cached;

/** The validated environment of this process, read once. */
export function env() {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * The value of an environment variable named in a project's settings (an API key, say). Only the
 * variable's name is ever stored; its value stays in this process.
 * @param {string} name
 * @returns {string | undefined}
 */
export function secretFromEnv(name) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const value = process.env[name];
  return value && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * The environment for a child process of ours (`next build`, `next start`, the example run):
 * this process's, with Next's telemetry off and `overrides` applied.
 * @param {Record<string, string>} [overrides]
 * @returns {NodeJS.ProcessEnv}
 */
export function childEnv(overrides = {}) {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...overrides };
}

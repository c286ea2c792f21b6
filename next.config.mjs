// @ts-check
import { env } from "./server/env.mjs";

// Validating here makes a bad environment fail `next build` and `next start`, not a request.
env();

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3"],
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;

// eslint-plugin-drizzle ships no type declarations; only eslint.config.mjs imports it.
declare module "eslint-plugin-drizzle";

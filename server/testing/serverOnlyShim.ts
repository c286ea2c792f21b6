// Stands in for the `server-only` marker in tests and the CLI, which run server code in plain Node.
export {};

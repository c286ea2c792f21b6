// Preloaded (`node --import`) into a helper process whose stdin is a pipe from its parent: when
// the parent dies, even by SIGKILL, the pipe closes and the helper exits instead of lingering.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();

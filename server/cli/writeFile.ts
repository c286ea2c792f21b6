import "server-only";

// The CLI's files are written like every other file the studio owns.
export { writeFileAtomically } from "../atomicFile";

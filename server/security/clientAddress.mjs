// Preloaded into `next start` (node --import, see server/cli/start.ts): stamps every request
// with the address its connection came from, in a header no client can set (any value a client
// sends is overwritten). Next gives route handlers no socket, and its own x-forwarded-for keeps
// a value the client sent. The login limit counts wrong tokens per this address.
import http from "node:http";

const HEADER = "x-autoif-client-address";
const proto = /** @type {{ emit: (...args: unknown[]) => boolean }} */ (
  /** @type {unknown} */ (http.Server.prototype)
);
const emit = proto.emit;
proto.emit = function (/** @type {unknown[]} */ ...args) {
  if (args[0] === "request") {
    const req = /** @type {http.IncomingMessage} */ (args[1]);
    req.headers[HEADER] = req.socket.remoteAddress ?? "unknown";
  }
  return emit.apply(this, args);
};
// Tells signIn that the header is this preload's, not a client's.
/** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[
  Symbol.for("autoif.clientAddressHeader")
] = HEADER;

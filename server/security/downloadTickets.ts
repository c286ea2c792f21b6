import { randomBytes } from "node:crypto";

/**
 * One-time tickets for downloads that change something (an export records itself in the
 * history). The studio's page asks for one with a same-origin POST, which checkAccess guards
 * (Origin, JSON), then fetches the download with it: a GET without a valid ticket does nothing,
 * so an `<img>` or a link on another site cannot start an export, even where the browser sends
 * no Sec-Fetch-Site (plain http on a non-loopback address).
 */
type Ticket = { scope: string; params: string; expires: number };

const TTL_MS = 10 * 60_000;
const MAX_OPEN = 1_000;
// One store per process whichever route bundle imports this module.
const store: Map<string, Ticket> = ((
  globalThis as { __autoifDownloadTickets?: Map<string, Ticket> }
).__autoifDownloadTickets ??= new Map());

function sweep(now: number) {
  for (const [id, ticket] of store) if (ticket.expires <= now) store.delete(id);
  while (store.size >= MAX_OPEN) store.delete(store.keys().next().value!);
}

/** A ticket for one download of `scope` (the route's path) with these query parameters. */
export function issueTicket(scope: string, params: string, now = Date.now()): string {
  sweep(now);
  const id = randomBytes(24).toString("base64url");
  store.set(id, { scope, params, expires: now + TTL_MS });
  return id;
}

/** The parameters a ticket was issued for, once: a used, expired or foreign ticket gives null. */
export function redeemTicket(scope: string, id: string | null, now = Date.now()): string | null {
  if (!id) return null;
  const ticket = store.get(id);
  if (!ticket) return null;
  store.delete(id);
  return ticket.scope === scope && ticket.expires > now ? ticket.params : null;
}

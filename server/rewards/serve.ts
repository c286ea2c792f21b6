import "server-only";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/db/client";
import type { RewardOptions } from "@/lib/rl/rewardProtocol";
import type { VerifierPool } from "../sandbox/pool";
import {
  allowedHostsFor,
  bindRefusal,
  checkAccess,
  crossSiteRead,
  type AccessPolicy,
} from "../security/accessPolicy";
import { jsonBodyTooLarge, strictUtf8Body } from "../security/apiRoute";
import { accessRequestOf, refusal } from "../security/requestAccess";
import { baseSecurityHeaders } from "../security/securityHeaders";
import { answerRewardRequest } from "./rewardHttp";

export interface RewardServerOptions {
  db: Db;
  pool: VerifierPool;
  projectId: number;
  projectName: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string | undefined;
  allowedHosts?: string[];
  maxBodyBytes: number;
  maxItems?: number;
  defaults?: RewardOptions;
}

/** Paths a trainer may POST to: the studio's own, a bare root, and OpenRLHF's serve_rm path. */
function scoringPath(pathname: string, projectId: number): boolean {
  return (
    pathname === "/" ||
    pathname === "/rewards" ||
    pathname === "/get_reward" ||
    pathname === `/api/projects/${projectId}/rewards`
  );
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Content-Length was checked against the limit; Node frames the body by it, so this is a guard.
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

async function send(res: http.ServerResponse, response: Response) {
  const headers: Record<string, string> = { ...baseSecurityHeaders };
  response.headers.forEach((value, name) => (headers[name] = value));
  const body = Buffer.from(await response.arrayBuffer());
  headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * `autoif rewards serve`: the reward server on its own port for a trainer cluster, with the
 * studio's access rules (loopback unless a token is set; Host checked; the token, by Bearer header,
 * when set) and the studio route's body rules (declared length up to the limit, UTF-8), answering
 * through the same answerRewardRequest. GET /health says which project it serves.
 */
export async function startRewardServer(
  opts: RewardServerOptions,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const refusalReason = bindRefusal(opts.host, opts.token);
  if (refusalReason) throw new Error(refusalReason.replace("the studio", "the reward server"));
  // Known once listening (port 0 picks the port): the Host values it answers to name it.
  const state: { policy?: AccessPolicy } = {};
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = `http://${req.headers.host ?? "invalid"}${req.url ?? "/"}`;
      let parsedUrl: URL;
      try {
        parsedUrl = new URL(url);
      } catch {
        return send(res, refusal(400, "The request's address is not a URL."));
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(name, value);
      const method = (req.method ?? "GET").toUpperCase();
      const probe = new Request(parsedUrl, {
        method: method === "POST" ? "POST" : method === "HEAD" ? "HEAD" : "GET",
        headers,
      });
      const access = { ...accessRequestOf(probe, parsedUrl.pathname), method };
      const decision = checkAccess(state.policy!, access, { scriptPosts: true });
      if (!decision.ok) return send(res, refusal(decision.status, decision.reason));
      if (method === "GET" || method === "HEAD") {
        const crossSite = crossSiteRead(access);
        if (crossSite) return send(res, refusal(403, crossSite));
        if (parsedUrl.pathname === "/health")
          return send(
            res,
            Response.json({ ok: true, project: { id: opts.projectId, name: opts.projectName } }),
          );
        return send(
          res,
          refusal(
            scoringPath(parsedUrl.pathname, opts.projectId) ? 405 : 404,
            scoringPath(parsedUrl.pathname, opts.projectId)
              ? "Reward requests are POSTed."
              : "Not found: POST reward requests to /, /rewards or /get_reward; GET /health.",
          ),
        );
      }
      if (method !== "POST")
        return send(
          res,
          refusal(405, `${method} is not served here; POST reward requests.`, {
            Allow: "GET, HEAD, POST",
          }),
        );
      if (!scoringPath(parsedUrl.pathname, opts.projectId))
        return send(
          res,
          refusal(404, "Not found: POST reward requests to /, /rewards or /get_reward."),
        );
      const tooLarge = jsonBodyTooLarge(probe, opts.maxBodyBytes);
      if (tooLarge) {
        // Answer without reading the body, then close: the client may still be sending it.
        res.setHeader("Connection", "close");
        return send(res, tooLarge);
      }
      const body = await readBody(req, opts.maxBodyBytes);
      if (body === null)
        return send(res, refusal(413, "The request is larger than it declared; nothing was read."));
      // Decoded once, strictly; on a bad byte strictUtf8Body words the studio's 400.
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
      } catch {
        const refused = await strictUtf8Body(
          new Request(parsedUrl, { method: "POST", headers, body: new Uint8Array(body) }),
        );
        return send(
          res,
          refused instanceof Response
            ? refused
            : refusal(400, "The request body is not valid UTF-8."),
        );
      }
      return send(
        res,
        await answerRewardRequest(
          { url: parsedUrl.href, text: () => Promise.resolve(text) },
          {
            db: opts.db,
            pool: opts.pool,
            projectId: opts.projectId,
            origin: "serve",
            defaults: opts.defaults,
            maxItems: opts.maxItems,
          },
        ),
      );
    })().catch((error: unknown) => {
      console.error(
        `autoif rewards: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (!res.headersSent)
        void send(res, refusal(500, "The reward server failed on this request; see its log."));
      else res.destroy();
    });
  });
  // Trainers keep connections open between steps; a verifier batch may take long on a busy machine.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.policy = {
    allowedHosts: allowedHostsFor(opts.host, port, opts.allowedHosts ?? []),
    token: opts.token,
  };
  const shownHost = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

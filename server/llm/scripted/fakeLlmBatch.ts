// Offline batches for the fake LLM server (a TEST DOUBLE, not a model): a `vllm run-batch`
// stand-in that turns an input file into an output file, and the OpenAI Batch API's /v1/files and
// /v1/batches, both answering each line with the live route's scripted completion.
import { randomUUID } from "node:crypto";
import type http from "node:http";
import { errorBody, scriptedCompletion, send, type ChatBody } from "./fakeLlmChat";
import type { FaultScript } from "./fakeLlmFaults";
import { promptKind } from "./fakeLlmKinds";

interface InputLine {
  custom_id: string;
  method?: string;
  url?: string;
  body: ChatBody;
}

type LineResult =
  | { customId: string; ok: true; body: unknown }
  | { customId: string; ok: false; status: number; message: string };

function answerLines(inputText: string, models: string[], faults?: FaultScript): LineResult[] {
  const lines = inputText.split("\n").filter((l) => l.trim() !== "");
  return lines.map((l, i) => {
    let input: InputLine;
    try {
      input = JSON.parse(l) as InputLine;
    } catch {
      throw new Error(`fake batch: input line ${i + 1} is not JSON`);
    }
    if (input.url !== "/v1/chat/completions")
      return {
        customId: input.custom_id,
        ok: false,
        status: 400,
        message: `fake batch: url ${String(input.url)} is not /v1/chat/completions`,
      };
    const system = (input.body.messages ?? [])
      .filter((m) => m.role === "system")
      .map((m) => String(m.content ?? ""))
      .join("\n");
    const rule = faults?.take(promptKind(system) ?? "unknown");
    if (rule && (rule.fault === "500" || rule.fault === "429"))
      return {
        customId: input.custom_id,
        ok: false,
        status: Number(rule.fault),
        message: `fake batch: scripted ${rule.fault}`,
      };
    const answer = scriptedCompletion(input.body, models, rule?.fault);
    return answer.ok
      ? { customId: input.custom_id, ok: true, body: answer.body }
      : { customId: input.custom_id, ok: false, status: answer.status, message: answer.message };
  });
}

/**
 * What `vllm run-batch -i in -o out` writes, in vLLM's shapes: every line in input order, `id`
 * `vllm-<uuid>`, and a failure as `response: {status_code, request_id, body: null}` with `error`
 * a plain string.
 */
export function fakeRunBatch(
  inputText: string,
  models: string[] = ["fake-model", "fake-judge"],
  faults?: FaultScript,
): string {
  return answerLines(inputText, models, faults)
    .map((r) =>
      JSON.stringify(
        r.ok
          ? {
              id: `vllm-${randomUUID().replace(/-/g, "")}`,
              custom_id: r.customId,
              response: {
                status_code: 200,
                request_id: `vllm-batch-${randomUUID().replace(/-/g, "")}`,
                body: r.body,
              },
              error: null,
            }
          : {
              id: `vllm-${randomUUID().replace(/-/g, "")}`,
              custom_id: r.customId,
              response: {
                status_code: r.status,
                request_id: `vllm-batch-${randomUUID().replace(/-/g, "")}`,
                body: null,
              },
              error: r.message,
            },
      ),
    )
    .map((l) => `${l}\n`)
    .join("");
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  text: string;
  created_at: number;
}

interface StoredBatch {
  id: string;
  input_file_id: string;
  endpoint: string;
  completion_window: string;
  metadata: Record<string, string> | null;
  status: "validating" | "in_progress" | "completed" | "failed";
  output_file_id: string | null;
  error_file_id: string | null;
  request_counts: { total: number; completed: number; failed: number };
  created_at: number;
}

const reply = (res: http.ServerResponse, status: number, body: unknown): true => {
  send(res, status, body);
  return true;
};

/** The Batch API's state in one fake server; every GET of a batch moves it one step (validating → in_progress → completed). */
export function fakeBatchApi(models: string[], faults: FaultScript) {
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, StoredBatch>();
  let seq = 0;
  const id = (prefix: string) => `${prefix}-fake-${++seq}`;
  const fileObject = (f: StoredFile) => ({
    id: f.id,
    object: "file",
    bytes: Buffer.byteLength(f.text),
    created_at: f.created_at,
    filename: f.filename,
    purpose: f.purpose,
    status: "processed",
  });
  const batchObject = (b: StoredBatch) => ({ object: "batch", errors: null, ...b });
  const store = (filename: string, purpose: string, text: string) => {
    const f = { id: id("file"), filename, purpose, text, created_at: 0 };
    files.set(f.id, f);
    return f;
  };

  function finish(b: StoredBatch) {
    const results = answerLines(files.get(b.input_file_id)!.text, models, faults);
    // The Batch API's output is not in input order: answer in reverse to make that visible.
    const out = results.filter((r) => r.ok).reverse();
    const bad = results.filter((r) => !r.ok);
    const line = (o: unknown) => `${JSON.stringify(o)}\n`;
    b.output_file_id = store(
      `${b.id}_output.jsonl`,
      "batch_output",
      out
        .map((r) =>
          line({
            id: id("batch_req"),
            custom_id: r.customId,
            response: { status_code: 200, request_id: id("req"), body: r.ok ? r.body : null },
            error: null,
          }),
        )
        .join(""),
    ).id;
    if (bad.length) {
      b.error_file_id = store(
        `${b.id}_error.jsonl`,
        "batch_output",
        bad
          .map((r) =>
            line({
              id: id("batch_req"),
              custom_id: r.customId,
              response: {
                status_code: r.ok ? 200 : r.status,
                request_id: id("req"),
                body: {
                  error: {
                    message: r.ok ? "" : r.message,
                    type: "invalid_request_error",
                    param: null,
                    code: null,
                  },
                },
              },
              error: null,
            }),
          )
          .join(""),
      ).id;
    }
    b.request_counts = { total: results.length, completed: out.length, failed: bad.length };
    b.status = "completed";
  }

  /** Handles /v1/files and /v1/batches; false when the path is neither. */
  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    bytes: Buffer,
  ): Promise<boolean> {
    if (req.method === "POST" && path === "/v1/files") {
      const form = await new Request("http://fake/v1/files", {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: new Uint8Array(bytes),
      }).formData();
      const file = form.get("file");
      const purpose = form.get("purpose");
      if (!(file instanceof Blob) || typeof purpose !== "string")
        return reply(
          res,
          400,
          errorBody(
            "fake batch: a multipart 'file' and 'purpose' are required",
            "invalid_request_error",
          ),
        );
      if (purpose !== "batch")
        return reply(
          res,
          400,
          errorBody(`fake batch: purpose ${purpose} is not batch`, "invalid_request_error"),
        );
      const name = "name" in file && typeof file.name === "string" ? file.name : "upload.jsonl";
      send(res, 200, fileObject(store(name, purpose, await file.text())));
      return true;
    }
    const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
    if (req.method === "GET" && content) {
      const f = files.get(content[1]!);
      if (!f) return reply(res, 404, errorBody(`fake batch: no file ${content[1]}`, "not_found"));
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(f.text);
      return true;
    }
    const fileGet = /^\/v1\/files\/([^/]+)$/.exec(path);
    if (req.method === "GET" && fileGet) {
      const f = files.get(fileGet[1]!);
      return reply(
        res,
        f ? 200 : 404,
        f ? fileObject(f) : errorBody(`fake batch: no file ${fileGet[1]}`, "not_found"),
      );
    }
    if (req.method === "POST" && path === "/v1/batches") {
      const body = JSON.parse(bytes.toString("utf8") || "{}") as Partial<StoredBatch>;
      if (!body.input_file_id || !files.has(body.input_file_id))
        return reply(
          res,
          400,
          errorBody(
            `fake batch: no input file ${String(body.input_file_id)}`,
            "invalid_request_error",
          ),
        );
      if (body.endpoint !== "/v1/chat/completions")
        return reply(
          res,
          400,
          errorBody(
            `fake batch: endpoint ${String(body.endpoint)} is not /v1/chat/completions`,
            "invalid_request_error",
          ),
        );
      if (body.completion_window !== "24h")
        return reply(
          res,
          400,
          errorBody("fake batch: completion_window must be 24h", "invalid_request_error"),
        );
      const b: StoredBatch = {
        id: id("batch"),
        input_file_id: body.input_file_id,
        endpoint: body.endpoint,
        completion_window: "24h",
        metadata: body.metadata ?? null,
        status: "validating",
        output_file_id: null,
        error_file_id: null,
        request_counts: { total: 0, completed: 0, failed: 0 },
        created_at: 0,
      };
      batches.set(b.id, b);
      send(res, 200, batchObject(b));
      return true;
    }
    const batchGet = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (req.method === "GET" && batchGet) {
      const b = batches.get(batchGet[1]!);
      if (!b) return reply(res, 404, errorBody(`fake batch: no batch ${batchGet[1]}`, "not_found"));
      if (b.status === "validating") b.status = "in_progress";
      else if (b.status === "in_progress") finish(b);
      send(res, 200, batchObject(b));
      return true;
    }
    return false;
  }

  return { handle, counts: () => ({ files: files.size, batches: batches.size }) };
}

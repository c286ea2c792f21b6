import { expect, test } from "@playwright/test";
import { startStudio, type Studio } from "./studioProcess";
import { fileOfSize, rowCount, upload } from "./uploadHttp";

/**
 * Every upload path takes the whole file up to its limit or refuses it whole (413 naming the
 * limit): never a part. Over real HTTP against the production server, because the bug this
 * guards against lived in Next's proxy, which kept only the first 10 MB of every request body.
 * A second studio runs with the limits lowered (64 KiB files, 256 KiB JSON bodies) so each limit
 * is crossed quickly; the default studio takes the files that cross the real 10 MB mark.
 */

const port = Number(process.env.AUTOIF_E2E_PORT ?? 3210);
const base = `http://127.0.0.1:${port}`;
const mainDb = process.env.AUTOIF_E2E_DB!;
const FILE_LIMIT = 64 * 1024;
const BODY_LIMIT = 256 * 1024;

let low: Studio;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  low = await startStudio(port + 3, {
    AUTOIF_MAX_QUERY_FILE_BYTES: String(FILE_LIMIT),
    AUTOIF_MAX_SEED_FILE_BYTES: String(FILE_LIMIT),
    AUTOIF_MAX_BENCHMARK_FILE_BYTES: String(FILE_LIMIT),
    AUTOIF_MAX_JSON_BODY_BYTES: String(BODY_LIMIT),
    AUTOIF_SKIP_EXAMPLE: "1",
  });
});
test.afterAll(async () => {
  await low?.stop();
});

const json = (studio: string) => ({ Origin: studio, "Content-Type": "application/json" });

async function createProject(studio: string, name: string): Promise<number> {
  const res = await upload(
    `${studio}/api/trpc/project.create`,
    Buffer.from(JSON.stringify({ json: { name } })),
    json(studio),
  );
  expect(res.status, res.body).toBe(200);
  return (JSON.parse(res.body) as { result: { data: { json: { id: number } } } }).result.data.json
    .id;
}

const queryLine = (i: number, pad: string) =>
  `pool query ${String(i).padStart(7, "0")} about owls and the weather ${pad}`;
const seedLine = (i: number, pad: string) =>
  `Answer in exactly ${i} words and mention the number ${i}${pad}.`;
const benchLine = (i: number, pad: string) =>
  JSON.stringify({ prompt: `benchmark prompt ${i} about rivers${pad}` });

/** The sizes every path is tried at: 0 bytes, 1 line, limit-1, limit, limit+1, 10x the limit. */
function sizes(limit: number, line: (i: number, pad: string) => string) {
  return [
    { label: "0 bytes", ...{ data: Buffer.alloc(0), lines: 0 }, fits: true },
    { label: "1 line", data: Buffer.from(`${line(0, "")}\n`), lines: 1, fits: true },
    { label: "limit-1", ...fileOfSize(limit - 1, line), fits: true },
    { label: "limit", ...fileOfSize(limit, line), fits: true },
    { label: "limit+1", ...fileOfSize(limit + 1, line), fits: false },
    { label: "10x limit", ...fileOfSize(limit * 10, line), fits: false },
  ];
}

test("query pool upload: whole up to the limit, else 413 and nothing, declared or chunked", async () => {
  test.setTimeout(120_000);
  for (const chunked of [false, true]) {
    for (const size of sizes(FILE_LIMIT, queryLine)) {
      const projectId = await createProject(
        low.base,
        `Pool ${size.label} ${chunked} ${Date.now()}`,
      );
      const url = `${low.base}/api/projects/${projectId}/queries?fileName=pool.txt&format=txt&min=5&max=1000`;
      const res = await upload(
        url,
        size.data,
        { Origin: low.base, "Content-Type": "application/octet-stream" },
        { chunked },
      );
      const stored = rowCount(
        low.dbPath,
        "select count(*) n from queries where project_id = ?",
        projectId,
      );
      const what = `${size.label}${chunked ? " chunked" : ""}: ${res.body}`;
      if (size.fits) {
        expect(res.status, what).toBe(200);
        expect(JSON.parse(res.body), what).toMatchObject({
          imported: size.lines,
          read: size.lines,
        });
        expect(stored, what).toBe(size.lines);
      } else {
        expect(res.status, what).toBe(413);
        expect(JSON.parse(res.body).message, what).toBe(
          "pool.txt is larger than 64 KB, the limit for a query pool file; nothing was imported.",
        );
        expect(stored, what).toBe(0);
      }
    }
  }
});

test("query pool upload: bytes that are not UTF-8 are refused naming the line; characters split across pieces are not", async () => {
  const projectId = await createProject(low.base, `Pool encoding ${Date.now()}`);
  const url = `${low.base}/api/projects/${projectId}/queries?fileName=latin1.txt&format=txt`;
  const headers = { Origin: low.base, "Content-Type": "application/octet-stream" };
  const bad = Buffer.concat([
    Buffer.from("a first query about owls today\na second query about owls today\nRéponds en fran"),
    Buffer.from([0xe7]),
    Buffer.from("ais\n"),
  ]);
  for (const chunked of [false, true]) {
    const res = await upload(url, bad, headers, { chunked });
    expect(res.status, res.body).toBe(400);
    expect(JSON.parse(res.body).message).toBe(
      "latin1.txt, line 3: not valid UTF-8 (byte 80 of the file); save it as UTF-8 and import it again. Nothing was imported.",
    );
    expect(
      rowCount(low.dbPath, "select count(*) n from queries where project_id = ?", projectId),
    ).toBe(0);
  }
  // 3- and 4-byte characters cut by the boundaries of a chunked upload's 997-byte pieces.
  const lines = Array.from(
    { length: 500 },
    (_, i) => `query ${i} with accents é, euro € and owls 🦉🦉 to split pieces`,
  );
  const text = Buffer.from(`${lines.join("\n")}\n`);
  const ok = await upload(
    `${low.base}/api/projects/${projectId}/queries?fileName=utf8.txt&format=txt`,
    text,
    headers,
    { chunked: true, piece: 997 },
  );
  expect(ok.status, ok.body).toBe(200);
  expect(
    rowCount(
      low.dbPath,
      "select count(*) n from queries where project_id = ? and text like '%🦉🦉%'",
      projectId,
    ),
  ).toBe(500);
});

/** A tRPC mutation's raw JSON body; `padTo` pads it with JSON whitespace to exactly that many bytes. */
function trpcBody(input: unknown, padTo?: number): Buffer {
  const text = JSON.stringify({ json: input });
  if (padTo === undefined) return Buffer.from(text);
  const missing = padTo - Buffer.byteLength(text);
  if (missing < 0) throw new Error("the body is already larger than the padding target");
  return Buffer.from(`${text.slice(0, -1)}${" ".repeat(missing)}}`);
}

test("seed import: a seed file whole up to its limit, else 413 and nothing", async () => {
  for (const size of sizes(FILE_LIMIT, seedLine)) {
    const projectId = await createProject(low.base, `Seeds ${size.label} ${Date.now()}`);
    const body = trpcBody({
      projectId,
      fileName: "seeds.txt",
      format: "txt",
      content: size.data.toString("utf8"),
    });
    // A body past the request limit is refused from its declared length (see declareOnly).
    const res = await upload(`${low.base}/api/trpc/seed.import`, body, json(low.base), {
      declareOnly: body.length > BODY_LIMIT,
    });
    const stored = rowCount(
      low.dbPath,
      "select count(*) n from seed_instructions where project_id = ?",
      projectId,
    );
    const what = `${size.label}: ${res.body.slice(0, 300)}`;
    if (size.lines === 0) {
      // An empty file holds no seeds: refused with a reason, nothing written.
      expect(res.status, what).toBe(400);
      expect(stored, what).toBe(0);
    } else if (size.fits) {
      expect(res.status, what).toBe(200);
      expect(stored, what).toBe(size.lines);
    } else {
      expect(res.status, what).toBe(413);
      expect(res.body, what).toMatch(
        /seeds\.txt is [\d,]+ bytes; the limit for a seed file is 64 KB\. Nothing was imported\.|the limit for a request is 256 KB/,
      );
      expect(stored, what).toBe(0);
    }
  }
});

test("benchmark file: whole up to its limit, else 413 and nothing", async () => {
  for (const size of sizes(FILE_LIMIT, benchLine)) {
    const projectId = await createProject(low.base, `Bench ${size.label} ${Date.now()}`);
    const body = trpcBody({ projectId, name: "eval.jsonl", content: size.data.toString("utf8") });
    const res = await upload(`${low.base}/api/trpc/export.addBenchmark`, body, json(low.base), {
      declareOnly: body.length > BODY_LIMIT,
    });
    const stored = rowCount(
      low.dbPath,
      "select count(*) n from benchmark_prompts p join benchmark_files f on f.id = p.benchmark_id where f.project_id = ?",
      projectId,
    );
    const what = `${size.label}: ${res.body.slice(0, 300)}`;
    if (size.lines === 0) {
      expect(res.status, what).toBe(400);
      expect(res.body, what).toContain("the file holds no prompts");
      expect(stored, what).toBe(0);
    } else if (size.fits) {
      expect(res.status, what).toBe(200);
      expect(stored, what).toBe(size.lines);
    } else {
      expect(res.status, what).toBe(413);
      expect(res.body, what).toMatch(
        /eval\.jsonl is [\d,]+ bytes; the limit for a benchmark file is 64 KB\. Nothing was imported\.|the limit for a request is 256 KB/,
      );
      expect(stored, what).toBe(0);
    }
  }
});

test("tRPC bodies: whole up to the request limit, else 413 before a byte is read; an undeclared length is refused", async () => {
  for (const [label, bytes, fits] of [
    ["limit-1", BODY_LIMIT - 1, true],
    ["limit", BODY_LIMIT, true],
    ["limit+1", BODY_LIMIT + 1, false],
    ["10x limit", BODY_LIMIT * 10, false],
  ] as const) {
    const projectId = await createProject(low.base, `Body ${label} ${Date.now()}`);
    const body = trpcBody(
      { projectId, fileName: "one.txt", format: "txt", content: "Answer in one word.\n" },
      bytes,
    );
    expect(body.length).toBe(bytes);
    const res = await upload(`${low.base}/api/trpc/seed.import`, body, json(low.base), {
      declareOnly: !fits,
    });
    const stored = rowCount(
      low.dbPath,
      "select count(*) n from seed_instructions where project_id = ?",
      projectId,
    );
    if (fits) {
      expect(res.status, `${label}: ${res.body}`).toBe(200);
      expect(stored).toBe(1);
    } else {
      expect(res.status, `${label}: ${res.body}`).toBe(413);
      expect(JSON.parse(res.body).error.message).toBe(
        `The request is ${bytes.toLocaleString("en-US")} bytes; the limit for a request is 256 KB. Nothing was read.`,
      );
      expect(stored).toBe(0);
    }
  }
  const projectId = await createProject(low.base, `Body chunked ${Date.now()}`);
  const res = await upload(
    `${low.base}/api/trpc/seed.import`,
    trpcBody({ projectId, fileName: "one.txt", format: "txt", content: "Answer in one word.\n" }),
    json(low.base),
    { chunked: true },
  );
  expect(res.status).toBe(413);
  expect(res.body).toContain("must declare its Content-Length (the limit for a request is 256 KB)");
  expect(
    rowCount(
      low.dbPath,
      "select count(*) n from seed_instructions where project_id = ?",
      projectId,
    ),
  ).toBe(0);
});

test.describe("past the real 10 MB mark, with the default limits", () => {
  test.setTimeout(300_000);

  test("a 14.7 MB .txt pool of 150,000 lines imports every line", async () => {
    const projectId = await createProject(base, `Big txt pool ${Date.now()}`);
    const lines = Array.from(
      { length: 150_000 },
      (_, i) => `${queryLine(i, "")} and a little more text so that the line is long enough`,
    );
    const data = Buffer.from(`${lines.join("\n")}\n`);
    expect(data.length).toBeGreaterThan(14_000_000);
    const res = await upload(
      `${base}/api/projects/${projectId}/queries?fileName=big.txt&format=txt`,
      data,
      { Origin: base, "Content-Type": "application/octet-stream" },
    );
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ imported: 150_000, read: 150_000 });
    expect(rowCount(mainDb, "select count(*) n from queries where project_id = ?", projectId)).toBe(
      150_000,
    );
    const last = rowCount(
      mainDb,
      "select count(*) n from queries where project_id = ? and text = ?",
      projectId,
      lines.at(-1),
    );
    expect(last).toBe(1);
  });

  test("a valid 13 MB .jsonl pool imports every line", async () => {
    const projectId = await createProject(base, `Big jsonl pool ${Date.now()}`);
    const lines = Array.from({ length: 135_000 }, (_, i) =>
      JSON.stringify({ query: `${queryLine(i, "")} in json lines`, meta: { source: "e2e", n: i } }),
    );
    const data = Buffer.from(`${lines.join("\n")}\n`);
    expect(data.length).toBeGreaterThan(13_000_000);
    const res = await upload(
      `${base}/api/projects/${projectId}/queries?fileName=big.jsonl&format=jsonl`,
      data,
      { Origin: base, "Content-Type": "application/octet-stream" },
    );
    expect(res.status, res.body).toBe(200);
    expect(rowCount(mainDb, "select count(*) n from queries where project_id = ?", projectId)).toBe(
      135_000,
    );
  });

  test("a 10 MB seed file whose request is over 10 MB imports every seed", async () => {
    const projectId = await createProject(base, `Big seeds ${Date.now()}`);
    // Quotes double in JSON, so a file under the 10 MB seed limit makes a 13 MB request.
    const lines = Array.from(
      { length: 5_000 },
      (_, i) => `Say ${'"yes" '.repeat(300)}then answer question ${i}.`,
    );
    const content = `${lines.join("\n")}\n`;
    const body = trpcBody({ projectId, fileName: "big.txt", format: "txt", content });
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(10_000_000);
    expect(body.length).toBeGreaterThan(11 * 1024 * 1024);
    const res = await upload(`${base}/api/trpc/seed.import`, body, json(base));
    expect(res.status, res.body.slice(0, 300)).toBe(200);
    expect(
      rowCount(mainDb, "select count(*) n from seed_instructions where project_id = ?", projectId),
    ).toBe(5_000);
  });

  test("a 12 MB benchmark file imports every prompt", async () => {
    const projectId = await createProject(base, `Big bench ${Date.now()}`);
    const lines = Array.from({ length: 140_000 }, (_, i) =>
      JSON.stringify({
        prompt: `benchmark prompt ${i} about rivers, mountains and the long way home`,
      }),
    );
    const content = `${lines.join("\n")}\n`;
    expect(Buffer.byteLength(content)).toBeGreaterThan(10_500_000);
    const res = await upload(
      `${base}/api/trpc/export.addBenchmark`,
      trpcBody({ projectId, name: "big.jsonl", content }),
      json(base),
    );
    expect(res.status, res.body.slice(0, 300)).toBe(200);
    expect(
      rowCount(
        mainDb,
        "select count(*) n from benchmark_prompts p join benchmark_files f on f.id = p.benchmark_id where f.project_id = ?",
        projectId,
      ),
    ).toBe(140_000);
  });
});

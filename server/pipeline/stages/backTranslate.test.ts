import { readFileSync } from "node:fs";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { z } from "zod";
import { createTestDb } from "@/db/testing/testDb";
import { backTranslations, instructions, llmCalls, verifiers } from "@/db/schema";
import { configForPreset } from "@/lib/autoif/presets";
import { createCaller } from "../../api/root";
import { createRun } from "../runs";
import { referenceSample } from "../testing/referenceSample";
import type { LlmCaller, StageContext, StageProgress } from "../types";
import { backTranslateStage } from "./backTranslate";

let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

const { dir, describeWithSample } = referenceSample();
const row = z.object({
  instruction: z.string(),
  eval_func: z.array(z.tuple([z.string(), z.number()])),
  back_instruction: z.array(z.string()),
});

describeWithSample(
  "back-translate on back_trans.jsonl (code preset; code/4 l.38, code/5 l.39 and 64)",
  () => {
    const rows = () =>
      readFileSync(path.join(dir, "back_trans.jsonl"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => row.parse(JSON.parse(l)));

    /** Runs the stage on one reference row: its kept functions, the reference back-translations as the generator's answers, `labels` as the judge's. */
    async function run(r: z.infer<typeof row>, labels: string[]) {
      const projectId = (
        await createCaller({ db: t.db }).project.create({
          name: `BT ${Math.random()}`,
          preset: "code",
        })
      ).id;
      const instructionId = t.db
        .insert(instructions)
        .values({
          projectId,
          text: r.instruction,
          normalizedHash: r.instruction,
          pipelineStage: "cross-validate",
          pipelineStatus: "pending",
        })
        .returning()
        .get().id;
      // The Python sources stand as they are: this stage only shows them to the generator.
      for (const [source, accuracy] of r.eval_func)
        t.db
          .insert(verifiers)
          .values({ instructionId, source, origin: "llm", pipelineStatus: "kept", accuracy })
          .run();
      let generated = 0;
      let judged = 0;
      const llm: LlmCaller = {
        call: async (req) => {
          const callId = t.db
            .insert(llmCalls)
            .values({
              projectId,
              requestHash: `${req.kind}:${generated}:${judged}`,
              role: req.role,
              model: "m",
              endpoint: "e",
              request: {},
              status: "completed",
            })
            .returning()
            .get().id;
          if (req.kind === "back-translate")
            return {
              ok: true,
              callId,
              cached: false,
              content: r.back_instruction[generated++ % r.back_instruction.length]!,
            };
          return {
            ok: true,
            callId,
            cached: false,
            content: `Label: ${labels[judged++] ?? "entail"}`,
          };
        },
      } as LlmCaller;
      const progress: StageProgress = {
        setTotal: () => {},
        unitDone: () => {},
        unitFailed: (key: string, error: string) => {
          throw new Error(`${key}: ${error}`);
        },
        status: () => {},
      };
      await backTranslateStage({
        db: t.db,
        runId: createRun(t.db, { projectId }).id,
        projectId,
        config: configForPreset("code"),
        llm,
        progress,
        signal: new AbortController().signal,
      } as unknown as StageContext);
      return {
        instruction: t.db
          .select()
          .from(instructions)
          .where(eq(instructions.id, instructionId))
          .get()!,
        translated: t.db
          .select({ text: backTranslations.text, label: backTranslations.judgeLabel })
          .from(backTranslations)
          .where(eq(backTranslations.instructionId, instructionId))
          .orderBy(asc(backTranslations.id))
          .all(),
      };
    }

    it("back-translates the first 3 kept functions, as many as the reference did for each row", async () => {
      const all = rows();
      expect(all.some((r) => r.eval_func.length > 3)).toBe(true);
      for (const r of all) {
        const { instruction, translated } = await run(r, []);
        expect(r.back_instruction).toHaveLength(Math.min(3, r.eval_func.length));
        expect(translated.map((b) => b.text)).toEqual(r.back_instruction);
        expect(instruction).toMatchObject({
          pipelineStage: "back-translate",
          pipelineStatus: "kept",
        });
      }
    });

    it("drops the instruction when any of the 3 labels is a contradiction", async () => {
      const r = rows().find((x) => x.eval_func.length >= 3)!;
      for (const labels of [["contradiction"], ["entailment", "neutral", "contradiction"]]) {
        const { instruction, translated } = await run(r, labels);
        expect(translated).toHaveLength(3);
        expect(instruction.pipelineStatus).toBe("dropped");
        expect(instruction.dropReason).toMatch(/^back-translation of verifier #\d+ contradicts it/);
      }
      expect((await run(r, ["neutral", "neutral", "neutral"])).instruction.pipelineStatus).toBe(
        "kept",
      );
    });
  },
);

import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "vitest";

/**
 * The AutoIF reference scripts' sample outputs, read in place from `../shared/data/autoif-sample`
 * beside the clone (never copied into the repository). A user's clone has no such folder: the
 * tests that read it are skipped with a message naming it. CI sets AUTOIF_REFERENCE_DATA=required
 * (.ci/run), so a missing folder there fails instead of passing silently. AUTOIF_REFERENCE_DATA_DIR
 * points elsewhere (and shows what a clone without the folder does).
 */
export function referenceSample() {
  const dir =
    process.env.AUTOIF_REFERENCE_DATA_DIR ??
    path.join(process.cwd(), "..", "shared", "data", "autoif-sample");
  const present = existsSync(dir);
  const required = process.env.AUTOIF_REFERENCE_DATA === "required";
  const missing = `the AutoIF reference sample data is not at ${dir} (../shared/data/autoif-sample beside the clone)`;
  if (!present && !required) console.warn(`Skipping the tests on reference data: ${missing}.`);
  const describeWithSample = (name: string, body: () => void) => {
    if (present) describe(name, body);
    else if (required)
      describe(name, () =>
        it("finds the reference data", () => {
          throw new Error(`${missing}, and AUTOIF_REFERENCE_DATA=required`);
        }),
      );
    else describe.skip(`${name} (skipped: ${missing})`, body);
  };
  return { dir, present, describeWithSample };
}

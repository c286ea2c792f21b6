import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createProject, uniqueName } from "./helpers";

// The AutoIF reference scripts' sample outputs, read in place beside the clone (README, "Tests
// that read the AutoIF reference scripts' sample outputs").
const sampleDir =
  process.env.AUTOIF_REFERENCE_DATA_DIR ??
  path.join(process.cwd(), "..", "shared", "data", "autoif-sample");
const file = path.join(sampleDir, "eval_func_rft.jsonl");

test("import eval_func_rft.jsonl in the studio, see its instructions, open one and read its Python verifiers", async ({
  page,
}) => {
  test.skip(
    !fs.existsSync(file) && process.env.AUTOIF_REFERENCE_DATA !== "required",
    `the AutoIF reference sample data is not at ${sampleDir}`,
  );
  const url = await createProject(page, uniqueName("Reference import"));
  await page.goto(url.replace(/\/seeds$/, "/instructions"));
  await expect(page.getByRole("heading", { name: "Instructions" })).toBeVisible();
  await page.getByLabel("AutoIF reference file").setInputFiles(file);
  const done = page.getByRole("status").filter({ hasText: "Imported eval_func_rft.jsonl" });
  await expect(done).toContainText(
    "Imported eval_func_rft.jsonl (raw-generations, 5 lines): 5 instructions, 37 Python verifiers, 111 test cases, 0 responses; 3 generations skipped",
  );
  await expect(done).toContainText("line 2, generation 4: invalid JSON in the ```json block");

  const list = page.getByRole("listbox", { name: "Instructions" });
  await expect(page.getByText("5 instructions match")).toBeVisible();
  await list.getByText("Answer with words that each contain at least two 's's.").click();
  const detail = page.getByRole("region", { name: /^Instruction \d+$/ });
  await expect(detail.getByRole("heading", { name: /^Verifiers/ })).toBeVisible();
  // Line 5's first generation defines a helper beside evaluate, as the scripts' functions may.
  const first = detail.getByRole("region", { name: /^Verifier #\d+$/ }).first();
  await expect(first.locator(".monaco-editor")).toContainText("def is_prime(n):");
  await expect(first.locator(".monaco-editor")).toContainText("def evaluate(response):");

  // The same file again is refused whole, naming the lines.
  await page.getByLabel("AutoIF reference file").setInputFiles(file);
  const refused = page.getByRole("alert").filter({ hasText: "nothing was imported" });
  await expect(refused).toContainText(
    'line 1, field "instruction": already in the project as instruction #',
  );
  await expect(page.getByText("5 instructions match")).toBeVisible();
});

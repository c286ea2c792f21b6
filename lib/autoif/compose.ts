import type { PipelineConfig } from "../schemas/pipelineConfig";
import { presets } from "./presets";
import { seededRandom } from "./seededSample";
import { tokenJaccard, tokens } from "./similarity";

export type ComposeKnobs = PipelineConfig["compose"];

/** The compose knobs of a config; a run snapshot from before the stage existed has none and composes nothing. */
export function composeKnobs(config: PipelineConfig): ComposeKnobs {
  return (
    (config as Partial<PipelineConfig>).compose ?? { ...presets.paper.compose, enabled: false }
  );
}

/** "3,2,1" as weights of 2, 3 and 4 constraints. */
export function parseSizeWeights(text: string): number[] {
  return text.split(",").map((w) => Number(w.trim()));
}

/**
 * The kind of check a verifier makes: its source with comments, string and regex contents and
 * numbers blanked, so "at least 40 words" and "at least 60 words" (or two keywords) are one kind,
 * while "at least" and "at most" are not.
 */
export function checkKind(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""')
    .replace(/\b\d+(\.\d+)?\b/g, "#")
    .replace(/\s+/g, "");
}

/** An instruction's text with its numbers blanked, as tokens: the shape near-duplicates share. */
function shapeTokens(text: string): string[] {
  return tokens(text.replace(/\d+/g, " # "));
}

/**
 * Diversity groups: two instructions are in one group when their texts are near-duplicates
 * (token Jaccard of the number-blind texts at or above `similarity`) or when they share a kind of
 * check (one of their kept verifiers normalizes to the same `checkKind`). Returns a group id per
 * instruction id (the smallest id of its group), joined transitively.
 */
export function diversityGroups(
  items: ReadonlyArray<{ id: number; text: string; verifierSources: readonly string[] }>,
  similarity: number,
): Map<number, number> {
  const parent = new Map(items.map((i) => [i.id, i.id]));
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    while (parent.get(x) !== root) {
      const next = parent.get(x)!;
      parent.set(x, root);
      x = next;
    }
    return root;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  const byKind = new Map<string, number>();
  for (const item of items) {
    for (const source of item.verifierSources) {
      const kind = checkKind(source);
      const first = byKind.get(kind);
      if (first === undefined) byKind.set(kind, item.id);
      else union(first, item.id);
    }
  }
  // Identical shapes join at once; the pairwise Jaccard only compares distinct shapes.
  const byShape = new Map<string, { id: number; tokens: string[] }>();
  for (const item of items) {
    const t = shapeTokens(item.text);
    const key = t.join(" ");
    const first = byShape.get(key);
    if (first) union(first.id, item.id);
    else byShape.set(key, { id: item.id, tokens: t });
  }
  const shapes = [...byShape.values()];
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) {
      if (tokenJaccard(shapes[i]!.tokens, shapes[j]!.tokens) >= similarity)
        union(shapes[i]!.id, shapes[j]!.id);
    }
  }
  return new Map(items.map((i) => [i.id, find(i.id)]));
}

/** The key of an unordered pair of instruction ids, smaller first. */
export function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** Every unordered pair of a compound's constituents. */
export function pairsOf(ids: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++)
      out.push(ids[i]! < ids[j]! ? [ids[i]!, ids[j]!] : [ids[j]!, ids[i]!]);
  return out;
}

/** The key that names a compound by its set of constituents (its `normalized_hash`): the order of the text does not matter. */
export function compoundHash(ids: readonly number[]): string {
  return `compound:${[...ids].sort((a, b) => a - b).join(",")}`;
}

export interface Candidate {
  /** Constituents in the order the text names them. */
  ids: number[];
  /** Which template joins them (an index into JOIN_TEMPLATES). */
  template: number;
}

/**
 * The seeded draw of compound instructions. Call `nextWave` for up to `want` candidates, decide
 * them (conflict checks), and `settle` each in wave order; the next wave draws around what was
 * kept. Each candidate's size follows the weights, its constituents come from distinct groups
 * and from instructions used fewer than `maxUses` times (counting the candidates of the open
 * wave), and no set of constituents is drawn twice. Everything depends on the seed and the
 * settled outcomes only, so the same verdicts give the same compounds whatever order checks end in.
 */
export class CompoundDraw {
  private readonly random: () => number;
  private readonly cumulative: number[];
  private readonly uses = new Map<number, number>();
  private readonly seen = new Set<string>();
  attempts = 0;

  constructor(
    private readonly ids: readonly number[],
    private readonly groupOf: ReadonlyMap<number, number>,
    private readonly knobs: Pick<ComposeKnobs, "sizeWeights" | "maxUsesPerInstruction" | "seed">,
    readonly maxAttempts: number,
  ) {
    this.random = seededRandom(knobs.seed);
    let sum = 0;
    this.cumulative = parseSizeWeights(knobs.sizeWeights).map((w) => (sum += w));
  }

  private drawSize(): number {
    const total = this.cumulative[this.cumulative.length - 1]!;
    const r = this.random() * total;
    const i = this.cumulative.findIndex((c) => r < c);
    return 2 + (i < 0 ? this.cumulative.length - 1 : i);
  }

  private drawOne(): Candidate | null {
    const size = this.drawSize();
    const picked: number[] = [];
    const groups = new Set<number>();
    // Rejection sampling over the pool: a bounded number of tries per place keeps it O(size).
    for (let tries = 0; picked.length < size && tries < 16 * size; tries++) {
      const id = this.ids[Math.floor(this.random() * this.ids.length)]!;
      const group = this.groupOf.get(id) ?? id;
      if (groups.has(group) || (this.uses.get(id) ?? 0) >= this.knobs.maxUsesPerInstruction)
        continue;
      picked.push(id);
      groups.add(group);
    }
    const template = Math.floor(this.random() * JOIN_TEMPLATES.length);
    if (picked.length < size) return null;
    const key = compoundHash(picked);
    if (this.seen.has(key)) return null;
    this.seen.add(key);
    return { ids: picked, template };
  }

  /** Up to `want` new candidates; fewer (or none) when the tries run out. */
  nextWave(want: number): Candidate[] {
    const wave: Candidate[] = [];
    if (this.ids.length < 2) return wave;
    while (wave.length < want && this.attempts < this.maxAttempts) {
      this.attempts++;
      const c = this.drawOne();
      if (!c) continue;
      for (const id of c.ids) this.uses.set(id, (this.uses.get(id) ?? 0) + 1);
      wave.push(c);
    }
    return wave;
  }

  /** A dropped candidate gives its uses back (its set stays seen: it is never drawn again). */
  settle(candidate: Candidate, kept: boolean): void {
    if (kept) return;
    for (const id of candidate.ids) this.uses.set(id, (this.uses.get(id) ?? 1) - 1);
  }
}

/**
 * How constraints are joined into one instruction: a deterministic template, not an LLM
 * rewrite, so every constraint keeps the exact words its verifiers were validated (and
 * back-translated) against, nothing is lost or softened in a paraphrase, and the text costs no
 * call. The order of constraints is the draw's (random by the seed), the template is drawn too.
 * Each constraint stands on its own line.
 */
export const JOIN_TEMPLATES: ReadonlyArray<{
  intro: (n: number) => string;
  marker: (i: number, n: number) => string;
}> = [
  { intro: () => "Follow all of these instructions in your answer:", marker: (i) => `${i + 1}. ` },
  { intro: (n) => `Your answer must meet these ${n} requirements:`, marker: () => "- " },
  {
    intro: () => "Answer the question, and make sure that:",
    marker: (i, n) => (i === n - 1 ? "- finally, " : "- "),
  },
  {
    intro: (n) => `Keep to ${n === 2 ? "both" : `all ${n}`} of the following constraints:`,
    marker: (i) => `${i + 1}) `,
  },
];

/** The compound's text from its constraints' texts (in order) and a template index. */
export function joinConstraints(texts: readonly string[], template: number): string {
  const t = JOIN_TEMPLATES[template % JOIN_TEMPLATES.length]!;
  const line = (text: string, i: number) => {
    const marker = t.marker(i, texts.length);
    const clean = text.trim().replace(/\s*\n\s*/g, " ");
    // "finally, your answer...": lower-case the first letter unless the word is an acronym.
    const lowered =
      marker.endsWith(", ") && /^[A-Z][a-z]/.test(clean)
        ? clean[0]!.toLowerCase() + clean.slice(1)
        : clean;
    return `${marker}${lowered}`;
  };
  return [t.intro(texts.length), ...texts.map(line)].join("\n");
}

/** The judge's verdict on a pair, or null when its answer names neither. */
export function parseConflictLabel(text: string): "compatible" | "conflict" | null {
  const labels = [
    ...text.matchAll(/label\s*[:=]\s*\**\s*(compatible|conflict|conflicting|incompatible)\b/gi),
  ].map((m) => m[1]!.toLowerCase());
  const last = labels[labels.length - 1];
  if (last === undefined) return null;
  return last === "compatible" ? "compatible" : "conflict";
}

export interface PairVerdict {
  verdict: "compatible" | "conflict" | "unknown";
  evidence: "known" | "generated" | "judge" | "none";
  witness: string | null;
  witnessSource: string | null;
  reason: string | null;
}

/** Why a compound is dropped: the first of its pairs that conflicts or is undecided, named by number. */
export function compoundDropReason(
  pairs: ReadonlyArray<{ a: number; b: number; verdict: PairVerdict }>,
  numberOf: (id: number) => number | null,
): string | null {
  const label = (id: number) => `#${numberOf(id) ?? id}`;
  const bad =
    pairs.find((p) => p.verdict.verdict === "conflict") ??
    pairs.find((p) => p.verdict.verdict === "unknown");
  if (!bad) return null;
  const what =
    bad.verdict.verdict === "conflict"
      ? `conflict (${bad.verdict.evidence === "judge" ? "judge, unverified" : bad.verdict.evidence})`
      : "could not be checked";
  return `instructions ${label(bad.a)} and ${label(bad.b)}: ${what}${bad.verdict.reason ? `: ${bad.verdict.reason}` : ""}`.slice(
    0,
    500,
  );
}

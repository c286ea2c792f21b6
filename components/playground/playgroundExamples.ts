import type { VerifierLanguage } from "@/lib/verifier/language";

/** A verifier with responses to try it on, written for the playground (not pipeline output). */
export interface PlaygroundExample {
  name: string;
  language: VerifierLanguage;
  verifier: string;
  responses: string[];
}

const allLowercase: PlaygroundExample = {
  name: "All lowercase",
  language: "javascript",
  verifier: `// Instruction: "Write your entire response in lowercase letters."
// Passes when the response has letters and none of them is uppercase.
function evaluate(response) {
  const hasLetters = /\\p{L}/u.test(response);
  return hasLetters && response === response.toLowerCase();
}
`,
  responses: [
    "the tide rises twice a day because the moon pulls the ocean toward it, and the earth turns beneath that bulge.",
    "Sure! The tide rises twice a day because of the Moon.",
    "three reasons to walk to work:\n1. it is cheap.\n2. you sleep better.\n3. no parking fees, ever.",
  ],
};

const atMost20Words: PlaygroundExample = {
  name: "At most 20 words",
  language: "javascript",
  verifier: `// Instruction: "Answer in at most 20 words."
function evaluate(response) {
  const words = response.trim().split(/\\s+/).filter((word) => word !== "");
  return words.length > 0 && words.length <= 20;
}
`,
  responses: [
    "Boil the pasta in salted water, drain it, and toss it with butter and pepper.",
    "First, bring a large pot of water to a rolling boil and salt it generously, then add the pasta and stir so it does not stick together while it cooks.",
    "Yes: about ten minutes, then drain.",
  ],
};

// The same two checks in Python, on the same responses: the verdicts agree with the JavaScript ones.
const allLowercasePython: PlaygroundExample = {
  ...allLowercase,
  language: "python",
  verifier: `# Instruction: "Write your entire response in lowercase letters."
# Passes when the response has letters and none of them is uppercase.
def evaluate(response):
    has_letters = any(ch.isalpha() for ch in response)
    return has_letters and response == response.lower()
`,
};

const atMost20WordsPython: PlaygroundExample = {
  ...atMost20Words,
  language: "python",
  verifier: `# Instruction: "Answer in at most 20 words."
def evaluate(response):
    words = response.split()
    return 0 < len(words) <= 20
`,
};

export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  allLowercase,
  atMost20Words,
  allLowercasePython,
  atMost20WordsPython,
];

/** The example the playground opens with (JavaScript). */
export const DEFAULT_EXAMPLE = allLowercase;

/** The example the playground opens with in each language. */
export function defaultExample(language: VerifierLanguage): PlaygroundExample {
  return language === "python" ? allLowercasePython : allLowercase;
}

/** The examples written in one language. */
export function examplesIn(language: VerifierLanguage): PlaygroundExample[] {
  return PLAYGROUND_EXAMPLES.filter((e) => e.language === language);
}

/** The example project a new user can create to try the studio; its data is labelled as examples. */
export const EXAMPLE_PROJECT = {
  name: "Example: format constraints",
  description:
    "Example data written for AutoIF Studio: hand-written seed instructions whose format a program can check " +
    "(length, case, JSON, keywords, structure, punctuation, start and end phrases). Not taken from any dataset.",
} as const;

type Category =
  "length" | "case" | "format" | "keywords" | "structure" | "punctuation" | "start-end";

const byCategory: Record<Category, string[]> = {
  length: [
    "Answer in fewer than 60 words.",
    "Write at least 150 words.",
    "Reply in exactly three sentences.",
    "Keep every sentence shorter than 20 words.",
    "Keep the whole reply under 400 characters.",
    "Use no word longer than ten letters.",
  ],
  case: [
    "Write the entire reply in lowercase letters.",
    "Write the entire reply in capital letters.",
    "Capitalize the first letter of every word.",
    "Put at least three words in all capital letters for emphasis.",
  ],
  format: [
    "Format the whole reply as one valid JSON object.",
    "Reply with a JSON array of strings and nothing else.",
    "Wrap the entire reply in double quotation marks.",
    "Put the entire reply inside one fenced Markdown code block.",
    "Present the answer as a Markdown table with exactly two columns.",
    "Write every line in the form key: value.",
  ],
  keywords: [
    'Use the word "because" at least twice.',
    'Mention both "river" and "lantern" somewhere in the reply.',
    'Never use the word "very".',
    "Avoid the letter z entirely.",
    "Include the number 42 written in digits.",
  ],
  structure: [
    "Split the reply into exactly four paragraphs separated by blank lines.",
    "Answer with a bulleted list of exactly five items, each starting with a hyphen.",
    "Give numbered steps, at least four of them, numbered 1., 2., 3. and so on.",
    "Open with a Markdown heading line that starts with a single #.",
    "Put each sentence on a line of its own.",
  ],
  punctuation: [
    "Do not use any commas.",
    "Use no exclamation marks at all.",
    "End every sentence with a question mark.",
    "Use at least two semicolons.",
    "Write numbers out in words; use no digits.",
  ],
  "start-end": [
    'Start the reply with the phrase "Here is what I found".',
    'Finish the reply with the exact sentence "That is all."',
    'Make the final line begin with "Note:".',
    'Make the first word of the reply either "Yes" or "No".',
    "Begin and end the reply with the same word.",
  ],
};

/** About 36 example seed instructions, each one checkable by code, tagged with its category and `example`. */
export const exampleSeeds: Array<{ text: string; tags: string[] }> = Object.entries(
  byCategory,
).flatMap(([category, texts]) =>
  texts.map((text) => ({ text, tags: [category, "example"].sort() })),
);

/**
 * The Python reward-function files written beside every RLVR export: python3 standard library
 * only, each calling the reward server (OpenRLHF's protocol) with the instruction key as label.
 *
 * - verl: `compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs)` for
 *   the default (naive) reward manager, and `compute_score_batch(data_sources, solution_strs,
 *   ground_truths, extra_infos=None, **kwargs)` for `reward_model.reward_manager=batch`;
 * - TRL GRPO: `reward_func(prompts, completions, **kwargs)`, the label from the dataset's `label`
 *   column (TRL passes every column but prompt as a keyword list), completions as strings or as
 *   conversational message lists;
 * - OpenRLHF: `reward_func(queries, prompts, labels, **kwargs)` for `--reward.remote_url file.py`,
 *   returning the server's `{rewards, scores, extra_logs}`.
 */
export type RewardFunctionTrainer = "verl" | "trl" | "openrlhf";

export const REWARD_FUNCTION_FILES: Record<RewardFunctionTrainer, string> = {
  verl: "autoif_reward_verl.py",
  trl: "autoif_reward_trl.py",
  openrlhf: "autoif_reward_openrlhf.py",
};

export interface RewardFunctionFacts {
  projectName: string;
  /** The reward server's URL baked in as the default (AUTOIF_REWARD_URL overrides it at run time). */
  rewardUrl: string;
  /** The export file these functions go with. */
  exportFile: string;
}

/** A Python string literal for any text (JSON's escapes are valid Python escapes). */
const py = (s: string) => JSON.stringify(s);

function client(facts: RewardFunctionFacts, trainer: string): string {
  return `# AutoIF Studio reward function for ${trainer}: written with the export ${facts.exportFile}
# of the project ${facts.projectName.replace(/[\r\n]+/g, " ")}. Python 3 standard library only.
#
# Every call asks the studio's reward server (OpenRLHF's remote reward protocol) to run the
# instruction's audited verifiers on the responses; the label of a row is its instruction key.
# Environment: AUTOIF_REWARD_URL (the server; default below), AUTOIF_TOKEN (sent as a Bearer
# token when the server needs one), AUTOIF_REWARD_TIMEOUT (seconds per request, default 180),
# AUTOIF_REWARD_RETRIES (attempts on a connection error or a 5xx/429, default 5).
import json
import os
import sys
import time
import urllib.error
import urllib.request

REWARD_URL = os.environ.get("AUTOIF_REWARD_URL", ${py(facts.rewardUrl)})
TIMEOUT_S = float(os.environ.get("AUTOIF_REWARD_TIMEOUT", "180"))
RETRIES = max(1, int(os.environ.get("AUTOIF_REWARD_RETRIES", "5")))
# Items per request: a trainer's batch is sent in parts this large.
BATCH = 1024


class RewardServerError(RuntimeError):
    """The reward server refused the request, or could not be reached RETRIES times."""


def _message(body):
    try:
        return json.loads(body)["error"]["message"]
    except Exception:
        return body[:500]


def _post(payload):
    data = json.dumps(payload).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    token = os.environ.get("AUTOIF_TOKEN")
    if token:
        headers["Authorization"] = "Bearer " + token
    last = None
    for attempt in range(RETRIES):
        request = urllib.request.Request(REWARD_URL, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            if error.code < 500 and error.code != 429:
                # A malformed request or a refused token: sending it again cannot help.
                raise RewardServerError("reward server at %s answered %d: %s" % (REWARD_URL, error.code, _message(body))) from None
            last = "%d: %s" % (error.code, _message(body))
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        if attempt + 1 < RETRIES:
            time.sleep(min(2 ** attempt, 10))
    raise RewardServerError("reward server at %s failed %d times: %s" % (REWARD_URL, RETRIES, last))


def autoif_rewards(queries, prompts, labels):
    """The reward server's answer for these items: {"rewards", "scores", "extra_logs", "problems"}, lists in item order."""
    queries, prompts, labels = list(queries), list(prompts), list(labels)
    if not (len(queries) == len(prompts) == len(labels)):
        raise ValueError("queries, prompts and labels differ in length: %d, %d, %d" % (len(queries), len(prompts), len(labels)))
    out = {"rewards": [], "scores": [], "extra_logs": {}, "problems": []}
    for start in range(0, len(queries), BATCH):
        end = start + BATCH
        part = _post({"query": queries[start:end], "prompts": prompts[start:end], "labels": labels[start:end]})
        out["rewards"].extend(float(r) for r in part["rewards"])
        out["scores"].extend(float(s) for s in part["scores"])
        out["problems"].extend(part.get("problems") or [None] * len(part["rewards"]))
        for key, values in (part.get("extra_logs") or {}).items():
            out["extra_logs"].setdefault(key, []).extend(values)
    if os.environ.get("AUTOIF_REWARD_VERBOSE"):
        for problem in out["problems"]:
            if problem:
                print("autoif reward: " + problem, file=sys.stderr)
    return out
`;
}

const VERL = `

def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    """verl's custom reward function (custom_reward_function.name=compute_score): the pass rate of the
    response over the instruction's verifiers. ground_truth is the instruction key the export wrote;
    solution_str is the response alone (verl decodes it without the prompt)."""
    return autoif_rewards([solution_str], [""], [ground_truth])["rewards"][0]


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos=None, **kwargs):
    """The same for verl's batch reward manager (reward_model.reward_manager=batch,
    custom_reward_function.name=compute_score_batch): one request per batch."""
    return autoif_rewards(list(solution_strs), [""] * len(solution_strs), list(ground_truths))["rewards"]
`;

const TRL = `

# The dataset column holding the instruction key (the trl-prompt export writes "label").
LABEL_COLUMN = "label"


def _completion_text(completion):
    # Conversational datasets give a list of messages (the assistant's turn); standard ones a string.
    if isinstance(completion, str):
        return completion
    return "".join(m.get("content") or "" for m in completion if isinstance(m, dict) and m.get("role", "assistant") == "assistant")


def reward_func(prompts, completions, **kwargs):
    """TRL GRPOTrainer reward function: the pass rate of each completion over its instruction's
    verifiers. TRL passes every dataset column but the prompt as a keyword list; the label comes
    from LABEL_COLUMN."""
    if LABEL_COLUMN not in kwargs:
        raise ValueError("reward_func needs the dataset column %r (the instruction keys the trl-prompt export writes); got columns %s" % (LABEL_COLUMN, sorted(k for k in kwargs if k not in ("trainer_state", "log_extra", "log_metric", "completion_ids", "environments"))))
    texts = [_completion_text(c) for c in completions]
    return autoif_rewards(texts, [""] * len(texts), list(kwargs[LABEL_COLUMN]))["rewards"]


# TRL logs each reward function under its __name__.
reward_func.__name__ = "autoif_pass_rate"
`;

const OPENRLHF = `

def reward_func(queries, prompts, labels, **kwargs):
    """OpenRLHF's file form of the remote reward (--reward.remote_url this_file.py): each query is the
    prompt followed by the response, as OpenRLHF decodes it; the server cuts the prompt off."""
    answer = autoif_rewards(queries, prompts, labels)
    return {"rewards": answer["rewards"], "scores": answer["scores"], "extra_logs": answer["extra_logs"]}
`;

/** The file's text for one trainer. */
export function rewardFunctionFile(
  trainer: RewardFunctionTrainer,
  facts: RewardFunctionFacts,
): string {
  const names = { verl: "verl", trl: "TRL (GRPOTrainer)", openrlhf: "OpenRLHF" };
  return client(facts, names[trainer]) + { verl: VERL, trl: TRL, openrlhf: OPENRLHF }[trainer];
}

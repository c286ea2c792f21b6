// Twenty verifiers of the kind AutoIF produces, each in JavaScript (run in the sandbox, and in
// V8 for the bench's comparison row) and in Python (the reference scripts' harness shape).
// Written for this bench; trusted code.

export interface BenchVerifier {
  name: string;
  js: string;
  py: string;
}

const v = (name: string, js: string, py: string): BenchVerifier => ({ name, js, py });

export const BENCH_VERIFIERS: BenchVerifier[] = [
  v(
    "at least 300 words",
    "function evaluate(response) { return response.split(/\\s+/).filter(Boolean).length >= 300; }",
    "def evaluate(response):\n    return len(response.split()) >= 300",
  ),
  v(
    "no commas",
    "function evaluate(response) { return !response.includes(','); }",
    "def evaluate(response):\n    return ',' not in response",
  ),
  v(
    "all lowercase",
    "function evaluate(response) { return response === response.toLowerCase(); }",
    "def evaluate(response):\n    return response == response.lower()",
  ),
  v(
    "ends with phrase",
    "function evaluate(response) { return response.trim().endsWith('Is there anything else I can help with?'); }",
    "def evaluate(response):\n    return response.strip().endswith('Is there anything else I can help with?')",
  ),
  v(
    "keyword at least 3 times",
    "function evaluate(response) { const m = response.toLowerCase().match(/\\bgarden\\b/g); return m !== null && m.length >= 3; }",
    "import re\ndef evaluate(response):\n    return len(re.findall(r'\\bgarden\\b', response.lower())) >= 3",
  ),
  v(
    "exactly 3 paragraphs",
    "function evaluate(response) { return response.split(/\\n\\s*\\n/).filter((p) => p.trim() !== '').length === 3; }",
    "import re\ndef evaluate(response):\n    return len([p for p in re.split(r'\\n\\s*\\n', response) if p.strip()]) == 3",
  ),
  v(
    "at least 4 bullets",
    "function evaluate(response) { return response.split('\\n').filter((l) => /^\\s*[*-] /.test(l)).length >= 4; }",
    "import re\ndef evaluate(response):\n    return len([l for l in response.split('\\n') if re.match(r'^\\s*[*-] ', l)]) >= 4",
  ),
  v(
    "valid JSON object",
    "function evaluate(response) { let s = response.trim(); if (s.startsWith('```')) s = s.replace(/^```(json)?/, '').replace(/```$/, ''); try { const v = JSON.parse(s); return typeof v === 'object' && v !== null; } catch (e) { return false; } }",
    "import json, re\ndef evaluate(response):\n    s = response.strip()\n    if s.startswith('```'):\n        s = re.sub(r'^```(json)?', '', s)\n        s = re.sub(r'```$', '', s)\n    try:\n        v = json.loads(s)\n        return isinstance(v, (dict, list))\n    except Exception:\n        return False",
  ),
  v(
    "title in double angle brackets",
    "function evaluate(response) { return /<<[^\\n]+>>/.test(response); }",
    "import re\ndef evaluate(response):\n    return re.search(r'<<[^\\n]+>>', response) is not None",
  ),
  v(
    "fewer than 20 sentences",
    "function evaluate(response) { return response.split(/[.!?]+\\s/).filter((s) => s.trim()).length < 20; }",
    "import re\ndef evaluate(response):\n    return len([s for s in re.split(r'[.!?]+\\s', response) if s.strip()]) < 20",
  ),
  v(
    "starts with 'Dear'",
    "function evaluate(response) { return /^\\s*Dear\\b/.test(response); }",
    "import re\ndef evaluate(response):\n    return re.match(r'^\\s*Dear\\b', response) is not None",
  ),
  v(
    "at least 2 placeholders",
    "function evaluate(response) { return (response.match(/\\[[^\\]]+\\]/g) || []).length >= 2; }",
    "import re\ndef evaluate(response):\n    return len(re.findall(r'\\[[^\\]]+\\]', response)) >= 2",
  ),
  v(
    "at least 2 highlighted sections",
    "function evaluate(response) { return (response.match(/\\*[^\\n*]+\\*/g) || []).length >= 2; }",
    "import re\ndef evaluate(response):\n    return len(re.findall(r'\\*[^\\n*]+\\*', response)) >= 2",
  ),
  v(
    "letter q at most 5 times",
    "function evaluate(response) { let n = 0; for (const c of response) if (c === 'q' || c === 'Q') n++; return n <= 5; }",
    "def evaluate(response):\n    return sum(1 for c in response if c in 'qQ') <= 5",
  ),
  v(
    "no word longer than 12 letters",
    "function evaluate(response) { return response.split(/[^A-Za-z]+/).every((w) => w.length <= 12); }",
    "import re\ndef evaluate(response):\n    return all(len(w) <= 12 for w in re.split(r'[^A-Za-z]+', response))",
  ),
  v(
    "no word repeated 10+ times",
    "function evaluate(response) { const counts = new Map(); for (const w of response.toLowerCase().match(/[a-z']+/g) || []) { const n = (counts.get(w) || 0) + 1; if (n >= 10 && w.length > 3) return false; counts.set(w, n); } return true; }",
    'import re\ndef evaluate(response):\n    counts = {}\n    for w in re.findall(r"[a-z\']+", response.lower()):\n        n = counts.get(w, 0) + 1\n        if n >= 10 and len(w) > 3:\n            return False\n        counts[w] = n\n    return True',
  ),
  v(
    "wrapped in double quotes",
    "function evaluate(response) { const s = response.trim(); return s.length > 1 && s[0] === '\"' && s[s.length - 1] === '\"'; }",
    "def evaluate(response):\n    s = response.strip()\n    return len(s) > 1 and s[0] == '\"' and s[-1] == '\"'",
  ),
  v(
    "has a P.S.",
    "function evaluate(response) { return /\\n\\s*P\\.S\\./.test(response); }",
    "import re\ndef evaluate(response):\n    return re.search(r'\\n\\s*P\\.S\\.', response) is not None",
  ),
  v(
    "at most 8 all-caps words",
    "function evaluate(response) { return (response.match(/\\b[A-Z]{2,}\\b/g) || []).length <= 8; }",
    "import re\ndef evaluate(response):\n    return len(re.findall(r'\\b[A-Z]{2,}\\b', response)) <= 8",
  ),
  v(
    "between 500 and 2000 characters",
    "function evaluate(response) { const n = response.length; return n >= 500 && n <= 2000; }",
    "def evaluate(response):\n    n = len(response)\n    return 500 <= n <= 2000",
  ),
];

import { z } from "zod";

// Zod 4 probes for eval with `Function("")` to compile fast parsers. Under the studio's CSP
// (no 'unsafe-eval') the probe is blocked and reported as a violation; jitless parsing is fast
// enough for forms. Imported for its effect by the client root.
z.config({ jitless: true });

"use client";

import { useState } from "react";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import type { VerifierLanguage } from "@/lib/verifier/language";
import { examplesIn, type PlaygroundExample } from "./playgroundExamples";

/** Buttons that load an example verifier (in the chosen language) and its responses; asks first when that would replace edits. */
export function ExamplePicker(props: {
  language: VerifierLanguage;
  edited: boolean;
  onLoad: (example: PlaygroundExample) => void;
}) {
  const [asking, setAsking] = useState<PlaygroundExample | null>(null);
  return (
    <>
      <span className="hint">Examples:</span>
      {examplesIn(props.language).map((example) => (
        <button
          key={example.name}
          type="button"
          className="small"
          onClick={() => (props.edited ? setAsking(example) : props.onLoad(example))}
        >
          {example.name}
        </button>
      ))}
      <ConfirmDialog
        open={asking !== null}
        onOpenChange={(open) => (open ? undefined : setAsking(null))}
        title="Replace your verifier and responses?"
        confirmLabel="Replace with example"
        onConfirm={() => {
          if (asking) props.onLoad(asking);
          setAsking(null);
        }}
      >
        <p>
          The verifier code and the responses you edited are replaced by the example &quot;
          {asking?.name}&quot;. The playground saves nothing, so your edits are gone.
        </p>
      </ConfirmDialog>
    </>
  );
}

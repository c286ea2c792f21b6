// Web Worker entry for Monaco's editor worker, bundled from the monaco-editor package.
import "monaco-editor/editor/editor.worker";

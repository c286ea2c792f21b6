import releaseSyncVariant from "@jitl/quickjs-wasmfile-release-sync";
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSWASMModule,
} from "quickjs-emscripten-core";

const WASM_PAGE_BYTES = 65_536;
// Emscripten's own default initial size for this build (16 MiB).
const INITIAL_PAGES = 256;

/** Where the compiled QuickJS wasm comes from; the host compiles it once and reuses it. */
export type WasmModuleSource = WebAssembly.Module | (() => Promise<WebAssembly.Module>);

/** A QuickJS instance together with the memory it was given, so the host can watch its growth. */
export interface QuickJSInstance {
  quickjs: QuickJSWASMModule;
  memory: WebAssembly.Memory;
}

/** Default cap of the wasm memory of one instance, in bytes. */
export const DEFAULT_WASM_MEMORY_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Instantiates Bellard's QuickJS (release-sync variant) from an already compiled module, with a
 * wasm memory capped at `maxBytes`. The cap is what bounds many large strings: QuickJS's own
 * memory limit does not. Instantiation from a compiled module takes about 2 ms, so an instance
 * that hit a limit is thrown away and rebuilt rather than reused.
 */
export async function instantiateQuickJS(
  wasmModule: WasmModuleSource,
  maxBytes: number = DEFAULT_WASM_MEMORY_MAX_BYTES,
): Promise<QuickJSInstance> {
  const maximum = Math.max(INITIAL_PAGES, Math.ceil(maxBytes / WASM_PAGE_BYTES));
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum });
  const variant = newVariant(releaseSyncVariant, { wasmModule, wasmMemory: memory });
  const quickjs = await newQuickJSWASMModuleFromVariant(variant);
  return { quickjs, memory };
}

// Loads @prisma/schema-engine-wasm.
//
// The package's entry point imports the .wasm file as an ES module, which
// Node prints an ExperimentalWarning for on stderr. The Prisma CLI reads the
// engine's stderr as JSON log lines, so instantiate the module by hand instead.
import fs from "node:fs";
import { fileURLToPath } from "node:url";

let loaded;

/** The last panic message reported by the wasm module (if any). */
export const panics = { last: null };

export async function loadSchemaEngineWasm() {
  if (loaded) return loaded;
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      panics.last = message;
    },
  };
  const bindingsUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bindings = await import(bindingsUrl);
  const wasmPath = fileURLToPath(bindingsUrl).replace(/\.js$/, ".wasm");
  const module = new WebAssembly.Module(fs.readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  loaded = { SchemaEngine: bindings.SchemaEngine, version: bindings.version };
  return loaded;
}

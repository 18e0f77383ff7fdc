import { defineConfig } from "vite";

export default defineConfig({
  // The wasm glue finds its .wasm with `new URL(..., import.meta.url)`: keep the package out of
  // the dev-server pre-bundling (the README says the same).
  optimizeDeps: { exclude: ["identity-kit"] },
  build: { target: "es2022" },
  logLevel: "warn",
});

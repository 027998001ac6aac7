/**
 * Types for hash-wasm's BLAKE3-only build. Importing it instead of the package root keeps the
 * bundle ~200 KB smaller: the root pulls every algorithm hash-wasm has into dist/.
 * The file is a UMD module, so Node sees a default export only.
 */
declare module 'hash-wasm/dist/blake3.umd.min.js' {
  import type { blake3, createBLAKE3 } from 'hash-wasm'
  const blake3Build: { blake3: typeof blake3; createBLAKE3: typeof createBLAKE3 }
  export default blake3Build
}

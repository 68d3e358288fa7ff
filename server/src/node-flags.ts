/**
 * The Node flags the editor starts the language server with: `node <flags> dist/server.js`.
 *
 * V8 sizes its young generation when the process starts, so the server cannot set this itself (the
 * flags it can set late are in node-start.ts). An editor's server keeps every open file's findings
 * for hours and allocates little per keystroke, so V8's default of two 16 MB halves would hold about
 * 25 MB of memory that collections no longer need once the young objects die young; two 4 MB halves
 * keep each keystroke as fast (see the benchmark's figures in the README).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

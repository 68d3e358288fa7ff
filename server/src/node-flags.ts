/**
 * The Node flags the editor starts the language server with: `node <flags> dist/server.js`.
 *
 * V8 sizes its young generation when the process starts, so the server cannot set this itself (the
 * flags it can set late are in node-start.ts). An editor's server keeps every open file's findings
 * for hours and allocates little per keystroke, so V8's default of two 16 MB halves holds about 20 MB
 * that its short-lived objects never need. Two 8 MB halves keep each keystroke and the start as fast
 * (two 4 MB halves save a few MB more but cost the start about 25 ms: it allocates much that lives).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];

// A node:test reporter that prints one closing line, "N passed, N failed, N skipped", after the spec output.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    // Count leaf tests only: a test with subtests reports its own result too.
    if (event.data.details?.type === 'suite') continue;
    if (event.type === 'test:fail') failed++;
    else if (event.data.skip || event.data.todo) skipped++;
    else passed++;
  }
  yield `${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __cairnInfra?: { stop(): Promise<void> } };
  await g.__cairnInfra?.stop();
  g.__cairnInfra = undefined;
}

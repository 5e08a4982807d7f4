export default async function globalTeardown() {
  for (const service of (globalThis.__briefroomServices ?? []).reverse()) await service.stop();
}

import type { BackboneInfo, DatasetInfo } from '../../src-shared/api/models';

/**
 * The engine's catalog, imported on first use: listing backbones builds the small models once to count their
 * parameters and their exit candidates' FLOPs, which needs tfjs — no reason to pay for that before the UI asks.
 */
export async function loadCatalog(): Promise<{ backbones: BackboneInfo[]; datasets: DatasetInfo[] }> {
  const [{ backboneSpec, listBackbones, listDatasets }, { listExitCandidates }] = await Promise.all([
    import('../engine/backbones/catalog'),
    import('../engine/backbones/exit-points'),
  ]);
  const backbones = await Promise.all(listBackbones().map(async (b) => ({ ...b, exitCandidates: await listExitCandidates(backboneSpec(b.name)) })));
  return { backbones, datasets: listDatasets() };
}

import type { BackboneInfo, DatasetInfo } from '../api/models';

/**
 * The engine's catalog, imported on first use: listing backbones builds each model once to count its parameters,
 * which needs tfjs — no reason to pay for that before the UI asks.
 */
export async function loadCatalog(): Promise<{ backbones: BackboneInfo[]; datasets: DatasetInfo[] }> {
  const { listBackbones, listDatasets } = await import('../engine/backbones/catalog');
  return { backbones: listBackbones(), datasets: listDatasets() };
}

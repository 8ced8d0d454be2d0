import { backboneSpec, type BackboneSpec } from '../backbones/catalog';
import type { SweepConfig } from '../config';
import type { SweepEvent } from '../sweep-types';

/** What every phase of a sweep reads: the config, the backbone's spec, where events go and where timings land. */
export interface SweepContext {
  config: SweepConfig;
  spec: BackboneSpec;
  /** Images per forward pass of the backbone (smaller for ImageNet-size inputs). */
  batchSize: number;
  /** Where trained backbones and feature stores are kept. */
  cacheDir: string;
  emit: (event: SweepEvent) => void;
  signal?: AbortSignal;
  /** Seconds per phase, as the run records them; each phase writes its own. */
  timings: Record<string, number>;
  /** See SweepOptions.until. */
  until?: 'gates';
  /** See SweepOptions.timeRuntime (default true). */
  timeRuntime?: boolean;
}

/** The config's backbone; one without exit presets needs its exits named in the config. */
export function sweepSpec(config: SweepConfig): BackboneSpec {
  const spec = backboneSpec(config.backbone);
  if (!config.exits.length && !spec.exits.length) throw new Error(`${spec.name} has no exit presets: choose its exit layers by name (--exits).`);
  return spec;
}

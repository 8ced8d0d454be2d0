/** One split of an image dataset held in memory: uint8 pixels, NHWC, row-major. */
export interface ImageSet {
  /** Every sample's pixels, count × H × W × C; empty for a set that streams from disk (see `read`). */
  images: Uint8Array;
  labels: Int32Array;
  count: number;
  /** [H, W, C] of one sample, where the loader knows it (needed when the backbone resizes its input). */
  shape?: [number, number, number];
  /**
   * Present on sets too large to hold decoded (ImageNet-size image folders): decodes the chosen samples, in order,
   * as one row-major uint8 array of `shape`. Read it through `data/batches.ts`, which serves both kinds of set.
   */
  read?: (idx: Int32Array) => Promise<Uint8Array>;
}

/** A dataset as the engine sees it: an official train set, and a test set where the dataset has one. */
export interface ImageDataset {
  /** The spec it was loaded from, e.g. `mnist` or `fashion-mnist:/data/fmnist`. */
  spec: string;
  name: string;
  classNames: string[];
  height: number;
  width: number;
  channels: number;
  train: ImageSet;
  /** Absent for datasets without an official test split: the 80/20 split then carves one. */
  test?: ImageSet;
  /** For subsets of ImageNet (Imagenette): each class's ImageNet-1k index, so a 1000-way classifier can be scored. */
  imagenetIndex?: number[];
}

/** Indices into the dataset's sets after the seeded split. */
export interface DataSplit {
  /** Indices into `dataset.train` used for training heads (and the backbone). */
  train: Int32Array;
  /** Indices into `dataset.train` held out for gate fitting and threshold choice. */
  val: Int32Array;
  /** Indices into `dataset.test` (or into `dataset.train` when the dataset has no test set). */
  test: Int32Array;
  /** Which set `test` indexes. */
  testFrom: 'test' | 'train';
}

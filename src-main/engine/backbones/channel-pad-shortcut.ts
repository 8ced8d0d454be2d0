import * as tf from '@tensorflow/tfjs';

interface ChannelPadConfig extends tf.serialization.ConfigDict {
  /** Zero channels added on each side. */
  pad: number;
}

/**
 * The "option A" shortcut of the CIFAR ResNets: keep every second row and column (`x[:, :, ::2, ::2]`) and pad
 * the channels with zeros on both sides, so a stage can double its width without parameters. Serialisable, so
 * trained CIFAR ResNets save and load as ordinary tfjs LayersModels.
 */
export class ChannelPadShortcut extends tf.layers.Layer {
  static className = 'LeenetChannelPadShortcut';
  readonly pad: number;

  constructor(config: { pad: number; name?: string }) {
    super({ name: config.name });
    this.pad = config.pad;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const half = (d: number | null) => (d === null ? null : Math.ceil(d / 2));
    return [s[0], half(s[1]), half(s[2]), s[3] === null ? null : s[3] + 2 * this.pad];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      let x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [, h, w, c] = x.shape;
      if (h % 2 || w % 2) x = tf.pad(x, [[0, 0], [0, h % 2], [0, w % 2], [0, 0]]);
      const h2 = Math.ceil(h / 2);
      const w2 = Math.ceil(w / 2);
      // [B, H, W, C] viewed as [B, H/2, 2, W/2, 2C]: row parity on axis 2, column parity in the first C of axis 4.
      const even = x
        .reshape([-1, h2, 2, w2, 2 * c])
        .slice([0, 0, 0, 0, 0], [-1, h2, 1, w2, c])
        .reshape([-1, h2, w2, c]);
      return tf.pad(even, [[0, 0], [0, 0], [0, 0], [this.pad, this.pad]]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: ChannelPadConfig = { pad: this.pad };
    return { ...super.getConfig(), ...config };
  }
}

tf.serialization.registerClass(ChannelPadShortcut);

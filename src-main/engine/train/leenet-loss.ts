import * as tf from '@tensorflow/tfjs';

/**
 * Probability of leaving at each exit: p_i = g_i · Π_{j<i}(1 - g_j) for the gated exits, and Π_j(1 - g_j) for the
 * last exit (the backbone's own classifier, which every remaining sample takes).
 * @param gates [n, K-1] gate probabilities g_i of the K-1 early exits.
 * @returns [n, K]
 */
export function exitProbabilities(gates: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const k = gates.shape[1];
    // Slices, not tf.split: split's gradient fails with a single early exit ("Pass at least one tensor to concat").
    const columns = Array.from({ length: k }, (_, i) => gates.slice([0, i], [-1, 1]));
    let survive: tf.Tensor = tf.ones([gates.shape[0], 1]);
    const probs: tf.Tensor[] = [];
    for (const g of columns) {
      probs.push(g.mul(survive));
      survive = survive.mul(tf.scalar(1).sub(g));
    }
    probs.push(survive);
    return tf.concat(probs, 1) as tf.Tensor2D;
  });
}

/**
 * The LEENet loss (ARCHITECTURE.md):
 *   (1-α)/n · Σ_x Σ_i CE(y, ŷ_i) · p_i  +  α/n · Σ_x Σ_i cost_i · p_i
 * with p_i from `exitProbabilities`, so both terms are expectations over the exit a sample takes; the last exit's
 * term carries Π_j(1 - g_j).
 * @param gates [n, K-1] gate probabilities.
 * @param ce [n, K] cross-entropy of each exit's prediction (constants: heads are frozen in this phase).
 * @param costs [K] normalised exit costs (first exit 0, last 1).
 */
export function leenetLoss(gates: tf.Tensor2D, ce: tf.Tensor2D, costs: tf.Tensor1D, alpha: number): tf.Scalar {
  return tf.tidy(() => {
    const { ce: accuracyTerm, cost: costTerm } = leenetLossParts(gates, ce, costs);
    return accuracyTerm.mul(1 - alpha).add(costTerm.mul(alpha)) as tf.Scalar;
  });
}

/**
 * The loss's two expectations apart: the cross-entropy of the exit a sample takes, and its normalised cost. Unlike
 * the loss, they compare across α: the loss curves plot them.
 */
export function leenetLossParts(gates: tf.Tensor2D, ce: tf.Tensor2D, costs: tf.Tensor1D): { ce: tf.Scalar; cost: tf.Scalar } {
  const p = exitProbabilities(gates);
  const parts = { ce: p.mul(ce).sum(1).mean() as tf.Scalar, cost: p.mul(costs).sum(1).mean() as tf.Scalar };
  p.dispose();
  return parts;
}

/** Rounded to 4 decimals: what run records keep of probabilities, costs and thresholds. */
export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

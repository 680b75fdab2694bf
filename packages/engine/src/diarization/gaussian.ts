/**
 * Full-covariance Gaussians over feature frames: the speaker model of the clustering and the
 * re-segmentation.
 */
export interface Gaussian {
  dims: number;
  mean: Float64Array;
  /** Lower Cholesky factor of the covariance, row-major. */
  chol: Float64Array;
  logDet: number;
  count: number;
}

/** Variance added to the diagonal: keeps a model of a few frames invertible. */
const FLOOR = 1e-3;

/** Cholesky factor of a symmetric positive-definite matrix (row-major), or undefined. */
function cholesky(matrix: Float64Array, dims: number): Float64Array | undefined {
  const l = new Float64Array(dims * dims);
  for (let i = 0; i < dims; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * dims + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * dims + k] as number) * (l[j * dims + k] as number);
      if (i === j) {
        if (sum <= 0) return undefined;
        l[i * dims + i] = Math.sqrt(sum);
      } else {
        l[i * dims + j] = sum / (l[j * dims + j] as number);
      }
    }
  }
  return l;
}

/** Fits a Gaussian to the frames `rows` of `data` (dims values per frame). */
export function fitGaussian(data: Float64Array, dims: number, rows: ArrayLike<number>): Gaussian {
  const n = rows.length;
  const mean = new Float64Array(dims);
  for (let r = 0; r < n; r++) {
    const base = (rows[r] as number) * dims;
    for (let d = 0; d < dims; d++) mean[d] = (mean[d] as number) + (data[base + d] as number);
  }
  for (let d = 0; d < dims; d++) mean[d] = (mean[d] as number) / Math.max(1, n);
  const cov = new Float64Array(dims * dims);
  const centred = new Float64Array(dims);
  for (let r = 0; r < n; r++) {
    const base = (rows[r] as number) * dims;
    for (let d = 0; d < dims; d++) centred[d] = (data[base + d] as number) - (mean[d] as number);
    for (let i = 0; i < dims; i++) {
      const ci = centred[i] as number;
      for (let j = 0; j <= i; j++)
        cov[i * dims + j] = (cov[i * dims + j] as number) + ci * (centred[j] as number);
    }
  }
  for (let i = 0; i < dims; i++) {
    for (let j = 0; j <= i; j++) {
      const value = (cov[i * dims + j] as number) / Math.max(1, n) + (i === j ? FLOOR : 0);
      cov[i * dims + j] = value;
      cov[j * dims + i] = value;
    }
  }
  let chol = cholesky(cov, dims);
  // Degenerate data (silence, a pure tone): fall back to the diagonal.
  if (chol === undefined) {
    const diagonal = new Float64Array(dims * dims);
    for (let i = 0; i < dims; i++) diagonal[i * dims + i] = Math.max(FLOOR, cov[i * dims + i] as number);
    chol = cholesky(diagonal, dims) as Float64Array;
  }
  let logDet = 0;
  for (let i = 0; i < dims; i++) logDet += 2 * Math.log(chol[i * dims + i] as number);
  return { dims, mean, chol, logDet, count: n };
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Log-density of frame `row` of `data` under `g`. `scratch` has `dims` entries. */
export function logDensity(g: Gaussian, data: Float64Array, row: number, scratch: Float64Array): number {
  const { dims, chol, mean } = g;
  const base = row * dims;
  // Solve L z = x - mean; the Mahalanobis distance is |z|^2.
  let mahalanobis = 0;
  for (let i = 0; i < dims; i++) {
    let sum = (data[base + i] as number) - (mean[i] as number);
    for (let k = 0; k < i; k++) sum -= (chol[i * dims + k] as number) * (scratch[k] as number);
    const z = sum / (chol[i * dims + i] as number);
    scratch[i] = z;
    mahalanobis += z * z;
  }
  return -0.5 * (dims * LOG_2PI + g.logDet + mahalanobis);
}

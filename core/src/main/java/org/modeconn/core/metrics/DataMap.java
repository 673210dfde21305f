package org.modeconn.core.metrics;

/**
 * Training dynamics of a set of examples ("data cartography", Swayamdipta et al., EMNLP 2020, §2): the model's
 * probability of each example's gold label, recorded at k moments of training, summarised per example as
 * <b>confidence</b> = the mean of those k probabilities, <b>variability</b> = their standard deviation (population
 * form, dividing by k, as the paper's definition and numpy's default), and <b>correctness</b> = the fraction of the
 * k moments at which the model's prediction was the gold label.
 *
 * @param confidence  [n], in [0, 1]
 * @param variability [n], in [0, 0.5]
 * @param correctness [n], in [0, 1]
 * @param moments     k, the number of recorded moments
 */
public record DataMap(double[] confidence, double[] variability, double[] correctness, int moments) {

    /**
     * Summarises the recorded dynamics.
     *
     * @param goldProbability [k][n]: at moment j, the probability of example i's gold label
     * @param correct         [k][n]: at moment j, whether example i was predicted right
     * @throws IllegalArgumentException if there is no moment, the shapes differ, or a probability is outside [0, 1]
     */
    public static DataMap of(float[][] goldProbability, boolean[][] correct) {
        int k = goldProbability.length;
        if (k == 0 || correct.length != k) {
            throw new IllegalArgumentException("need the same k ≥ 1 moments of probabilities and correctness, got "
                    + k + " and " + correct.length);
        }
        int n = goldProbability[0].length;
        double[] mean = new double[n];
        double[] sd = new double[n];
        double[] right = new double[n];
        for (int j = 0; j < k; j++) {
            if (goldProbability[j].length != n || correct[j].length != n) {
                throw new IllegalArgumentException("moment " + j + " has " + goldProbability[j].length + " probabilities and "
                        + correct[j].length + " flags, moment 0 has " + n);
            }
            for (int i = 0; i < n; i++) {
                float p = goldProbability[j][i];
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("moment " + j + ", example " + i + ": probability " + p + " is outside [0, 1]");
                }
                mean[i] += p;
                right[i] += correct[j][i] ? 1 : 0;
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= k;
            right[i] /= k;
        }
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                double d = goldProbability[j][i] - mean[i];
                sd[i] += d * d;
            }
        }
        for (int i = 0; i < n; i++) {
            sd[i] = Math.sqrt(sd[i] / k);
        }
        return new DataMap(mean, sd, right, k);
    }

    /** The number of examples n. */
    public int size() {
        return confidence.length;
    }
}

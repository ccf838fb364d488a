package dev.corvid.cli;

import java.util.Arrays;

/**
 * An engine's speed on one test: the mean and sample standard deviation of its tokens per second
 * over the repetitions, as llama-bench reports them.
 */
record Throughput(String engine, String test, double tokensPerSecond, double stddev) {

    static Throughput of(String engine, String test, double[] tokensPerSecond) {
        double mean = Arrays.stream(tokensPerSecond).average().orElseThrow();
        double squares = Arrays.stream(tokensPerSecond).map(x -> (x - mean) * (x - mean)).sum();
        double stddev = tokensPerSecond.length > 1 ? Math.sqrt(squares / (tokensPerSecond.length - 1)) : 0;
        return new Throughput(engine, test, mean, stddev);
    }
}

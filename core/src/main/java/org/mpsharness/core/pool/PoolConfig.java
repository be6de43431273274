package org.mpsharness.core.pool;

/**
 * Backpressure settings of a stream pool.
 *
 * @param acquireTimeoutMillis how long acquireSlot waits for a worker slot when all 31 are taken
 * @param onExhausted          what happens after that wait: a clear error, or the default stream (slot 0)
 */
public record PoolConfig(long acquireTimeoutMillis, Exhausted onExhausted) {

    public enum Exhausted { ERROR, DEFAULT_STREAM }

    public PoolConfig {
        if (acquireTimeoutMillis < 0) {
            throw new IllegalArgumentException("acquire timeout must be >= 0 ms: " + acquireTimeoutMillis);
        }
    }

    public static PoolConfig defaults() {
        return new PoolConfig(5_000, Exhausted.ERROR);
    }
}

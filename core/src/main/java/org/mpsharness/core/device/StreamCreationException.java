package org.mpsharness.core.device;

/**
 * The device could not create a command queue (stream). Once-per-slot creation must leave the slot retryable when
 * this is thrown, and nothing may leak.
 */
public final class StreamCreationException extends DeviceException {
    public StreamCreationException(String message) {
        super(message);
    }
}

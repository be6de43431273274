package org.mpsharness.core.device;

/** A device call failed; the message names the call and the backend's error (e.g. {@code CUDA_ERROR_INVALID_VALUE}). */
public class DeviceException extends RuntimeException {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}

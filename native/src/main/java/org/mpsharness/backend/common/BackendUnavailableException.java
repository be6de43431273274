package org.mpsharness.backend.common;

import org.mpsharness.core.device.DeviceException;

/**
 * A backend cannot run on this machine (no driver library, no GPU, not macOS). The message is one line that says
 * which backend and why, e.g. {@code cuda backend unavailable: libcuda.so not found (no NVIDIA driver on this
 * machine)}, so that tools can print it as it is and tests can skip with it.
 */
public final class BackendUnavailableException extends DeviceException {
    public BackendUnavailableException(String message) {
        super(oneLine(message));
    }

    /** Keeps the first line only (driver and loader messages can span several). */
    public static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
